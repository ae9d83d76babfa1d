#!/usr/bin/env python3
"""Whole models, batch 1, one thread: ours (INT8 and FP32) against ONNX
Runtime and PyTorch, in one run.

    /usr/bin/python3 benchmarks/models.py [--build build] [--repeats 100]
        [--models resnet18,mobilenet_v2] [--no-profile] [--check]
    /usr/bin/python3 benchmarks/models.py --all [--build build] [--check]
    /usr/bin/python3 benchmarks/models.py --smoke [--all] (the test's mode)

Default mode, for torchvision's resnet18 and mobilenet_v2 (1x3x224x224,
random weights from a fixed seed, batch-norm statistics settled on random
data) and seven engines:

* ours INT8 (a): the float ONNX model imported, batch norm folded,
  activations fused, calibrated by `quant-run --calibrate --compiled` on 16
  random images, `qnn-quantize-static` (min/max);
* ours INT8 (b): the Q/DQ ONNX file PyTorch's eager quantization writes
  (`onednn` qconfig: u8 activations, s8 symmetric per-channel weights),
  imported and `qnn-quantize-pipeline{scheme=static}` (the file's scales);
* ours FP32: the float model, batch norm folded and activations fused;
* ONNX Runtime INT8 (that same Q/DQ file) and FP32 (the float file), from
  npm (onnxruntime-node 1.30.0, installed by this script into
  BUILD/node), `graphOptimizationLevel: 'all'`, one intra- and one
  inter-op thread, sequential (benchmarks/ort_bench.js);
* PyTorch INT8 (the eager-quantized model, `onednn` engine) and FP32, with
  torch.set_num_threads(1), in this process.

Ours are compiled by `quant-compile --target host` to a model .so and timed
through its C ABI by benchmarks/time_model.c (dlopen, `qnn_model_create`
with one thread, `clock_gettime` around `qnn_model_run` calls and nothing
else). That is less overhead than the alternatives: the Python bindings
cannot load a .so, ctypes adds about a microsecond a call (the digits
models run in one to thirty), and `quant-run --time` prints whole
microseconds. A model faster than 0.5 ms is timed in batches of
back-to-back runs (time_model.c says how).

Every engine runs --repeats (>= 50) timed runs on the same input, in
--rounds turns taken by all engines one after the other (a shared machine's
load then falls on all alike), each turn after --warmup untimed runs; its
latency is the median of its round medians. Also printed: the model files'
sizes, how far each engine's logits are from its reference (so that a
broken model cannot look fast), and a per-layer profile of our three builds
(benchmarks/one_op_modules.py says what it measures).

Targets (named when missed; exit status 1 only with --check): for both our
INT8 builds, resnet18 <= 0.9x ONNX Runtime INT8's latency and mobilenet_v2
<= 1.0x; our resnet18 INT8 >= 3x faster than our FP32; every engine's
logits within MAX_LOGITS_ERROR (rel-L2) of its reference.

--all: every model of the project's tests (test/python/model_zoo.py, and
the network of test/python/onnx_models.py, `small_cnn`) compiled INT8 and
FP32 by us and timed the same way (INT8 and FP32 taking turns), printing
each INT8/FP32 speed-up; target: every one above 1.0.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ORT_VERSION = "1.30.0"

TARGET_RATIO = {"resnet18": 0.9, "mobilenet_v2": 1.0}  # ours / ORT INT8
TARGET_INT8_SPEEDUP = {"resnet18": 3.0}  # our FP32 / our INT8
# The largest rel-L2 of an engine's logits to its reference (PyTorch FP32,
# or PyTorch INT8 for the builds of its Q/DQ file) that counts as working:
# float builds differ by rounding only, INT8 ones by quantization (about
# 0.03 on these models).
MAX_LOGITS_ERROR = {"FP32": 1e-3, "INT8": 0.2}

ENGINES = ["ours INT8 (a)", "ours INT8 (b)", "ours FP32", "ORT INT8",
           "ORT FP32", "PyTorch INT8", "PyTorch FP32"]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Our tools
# --------------------------------------------------------------------------


class Tools:
    def __init__(self, build, workdir):
        self.bindir = Path(build) / "bin"
        for name in ("quant-translate", "quant-opt", "quant-compile",
                     "quant-run"):
            if not (self.bindir / name).exists():
                sys.exit(f"{self.bindir / name} is not built (--build DIR)")
        # The lead may rebuild the tools under a run: their times now and
        # at the end tell whether one build made every number.
        self.stamps = self.build_stamps()
        # Our models are timed by a small C program on the C ABI.
        self.timer = Path(workdir) / "time_model"
        subprocess.run(["cc", "-O2", "-I", REPO / "include",
                        HERE / "time_model.c", "-o", self.timer, "-ldl"],
                       check=True)

    def build_stamps(self):
        return {p.name: p.stat().st_mtime for p in sorted(
            self.bindir.glob("quant-*"))}

    def rebuilt(self):
        """The tools rebuilt since the start of the run."""
        now = self.build_stamps()
        return [n for n in now if now[n] != self.stamps.get(n)]

    def run(self, name, *args):
        """Runs tool `name`. The tools may be rebuilt under a running
        benchmark: a binary that cannot be started is waited for (up to
        about two minutes), and a failed run is retried once. Returns
        (stdout, stderr)."""
        cmd = [str(self.bindir / name)] + [str(a) for a in args]
        failures = 0
        for wait in (5, 10, 20, 40, 60, None):
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True)
            except OSError as error:  # being relinked: ETXTBSY, EACCES
                if wait is None:
                    raise ToolError(f"cannot run {cmd[0]}: {error}")
                time.sleep(wait)
                continue
            if proc.returncode == 0:
                return proc.stdout, proc.stderr
            failures += 1
            if failures == 2 or wait is None:
                break
            time.sleep(5)
        raise ToolError(f"{' '.join(cmd)} exited {proc.returncode}:\n"
                        f"{proc.stderr.strip()}")

    def compile(self, mlir, so):
        start = time.monotonic()
        self.run("quant-compile", "--target", "host", "--threads", "1", mlir,
                 "-o", so)
        return time.monotonic() - start

    def time_so(self, so, inputs, warmup, repeats, output=None):
        """Median ms of one `qnn_model_run` on one thread (time_model.c) on
        the .npy `inputs`; with `output`, also output 0 (f32) as an array:
        (ms, array)."""
        raw = []
        for path in inputs:
            path = Path(path)
            raw.append(path.with_name(path.name + ".bin"))
            raw[-1].write_bytes(np.ascontiguousarray(np.load(path)).tobytes())
        out = Path(so).with_name(Path(so).name + ".out.bin")
        for wait in (5, None):  # the runtime may be mid-rebuild: retry once
            proc = subprocess.run(
                [self.timer, so, str(warmup), str(repeats), out] + raw,
                capture_output=True, text=True)
            if proc.returncode == 0 or wait is None:
                break
            time.sleep(wait)
        for path in raw:
            path.unlink()
        if proc.returncode != 0:
            raise ToolError(f"time_model {so} failed: {proc.stderr.strip()}")
        result = json.loads(proc.stdout)
        if result["samples"] != repeats:
            raise ToolError(f"unexpected time_model output: {proc.stdout}")
        ms = result["median_ns"] / 1e6
        if output is None:
            return ms
        if result["output_type"] != 1:  # QNN_F32
            raise ToolError(f"{so}: output 0 is not f32")
        return ms, np.fromfile(out, "<f4")

    def int8_share(self, mlir):
        """% of MACs in INT8 (quant-opt --qnn-print-summary)."""
        _, err = self.run("quant-opt", mlir, "--qnn-print-summary", "-o",
                          os.devnull)
        m = re.search(r"\(([0-9.]+) % int8\)", err)
        return float(m.group(1)) if m else None


class ToolError(RuntimeError):
    pass


def quantize_own(tools, onnx_path, calib, workdir, stem):
    """Float ONNX -> (FP32 .mlir, INT8 .mlir) by our own flow: fold batch
    norm, fuse activations; observers, calibration (compiled), min/max
    static quantization, then the LSTMs (which static quantization leaves
    float) quantized dynamically, as PyTorch quantizes recurrent layers."""
    imported = workdir / f"{stem}.import.mlir"
    tools.run("quant-translate", "--import-onnx", onnx_path, "-o", imported)
    fp32 = workdir / f"{stem}.fp32.mlir"
    tools.run("quant-opt", imported, "--qnn-fold-batchnorm",
              "--qnn-fuse-activations", "-o", fp32)
    observed = workdir / f"{stem}.observed.mlir"
    tools.run("quant-opt", fp32, "--qnn-insert-observers", "-o", observed)
    data = workdir / f"{stem}.calib.npy"
    np.save(data, calib)
    calibrated = workdir / f"{stem}.calibrated.mlir"
    tools.run("quant-run", "--calibrate", observed, "--data", data,
              "--compiled", "-o", calibrated)
    int8 = workdir / f"{stem}.int8.mlir"
    tools.run("quant-opt", calibrated, "--qnn-quantize-static=method=minmax",
              "--qnn-quantize-dynamic=only-lstm=true", "-o", int8)
    return fp32, int8


# --------------------------------------------------------------------------
# ONNX Runtime (npm) through node
# --------------------------------------------------------------------------


def ensure_ort(node_dir):
    """The onnxruntime-node package directory, installed by npm into
    `node_dir` when missing; None (with the reason printed) when node or
    the install fails."""
    package = Path(node_dir) / "node_modules" / "onnxruntime-node"
    try:
        version = json.loads((package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        version = None
    if version == ORT_VERSION:
        return package
    Path(node_dir).mkdir(parents=True, exist_ok=True)
    log(f"installing onnxruntime-node@{ORT_VERSION} into {node_dir} (npm)")
    try:
        proc = subprocess.run(
            ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund",
             "--no-save", "--prefix", str(node_dir),
             f"onnxruntime-node@{ORT_VERSION}"],
            capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        log(f"ONNX Runtime SKIPPED: npm could not run ({error})")
        return None
    if proc.returncode != 0:
        log("ONNX Runtime SKIPPED: `npm install onnxruntime-node@"
            f"{ORT_VERSION}` failed (offline?):\n"
            f"{proc.stderr.strip()[-2000:]}")
        return None
    return package


def time_ort(package, onnx_path, x, workdir, stem, warmup, repeats):
    """(median ms, logits, op types of the graph ORT optimized)."""
    x_bin = workdir / f"{stem}.x.bin"
    x_bin.write_bytes(np.ascontiguousarray(x, "<f4").tobytes())
    y_bin = workdir / f"{stem}.y.bin"
    optimized = workdir / f"{stem}.ort-optimized.onnx"
    proc = subprocess.run(
        ["node", HERE / "ort_bench.js", "--ort", package, "--model", onnx_path,
         "--input", x_bin, "--shape", ",".join(map(str, x.shape)), "--output",
         y_bin, "--optimized", optimized, "--warmup", str(warmup),
         "--repeats", str(repeats)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise ToolError(f"ort_bench.js on {onnx_path} failed:\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["runs"] != repeats or result["version"] != ORT_VERSION:
        raise ToolError(f"unexpected ort_bench.js output {result}")
    return (result["median_ms"], np.fromfile(y_bin, "<f4"),
            op_histogram(optimized))


def op_histogram(onnx_path):
    import onnx

    try:
        graph = onnx.load(str(onnx_path), load_external_data=False).graph
    except Exception:  # the optimized file is informative only
        return {}
    counts = {}
    for node in graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    return counts


# --------------------------------------------------------------------------
# PyTorch: the models, eager INT8, timing
# --------------------------------------------------------------------------


def settle_batchnorm(model, shape, passes=4, seed=0):
    """Random weights: batch-norm statistics from a few training-mode
    passes over random data (as test/python/model_zoo.py), so activations
    stay in a sane range."""
    import torch

    torch.manual_seed(seed)
    model.train()
    with torch.no_grad():
        for _ in range(passes):
            model(torch.randn(*shape))
    return model.eval()


@dataclass
class Spec:
    """A model: its float module, its quantizable twin with the same
    weights (modules fused), and its input shape."""
    name: str
    shape: tuple
    make_float: object  # () -> float nn.Module, eval mode
    make_quantizable: object  # float module -> fused quantizable module


def torchvision_spec(name, size=224):
    def make_float():
        import torch
        import torchvision

        torch.manual_seed(0)
        model = getattr(torchvision.models, name)(weights=None)
        return settle_batchnorm(model, (8, 3, size, size))

    def make_quantizable(float_model):
        import torchvision.models.quantization as qmodels

        model = getattr(qmodels, name)(weights=None, quantize=False)
        model.load_state_dict(float_model.state_dict())
        model.eval()
        model.fuse_model()
        return model

    return Spec(name, (1, 3, size, size), make_float, make_quantizable)


def smoke_spec():
    """A small residual CNN (1x3x32x32) for --smoke: the same steps as the
    torchvision models in a fraction of the time."""
    import torch
    import torch.ao.quantization as tq
    import torch.nn as nn

    class SmokeNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.quant, self.dequant = tq.QuantStub(), tq.DeQuantStub()
            self.conv1, self.bn1 = nn.Conv2d(3, 16, 3, padding=1), \
                nn.BatchNorm2d(16)
            self.relu1 = nn.ReLU()
            self.conv2, self.bn2 = nn.Conv2d(16, 16, 3, padding=1), \
                nn.BatchNorm2d(16)
            self.relu2 = nn.ReLU()
            self.conv3, self.bn3 = nn.Conv2d(16, 16, 3, padding=1), \
                nn.BatchNorm2d(16)
            self.skip = nn.quantized.FloatFunctional()
            self.conv4, self.bn4 = nn.Conv2d(16, 32, 3, stride=2, padding=1), \
                nn.BatchNorm2d(32)
            self.relu4 = nn.ReLU()
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(32, 10)

        def forward(self, x):
            x = self.relu1(self.bn1(self.conv1(self.quant(x))))
            y = self.bn3(self.conv3(self.relu2(self.bn2(self.conv2(x)))))
            x = self.skip.add_relu(x, y)
            x = self.relu4(self.bn4(self.conv4(x)))
            return self.dequant(self.fc(torch.flatten(self.pool(x), 1)))

        def fuse_model(self):
            tq.fuse_modules(self, [["conv1", "bn1", "relu1"],
                                   ["conv2", "bn2", "relu2"],
                                   ["conv3", "bn3"],
                                   ["conv4", "bn4", "relu4"]], inplace=True)

    def make_float():
        torch.manual_seed(0)
        return settle_batchnorm(SmokeNet(), (8, 3, 32, 32))

    def make_quantizable(float_model):
        model = SmokeNet()
        model.load_state_dict(float_model.state_dict())
        model.eval()
        model.fuse_model()
        return model

    return Spec("smoke_net", (1, 3, 32, 32), make_float, make_quantizable)


def torch_eager_int8(spec, float_model, calib):
    """PyTorch's eager-mode static quantization, `onednn` engine and
    qconfig (histogram observer, u8 activations, s8 symmetric per-channel
    weights), calibrated on `calib` (N x 1 x C x H x W)."""
    import torch
    import torch.ao.quantization as tq

    torch.backends.quantized.engine = "onednn"
    model = spec.make_quantizable(float_model)
    model.qconfig = tq.get_default_qconfig("onednn")
    tq.prepare(model, inplace=True)
    with torch.no_grad():
        model(torch.from_numpy(calib[:, 0]))
    tq.convert(model, inplace=True)
    return model


def export_onnx(model, x, path):
    import torch

    torch.onnx.export(model, torch.from_numpy(x), str(path), opset_version=13,
                      input_names=["x"], output_names=["logits"])


def time_torch(model, x, warmup, repeats):
    """(median ms, logits) of model(x) under inference_mode."""
    import torch

    xt = torch.from_numpy(x)
    times = []
    with torch.inference_mode():
        for _ in range(warmup):
            model(xt)
        for _ in range(repeats):
            start = time.perf_counter_ns()
            out = model(xt)
            times.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(times), out.numpy()


def saved_state_bytes(model, path):
    import torch

    torch.save(model.state_dict(), str(path))
    return path.stat().st_size


# --------------------------------------------------------------------------
# Per-layer profile
# --------------------------------------------------------------------------


def profile(tools, mlir, workdir, stem, warmup, repeats):
    """Per op of `mlir`'s entry: (op, ms or None, note), each op compiled
    alone (one_op_modules.py) and timed like the model."""
    import one_op_modules

    model = one_op_modules.parse(Path(mlir).read_text())
    rng = np.random.default_rng(0)
    rows = []
    for i, op in enumerate(model.ops):
        mlir = workdir / f"{stem}.op{i}.mlir"
        so = workdir / f"{stem}.op{i}.so"
        try:
            text, arg_types = one_op_modules.one_op_module(model, op)
            mlir.write_text(text)
            inputs = []
            for j, type_ in enumerate(arg_types):
                path = workdir / f"{stem}.op{i}.in{j}.npy"
                np.save(path, one_op_modules.random_input(type_, rng))
                inputs.append(path)
            tools.compile(mlir, so)
            rows.append((op, tools.time_so(so, inputs, warmup, repeats), ""))
        except (ToolError, ValueError) as error:
            rows.append((op, None, str(error).strip().splitlines()[-1][:120]))
        for path in workdir.glob(f"{stem}.op{i}.*"):
            path.unlink()
    return rows, model.skipped


def shape_of(type_):
    m = re.match(r"tensor<((?:\d+x)*)", type_)
    return m.group(1)[:-1] if m and m.group(1) else type_


def kind_of(op):
    """The op's name, for a conv with its window, stride and whether it is
    depthwise: "qnn.conv2d 3x3/2 depthwise"."""
    if op.name != "qnn.conv2d" or len(op.operand_types) < 2:
        return op.name
    weight = [int(d) for d in shape_of(op.operand_types[1]).split("x")]
    groups = re.search(r"groups = (\d+)", op.line)
    strides = re.search(r"strides = array<i64: (\d+)", op.line)
    kind = f"{op.name} {weight[2]}x{weight[3]}"
    if strides and strides.group(1) != "1":
        kind += f"/{strides.group(1)}"
    if groups and weight[1] == 1 and int(groups.group(1)) == weight[0]:
        kind += " depthwise"
    return kind


def node_of(op):
    """The op's ONNX nodes, the producer first, fused activations after it
    by their last name only: "/layer1/layer1.0/conv1/Conv+Relu"."""
    names = op.location.split("+")
    names.sort(key=lambda n: n.rsplit("/", 1)[-1] in ("Relu", "Clip"))
    return "+".join([names[0]] + [n.rsplit("/", 1)[-1] for n in names[1:]])


def print_profile(title, rows, skipped, model_ms, top):
    timed = [(op, ms) for op, ms, _ in rows if ms is not None]
    total = sum(ms for _, ms in timed)
    print(f"\n{title}: {len(timed)} of {len(rows)} ops timed alone; their "
          f"sum is {total:.2f} ms, {total / model_ms:.2f}x the whole model's "
          f"{model_ms:.2f} ms (alone, an op also converts its activations "
          "from and to NCHW, and keeps its weights in cache)")
    by_kind = {}
    for op, ms in timed:
        count, sum_ms = by_kind.get(kind_of(op), (0, 0.0))
        by_kind[kind_of(op)] = (count + 1, sum_ms + ms)
    print("\n| op | count | ms | share of the sum |\n|---|---|---|---|")
    for name, (count, ms) in sorted(by_kind.items(), key=lambda kv: -kv[1][1]):
        print(f"| {name} | {count} | {ms:.3f} | {100 * ms / total:.1f} % |")
    print(f"\n| top {top} ops | node | output | ms | share |\n"
          "|---|---|---|---|---|")
    for op, ms in sorted(timed, key=lambda r: -r[1])[:top]:
        print(f"| {kind_of(op)} | `{node_of(op)}` | "
              f"{shape_of(op.result_type)} | {ms:.3f} | "
              f"{100 * ms / total:.1f} % |")
    for op, ms, note in rows:
        if ms is None:
            print(f"* not timed: {op.name} `{op.location}`: {note}")
    for line, why in skipped:
        print(f"* not profiled ({why}): `{line}`")


# --------------------------------------------------------------------------
# Default mode: resnet18 and mobilenet_v2 against ORT and PyTorch
# --------------------------------------------------------------------------


def rel_l2(a, b):
    a = np.asarray(a, np.float64).ravel()
    b = np.asarray(b, np.float64).ravel()
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-30))


@dataclass
class Result:
    name: str
    ms: dict = field(default_factory=dict)  # engine -> median ms
    sizes: dict = field(default_factory=dict)  # file -> bytes
    errors: dict = field(default_factory=dict)  # comparison -> rel-L2
    int8_share: dict = field(default_factory=dict)
    compile_s: dict = field(default_factory=dict)
    ort_ops: dict = field(default_factory=dict)
    profiles: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)  # engine -> why
    spread: dict = field(default_factory=dict)  # engine -> round min, max


def bench_model(spec, tools, ort, workdir, args):
    log(f"== {spec.name}")
    res = Result(spec.name)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(spec.shape).astype(np.float32)
    calib = rng.standard_normal((args.calib, 1) + spec.shape[1:]).astype(
        np.float32)
    x_npy = workdir / f"{spec.name}.x.npy"
    np.save(x_npy, x)

    float_model = spec.make_float()
    float_onnx = workdir / f"{spec.name}.onnx"
    export_onnx(float_model, x, float_onnx)
    log("  PyTorch eager INT8 (onednn): prepare, calibrate, convert")
    int8_model = torch_eager_int8(spec, float_model, calib)
    qdq_onnx = workdir / f"{spec.name}.qdq.onnx"
    export_onnx(int8_model, x, qdq_onnx)

    log("  ours: import, quantize, compile")
    fp32_mlir, int8a_mlir = quantize_own(tools, float_onnx, calib, workdir,
                                         spec.name)
    qdq_import = workdir / f"{spec.name}.qdq.import.mlir"
    tools.run("quant-translate", "--import-onnx", qdq_onnx, "-o", qdq_import)
    int8b_mlir = workdir / f"{spec.name}.int8b.mlir"
    tools.run("quant-opt", qdq_import, "--qnn-quantize-pipeline=scheme=static",
              "-o", int8b_mlir)
    ours = {"ours INT8 (a)": int8a_mlir, "ours INT8 (b)": int8b_mlir,
            "ours FP32": fp32_mlir}
    tags = {"ours INT8 (a)": "int8a", "ours INT8 (b)": "int8b",
            "ours FP32": "fp32", "ORT INT8": "ort-int8",
            "ORT FP32": "ort-fp32"}
    timers = {}
    for engine, mlir in ours.items():
        so = Path(mlir).with_suffix(".so")
        res.compile_s[engine] = tools.compile(mlir, so)
        res.sizes[engine + " .so"] = so.stat().st_size
        res.int8_share[engine] = tools.int8_share(mlir)

        timers[engine] = (lambda warmup, repeats, so=so: tools.time_so(
            so, [x_npy], warmup, repeats, output=True))

    if ort is None:
        for engine in ("ORT INT8", "ORT FP32"):
            res.skipped[engine] = "npm install failed"
    else:
        for engine, path in (("ORT INT8", qdq_onnx), ("ORT FP32", float_onnx)):
            def run_ort(warmup, repeats, engine=engine, path=path):
                ms, y, res.ort_ops[engine] = time_ort(
                    ort, path, x, workdir, f"{spec.name}.{tags[engine]}",
                    warmup, repeats)
                return ms, y

            timers[engine] = run_ort

    for engine, model in (("PyTorch INT8", int8_model),
                          ("PyTorch FP32", float_model)):
        timers[engine] = (lambda warmup, repeats, model=model:
                          time_torch(model, x, warmup, repeats))

    # Rounds: every engine in turn, so that the load of a shared machine
    # falls on all of them alike; each round warms up and times
    # repeats / rounds runs, and an engine's latency is the median of its
    # round medians.
    per_round = -(-args.repeats // args.rounds)
    rounds = {engine: [] for engine in timers}
    outputs = {}
    for i in range(args.rounds):
        log(f"  timing round {i + 1} of {args.rounds}: {per_round} runs "
            "of every engine")
        for engine, timer in timers.items():
            ms, outputs[engine] = timer(args.warmup, per_round)
            rounds[engine].append(ms)
    for engine, values in rounds.items():
        res.ms[engine] = statistics.median(values)
        res.spread[engine] = (min(values), max(values))
    res.sizes["float ONNX"] = float_onnx.stat().st_size
    res.sizes["Q/DQ ONNX"] = qdq_onnx.stat().st_size
    res.sizes["PyTorch FP32 state"] = saved_state_bytes(
        float_model, workdir / f"{spec.name}.fp32.pt")
    res.sizes["PyTorch INT8 state"] = saved_state_bytes(
        int8_model, workdir / f"{spec.name}.int8.pt")

    # Logits against a reference: the INT8 builds of the Q/DQ file against
    # PyTorch's INT8 (same scales), everything else against PyTorch FP32.
    for engine, y in outputs.items():
        ref = "PyTorch INT8" if engine in ("ours INT8 (b)", "ORT INT8") \
            else "PyTorch FP32"
        if engine != ref:
            res.errors[f"{engine} vs {ref}"] = rel_l2(y, outputs[ref])

    if not args.no_profile:
        # --smoke: one build is enough to keep the code path alive.
        for engine, mlir in list(ours.items())[:1 if args.smoke else 3]:
            log(f"  profiling {engine} op by op")
            rows, skipped = profile(tools, mlir, workdir,
                                    f"{spec.name}.prof", args.profile_warmup,
                                    args.profile_repeats)
            res.profiles[engine] = (rows, skipped)
    return res


def vnni_peak_gops(workdir):
    """Single-thread u8 x s8 MAC throughput of a `vpdpbusd` zmm loop
    (12 independent accumulators), in GOPS (2 ops per MAC): the best of 30
    short runs, since other processes share the cores; None when the C
    compiler or the CPU lacks AVX-512 VNNI."""
    src = workdir / "vnni_peak.c"
    src.write_text(r"""
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
/* 12 independent accumulator chains, named so that they stay in zmm
   registers: the loop is bound by vpdpbusd throughput, not latency. */
#define ACC(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define DECLARE(i) __m512i acc##i = _mm512_set1_epi32(i);
#define STEP(i) acc##i = _mm512_dpbusd_epi32(acc##i, a, b);
#define SUM(i) sum += _mm512_reduce_add_epi32(acc##i);
int main(void) {
  __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(5);
  ACC(DECLARE)
  long iters = 2000000;
  double best = 0;
  for (int rep = 0; rep < 30; ++rep) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long n = 0; n < iters; ++n) {
      ACC(STEP)
      __asm__ volatile("" : "+v"(a));
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    double gops = 12.0 * 64 * 2 * iters / s / 1e9;
    if (gops > best) best = gops;
  }
  int sum = 0;
  ACC(SUM)
  printf("%f %d\n", best, sum);
  return 0;
}
""")
    exe = workdir / "vnni_peak"
    try:
        subprocess.run(["cc", "-O2", "-mavx512f", "-mavx512vnni", src, "-o",
                        exe], check=True, capture_output=True)
        out = subprocess.run([exe], check=True, capture_output=True,
                             text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return float(out.split()[0])


def resnet18_gops():
    """Multiply-accumulates of resnet18 at 224x224 (convolutions and the
    classifier), times 2."""
    import torch
    import torchvision

    macs = 0

    def hook(module, inputs, output):
        nonlocal macs
        if isinstance(module, torch.nn.Conv2d):
            macs += (output.numel() * module.in_channels // module.groups *
                     module.kernel_size[0] * module.kernel_size[1])
        elif isinstance(module, torch.nn.Linear):
            macs += module.in_features * module.out_features

    model = torchvision.models.resnet18(weights=None).eval()
    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(hook)
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    return 2 * macs / 1e9


def report_models(results, args, peak):
    print("\n### Latency (median ms, batch 1, one thread)\n")
    print("| model | " + " | ".join(ENGINES) + " |")
    print("|---" * (len(ENGINES) + 1) + "|")
    for r in results:
        cells = [f"{r.ms[e]:.2f}" if e in r.ms else "skipped" for e in ENGINES]
        print(f"| {r.name} | " + " | ".join(cells) + " |")

    print("\n### Ratios\n")
    print("| model | (a) / ORT INT8 | (b) / ORT INT8 | ours FP32 / (a) | "
          "ours FP32 / (b) | ORT FP32 / ORT INT8 | PyTorch FP32 / INT8 |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        def ratio(a, b):
            return f"{r.ms[a] / r.ms[b]:.2f}" if a in r.ms and b in r.ms \
                else "n/a"
        print(f"| {r.name} | {ratio('ours INT8 (a)', 'ORT INT8')} | "
              f"{ratio('ours INT8 (b)', 'ORT INT8')} | "
              f"{ratio('ours FP32', 'ours INT8 (a)')} | "
              f"{ratio('ours FP32', 'ours INT8 (b)')} | "
              f"{ratio('ORT FP32', 'ORT INT8')} | "
              f"{ratio('PyTorch FP32', 'PyTorch INT8')} |")
    if peak:
        for r in results:
            if r.name == "resnet18":
                gops = resnet18_gops()
                print(f"\nVNNI peak (one thread, `vpdpbusd` zmm loop): "
                      f"{peak:.0f} GOPS. resnet18 ({gops:.2f} GOP): " +
                      ", ".join(f"{e} {gops / r.ms[e] * 1e3:.0f} GOPS = "
                                f"{100 * gops / r.ms[e] * 1e3 / peak:.1f} %"
                                for e in ("ours INT8 (a)", "ours INT8 (b)",
                                          "ORT INT8", "PyTorch INT8")
                                if e in r.ms) + " of the peak")

    files = ["ours INT8 (a) .so", "ours INT8 (b) .so", "ours FP32 .so",
             "Q/DQ ONNX", "float ONNX", "PyTorch INT8 state",
             "PyTorch FP32 state"]
    print("\n### Model sizes (bytes)\n")
    print("| model | " + " | ".join(files) + " |")
    print("|---" * (len(files) + 1) + "|")
    for r in results:
        print(f"| {r.name} | " + " | ".join(f"{r.sizes[f]:,}" for f in files)
              + " |")

    print("\n### Checks: logits rel-L2 to the reference, MACs in INT8, "
          "compile time\n")
    for r in results:
        print(f"* {r.name}: " + "; ".join(f"{k} {v:.4f}"
                                          for k, v in r.errors.items()))
        print(f"  {r.name}: " + "; ".join(
            f"{e} {r.int8_share[e]:.1f} % MACs INT8, compiled in "
            f"{r.compile_s[e]:.1f} s" for e in r.compile_s))
        for engine, ops in r.ort_ops.items():
            top = sorted(ops.items(), key=lambda kv: -kv[1])[:8]
            print(f"  {r.name} {engine} runs (optimized graph): " +
                  ", ".join(f"{k} {v}" for k, v in top))
        print(f"  {r.name} round medians, min-max ms: " + "; ".join(
            f"{e} {lo:.2f}-{hi:.2f}" for e, (lo, hi) in r.spread.items()))
        for engine, why in r.skipped.items():
            print(f"  {r.name} {engine}: SKIPPED, {why}")

    for r in results:
        for engine, (rows, skipped) in r.profiles.items():
            print_profile(f"### Per-layer profile, {r.name} {engine}", rows,
                          skipped, r.ms[engine], args.top)

    missed = []
    for r in results:
        # A broken build must not pass as fast.
        for comparison, error in r.errors.items():
            engine = comparison.split(" vs ")[0]
            bound = MAX_LOGITS_ERROR["FP32" if "FP32" in engine else "INT8"]
            if not error <= bound:
                missed.append(f"{r.name} {comparison}: logits rel-L2 "
                              f"{error:.4f} > {bound}")
        for engine in ("ours INT8 (a)", "ours INT8 (b)"):
            limit = TARGET_RATIO.get(r.name)
            if limit is not None:
                if "ORT INT8" not in r.ms:
                    missed.append(f"{r.name} {engine} vs ORT INT8: ORT "
                                  "skipped")
                elif r.ms[engine] > limit * r.ms["ORT INT8"]:
                    missed.append(
                        f"{r.name} {engine} <= {limit}x ORT INT8 (is "
                        f"{r.ms[engine] / r.ms['ORT INT8']:.2f}x)")
            speedup = TARGET_INT8_SPEEDUP.get(r.name)
            if speedup is not None and \
                    r.ms["ours FP32"] < speedup * r.ms[engine]:
                missed.append(
                    f"{r.name} {engine} >= {speedup}x faster than ours FP32 "
                    f"(is {r.ms['ours FP32'] / r.ms[engine]:.2f}x)")
    return missed


# --------------------------------------------------------------------------
# --all: every test model, INT8 against FP32
# --------------------------------------------------------------------------


def all_models(tools, workdir, args):
    """(name, INT8 ms, FP32 ms, note) for every test model."""
    import model_zoo
    import onnx_models

    names = ["digits_cnn"] if args.smoke else list(model_zoo.NAMES)
    cases = [] if args.smoke else ["small_cnn"]
    rows = []
    for name in names + cases:
        log(f"== --all: {name}")
        stem = f"all.{name}"
        try:
            if name in cases:
                case = onnx_models.build(name)
                onnx_path = workdir / f"{stem}.onnx"
                import onnx

                onnx.save(case.model, str(onnx_path))
                x = case.inputs[0]
                calib = x[None]
            else:
                zoo = model_zoo.get(name)
                onnx_path, x = zoo.onnx, zoo.x_test[0]
                calib = zoo.x_calib[:args.calib_all]
            if name == "qat_cnn":
                # A QAT (Q/DQ) file: its INT8 takes the file's scales; its
                # float form is the same graph with the fake quantization
                # run in float.
                fp32 = workdir / f"{stem}.fp32.mlir"
                tools.run("quant-translate", "--import-onnx", onnx_path, "-o",
                          fp32)
                int8 = workdir / f"{stem}.int8.mlir"
                tools.run("quant-opt", fp32, "--qnn-convert-fake-quant", "-o",
                          int8)
            else:
                fp32, int8 = quantize_own(tools, onnx_path, calib, workdir,
                                          stem)
        except ToolError as error:
            rows.append((name, None, None, f"quantization failed: {error}"))
            continue
        x_npy = workdir / f"{stem}.x.npy"
        np.save(x_npy, x)
        notes, libraries = [], {}
        for precision, mlir in (("INT8", int8), ("FP32", fp32)):
            so = Path(mlir).with_suffix(".so")
            try:
                tools.compile(mlir, so)
                libraries[precision] = so
            except ToolError as error:
                notes.append(f"{precision} failed: "
                             f"{str(error).strip().splitlines()[-1][:160]}")
        # INT8 and FP32 take turns, as the engines of the default mode.
        per_round = -(-args.repeats // args.rounds)
        rounds = {precision: [] for precision in libraries}
        for _ in range(args.rounds):
            for precision, so in libraries.items():
                rounds[precision].append(tools.time_so(
                    so, [x_npy], args.warmup, per_round))
        ms = {p: statistics.median(v) for p, v in rounds.items()}
        share = tools.int8_share(int8)
        text = Path(int8).read_text()
        notes.insert(0, (f"{share:.0f} % of MACs INT8; " if share is not None
                         else "") +
                     f"{text.count('qnn.quantize ')} quantize, "
                     f"{text.count('qnn.dequantize ')} dequantize")
        rows.append((name, ms.get("INT8"), ms.get("FP32"), "; ".join(notes)))
    return rows


def report_all(rows):
    print("\n### Every test model, ours INT8 against ours FP32 (median ms, "
          "batch 1, one thread)\n")
    print("| model | INT8 ms | FP32 ms | INT8/FP32 speed-up | note |")
    print("|---|---|---|---|---|")
    missed = []
    for name, int8, fp32, note in rows:
        if int8 is None or fp32 is None:
            print(f"| {name} | {int8 or 'n/a'} | {fp32 or 'n/a'} | n/a | "
                  f"{note} |")
            missed.append(f"--all {name}: not measured ({note})")
            continue
        speedup = fp32 / int8
        print(f"| {name} | {int8:.4f} | {fp32:.4f} | {speedup:.2f}x | "
              f"{note} |")
        if speedup <= 1.0:
            missed.append(f"--all {name}: INT8/FP32 speed-up > 1.0 (is "
                          f"{speedup:.2f}x)")
    return missed


# --------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(REPO / "build"),
                        help="build tree with bin/quant-* (default: build)")
    parser.add_argument("--node-dir", default=None,
                        help="where npm installs onnxruntime-node "
                             "(default: BUILD/node)")
    parser.add_argument("--models", default="resnet18,mobilenet_v2")
    parser.add_argument("--all", action="store_true",
                        help="every test model, INT8 against FP32, instead")
    parser.add_argument("--smoke", action="store_true",
                        help="a small model and few runs: checks that the "
                             "benchmark works, measures nothing")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a target is missed")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=100,
                        help="timed runs per engine, over all rounds")
    parser.add_argument("--rounds", type=int, default=5,
                        help="the engines (--all: INT8 and FP32) take turns "
                             "this many times")
    parser.add_argument("--calib", type=int, default=16,
                        help="calibration images (default mode)")
    parser.add_argument("--calib-all", type=int, default=32,
                        help="calibration samples per model (--all)")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--profile-warmup", type=int, default=3)
    parser.add_argument("--profile-repeats", type=int, default=20)
    parser.add_argument("--top", type=int, default=10,
                        help="ops listed per profile")
    parser.add_argument("--workdir", help="keep the files here")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if args.smoke:
        args.warmup, args.repeats, args.calib, args.calib_all = 1, 3, 2, 4
        args.rounds = 1
        args.profile_warmup, args.profile_repeats = 1, 2
    elif args.repeats < 50:
        log(f"note: --repeats {args.repeats} is below the 50 the issue asks")
    args.rounds = max(1, min(args.rounds, args.repeats))

    build = Path(args.build).resolve()
    os.environ.setdefault("QNN_BUILD_DIR", str(build))
    sys.path[:0] = [str(HERE), str(REPO / "test" / "python")]

    import torch

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model_name = re.search(r"Model name:\s*(.*)", cpu)
    print(f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; CPU "
          f"{model_name.group(1) if model_name else 'unknown'}; load average "
          f"{os.getloadavg()[0]:.2f}; torch {torch.__version__}; "
          f"{' '.join(sys.argv[1:]) or '(default)'}; quant-compile of "
          + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(
              (build / "bin" / "quant-compile").stat().st_mtime)))

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        tools = Tools(build, workdir)
        record = {}
        if args.all:
            rows = all_models(tools, workdir, args)
            missed = report_all(rows)
            record["all"] = [dict(name=n, int8_ms=i, fp32_ms=f, note=t)
                             for n, i, f, t in rows]
        else:
            ort = ensure_ort(Path(args.node_dir or build / "node").resolve())
            specs = [smoke_spec()] if args.smoke else [
                torchvision_spec(n) for n in args.models.split(",")]
            peak = None if args.smoke else vnni_peak_gops(workdir)
            results = [bench_model(s, tools, ort, workdir, args)
                       for s in specs]
            if peak is not None:  # again: the best of both
                peak = max(peak, vnni_peak_gops(workdir) or 0)
            missed = report_models(results, args, peak)
            record["models"] = [
                dict(name=r.name, ms=r.ms, sizes=r.sizes, errors=r.errors,
                     skipped=r.skipped, int8_share=r.int8_share,
                     profiles={e: [dict(op=op.name, location=op.location,
                                        ms=ms, note=note)
                                   for op, ms, note in rows]
                               for e, (rows, _) in r.profiles.items()})
                for r in results]
        record["missed"] = missed
        print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
        rebuilt = tools.rebuilt()
        if rebuilt:
            print(f"WARNING: {', '.join(rebuilt)} rebuilt during this run: "
                  "its numbers may mix two builds")
            missed.append("one build for the whole run (tools were rebuilt)")
        print("\n### Targets\n")
        if missed:
            print("MISSED:\n" + "\n".join(f"* {m}" for m in missed))
        else:
            print("all targets met")
        if args.json:
            Path(args.json).write_text(json.dumps(record, indent=1))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
