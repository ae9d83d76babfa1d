#!/usr/bin/env python3
"""Interpreter against compiled code (quant-run --run, targets generic and
host) on torchvision's resnet18 and mobilenet_v2 (1x3x224x224, random
weights from a fixed seed: no download), FP32 and static INT8, plus
calibration of 64 images interpreted against compiled, all in one run.

    /usr/bin/python3 benchmarks/compiled_vs_interpreter.py [--build build]
        [--repeats 5] [--models resnet18,mobilenet_v2] [--calib 64]
        [--threads 2]

For each model: export to ONNX, `quant-translate --import-onnx`, time
`quant-run --interpret|--run --time` on the FP32 model; fold batch norm,
fuse activations, insert observers and time `quant-run --calibrate` and
`quant-run --calibrate --compiled` on the same images (wall clock of the
whole command, compile included, and the median per image that `quant-run
--time` reports, parse and compile excluded), checking that both calibrated
modules are byte-identical; quantize (`qnn-quantize-static`) and time the
INT8 model the same three ways, checking that compiled INT8 outputs equal
the interpreter's bit for bit. The host build runs once more on `--threads`
pool threads (outputs checked equal to one thread's). Prints a Markdown
table (median ms per image; compile time of the JIT in parentheses) for
docs/Performance.md.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np


def run(cmd, stderr=False):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr}")
    return (proc.stdout, proc.stderr) if stderr else proc.stdout


def timed(bindir, mode, mlir, x, out, repeats, target=None, threads=None):
    cmd = [os.path.join(bindir, "quant-run"), mode, mlir, "--input", x,
           "--output", out, "--time", "--repeats", repeats]
    if target:
        cmd += ["--target", target]
    if threads:
        cmd += ["--threads", threads]
    text = run(cmd)
    median = float(re.search(r"median ([0-9.]+) ms", text).group(1))
    compile_ms = re.search(r"compile: ([0-9.]+) ms", text)
    return median, float(compile_ms.group(1)) if compile_ms else None


def export(name, path, seed):
    import torch
    import torchvision

    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)().eval()
    # Random batch-norm statistics, so that folding them is not a no-op.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(model, x, path, input_names=["x"],
                      output_names=["logits"], opset_version=13)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--repeats", default="5")
    parser.add_argument("--models", default="resnet18,mobilenet_v2")
    parser.add_argument("--calib", type=int, default=64)
    parser.add_argument("--threads", default="2",
                        help="thread count of the extra host column")
    args = parser.parse_args()
    bindir = os.path.abspath(os.path.join(args.build, "bin"))
    opt = os.path.join(bindir, "quant-opt")
    rng = np.random.default_rng(0)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        x = os.path.join(tmp, "x.npy")
        np.save(x, rng.standard_normal((1, 3, 224, 224)).astype(np.float32))
        calib = os.path.join(tmp, "calib.npy")
        np.save(calib, rng.standard_normal(
            (args.calib, 1, 3, 224, 224)).astype(np.float32))
        for name in args.models.split(","):
            onnx_path = os.path.join(tmp, f"{name}.onnx")
            export(name, onnx_path, seed=0)
            fp32 = os.path.join(tmp, f"{name}.mlir")
            run([os.path.join(bindir, "quant-translate"), "--import-onnx",
                 onnx_path, "-o", fp32])
            observed = os.path.join(tmp, f"{name}.observed.mlir")
            run([opt, fp32, "--qnn-fold-batchnorm", "--qnn-fuse-activations",
                 "--qnn-insert-observers", "-o", observed])
            calibrated = {}
            calib_s = {}
            # quant-run --time: the median time of one sample (its run and
            # statistics; not parsing, compiling or reading the data).
            sample_ms = {}
            compile_s = None
            for how, extra in (("interpreter", []), ("compiled", ["--compiled"])):
                path = os.path.join(tmp, f"{name}.{how}.calibrated.mlir")
                start = time.monotonic()
                _, err = run([os.path.join(bindir, "quant-run"), "--calibrate",
                              observed, "--data", calib, "-o", path, "--time"]
                             + extra, stderr=True)
                calib_s[how] = time.monotonic() - start
                sample_ms[how] = float(re.search(
                    r"calibration: median ([0-9.]+) ms per sample", err).group(1))
                compile_ms = re.search(r"compile: ([0-9.]+) ms", err)
                if compile_ms:
                    compile_s = float(compile_ms.group(1)) / 1000
                with open(path, "rb") as f:
                    calibrated[how] = f.read()
            if calibrated["interpreter"] != calibrated["compiled"]:
                sys.exit(f"{name}: compiled calibration differs from the "
                         "interpreter's")
            int8 = os.path.join(tmp, f"{name}.int8.mlir")
            run([opt, os.path.join(tmp, f"{name}.interpreter.calibrated.mlir"),
                 "--qnn-quantize-static=method=minmax", "-o", int8])
            for precision, mlir in (("FP32", fp32), ("INT8", int8)):
                ref = os.path.join(tmp, "ref.npy")
                interp, _ = timed(bindir, "--interpret", mlir, x, ref,
                                  args.repeats)
                cells = [f"{interp:.1f}"]
                for target in ("generic", "host"):
                    out = os.path.join(tmp, f"{target}.npy")
                    median, compile_ms = timed(bindir, "--run", mlir, x, out,
                                               args.repeats, target)
                    a, b = np.load(ref), np.load(out)
                    if precision == "INT8" and a.tobytes() != b.tobytes():
                        sys.exit(f"{name} INT8 {target}: outputs differ from "
                                 "the interpreter's")
                    err = float(np.max(np.abs(a - b)) /
                                max(float(np.max(np.abs(a))), 1e-30))
                    cells.append(f"{median:.1f} ({compile_ms / 1000:.1f} s)"
                                 + ("" if precision == "INT8"
                                    else f", rel. err {err:.1g}"))
                    cells.append(f"{interp / median:.1f}x")
                # host again on the runtime's pool: same bytes, any count.
                one = np.load(out)
                threaded, _ = timed(bindir, "--run", mlir, x, out,
                                    args.repeats, "host", args.threads)
                if np.load(out).tobytes() != one.tobytes():
                    sys.exit(f"{name} {precision} host: {args.threads} threads "
                             "give other outputs than 1")
                cells.append(f"{threaded:.1f} ({median / threaded:.1f}x)")
                rows.append(f"| {name} | {precision} | " + " | ".join(cells) + " |")
            rows.append(
                f"| {name} | calibration, {args.calib} images | "
                f"{calib_s['interpreter']:.1f} s ({sample_ms['interpreter']:.1f}"
                f" ms/image) | {calib_s['compiled']:.1f} s (compile "
                f"{compile_s:.1f} s included; {sample_ms['compiled']:.1f} "
                f"ms/image) | {calib_s['interpreter'] / calib_s['compiled']:.1f}x"
                f" (per image {sample_ms['interpreter'] / sample_ms['compiled']:.1f}x)"
                " | | | |")
    print("| model | precision | interpreter ms | generic ms (compile) | "
          "speed-up | host ms (compile) | speed-up | "
          f"host, {args.threads} threads ms (vs 1) |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
