"""The demo: a real small model, quantized to INT8 and run.

Trains the digits CNN of the test zoo (conv-BN-ReLU, a residual block,
global pooling; PyTorch 1.13 on scikit-learn's digits, a few seconds),
exports it to ONNX, and runs the command-line flow of the README:

  quant-translate --import-onnx          ONNX -> qnn IR
  quant-opt --qnn-fold-batchnorm --qnn-fuse-activations --qnn-insert-observers
  quant-run --calibrate                  256 training samples
  quant-opt --qnn-quantize-static        static INT8, per-channel weights
  quant-run --interpret                  500 held-out samples, FP32 and INT8
  quant-compile --target host            the INT8 model as a native .so
  quant-run --run int8.so                through its C ABI, byte-identical

and prints what each step changed, the accuracy, the weight size, and the
time per sample of the reference interpreter and of the native library.

Usage: python3 examples/quantize_digits.py [--build build] [--method minmax]
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(REPO / "build"))
    parser.add_argument("--method", default="minmax",
                        choices=["minmax", "percentile", "entropy", "mse"])
    args = parser.parse_args()
    os.environ["QNN_BUILD_DIR"] = str(Path(args.build).resolve())
    sys.path.insert(0, str(REPO / "test" / "python"))
    import model_zoo  # noqa: E402  (needs QNN_BUILD_DIR for its cache)
    import qnn_testing as qt  # noqa: E402

    print("training the digits CNN (or loading it from the build tree) ...")
    model = model_zoo.get("digits_cnn")
    work = Path(tempfile.mkdtemp(prefix="qnn-demo-"))

    def step(title, cmd):
        print(f"\n$ {' '.join(str(c) for c in cmd)}")
        proc = subprocess.run([str(c) for c in cmd], capture_output=True,
                              text=True)
        if proc.returncode != 0:
            sys.exit(f"{title} failed:\n{proc.stderr}")
        return proc

    float_mlir, observed = work / "float.mlir", work / "observed.mlir"
    calibrated, int8 = work / "calibrated.mlir", work / "int8.mlir"
    calib, test, one = work / "calib.npy", work / "test.npy", work / "one.npy"
    np.save(calib, model.x_calib[:256])
    np.save(test, model.x_test)
    np.save(one, model.x_test[0])

    step("import", [qt.tool("quant-translate"), "--import-onnx", model.onnx,
                    "-o", float_mlir])
    step("prepare", [qt.tool("quant-opt"), float_mlir, "--qnn-fold-batchnorm",
                     "--qnn-fuse-activations", "--qnn-insert-observers",
                     "-o", observed])
    step("calibrate", [qt.tool("quant-run"), "--calibrate", observed,
                       "--data", calib, "-o", calibrated])
    step("quantize", [qt.tool("quant-opt"), calibrated,
                      f"--qnn-quantize-static=method={args.method}",
                      "-o", int8])

    print("\nops (imported -> INT8):")
    before, after = count_ops(float_mlir), count_ops(int8)
    for name in sorted(set(before) | set(after)):
        print(f"  {name:<24} {before[name]:>4} -> {after[name]:>4}")

    results = {}
    for label, path in [("FP32", float_mlir), ("INT8", int8)]:
        out = work / f"{label}.npy"
        step(f"run {label}", [qt.tool("quant-run"), "--interpret", path,
                              "--input", test, "--output", out, "--samples"])
        timing = step(f"time {label}", [
            qt.tool("quant-run"), "--interpret", path, "--input", one,
            "--time", "--repeats", "50"])
        results[label] = (np.load(out), timing.stdout.strip())

    # The INT8 model as native code: a shared library with the C ABI, run
    # through it; its outputs must be the interpreter's, byte for byte.
    library = work / "int8.so"
    step("compile", [qt.tool("quant-compile"), int8, "--target", "host",
                     "-o", library])
    native_out = work / "INT8.native.npy"
    step("run native", [qt.tool("quant-run"), "--run", library, "--input",
                        test, "--output", native_out, "--samples"])
    if np.load(native_out).tobytes() != results["INT8"][0].tobytes():
        sys.exit("the compiled INT8 model's outputs differ from the "
                 "interpreter's")
    native_timing = step("time native", [
        qt.tool("quant-run"), "--run", library, "--input", one, "--time",
        "--repeats", "50"]).stdout.strip()

    labels = model.y_test
    fp32, int8_out = results["FP32"][0], results["INT8"][0]
    print("\nresults on 500 held-out digits:")
    print(f"  top-1 accuracy   FP32 {model_zoo.accuracy(fp32, labels):.3f}"
          f"   INT8 {model_zoo.accuracy(int8_out, labels):.3f}"
          f"   (PyTorch FP32 {model.extra['torch_accuracy']:.3f})")
    print(f"  logits rel. L2 of INT8 to FP32: "
          f"{qt.relative_l2(int8_out, fp32):.4f}")
    fbytes, qbytes = weight_bytes(float_mlir), weight_bytes(int8)
    print(f"  weight bytes     FP32 {fbytes}   INT8 {qbytes}"
          f"   ({100.0 * qbytes / fbytes:.1f} %)")
    print(f"  interpreter time FP32: {results['FP32'][1]}")
    print(f"  interpreter time INT8: {results['INT8'][1]}")
    print(f"  native INT8 (int8.so, {library.stat().st_size} bytes, outputs "
          f"identical to the interpreter's): {native_timing}")
    print(f"\nfiles kept in {work}")


OP = re.compile(r"= ((?:qnn|arith|quant)\.[a-z_0-9]+)")


def count_ops(path):
    return collections.Counter(OP.findall(path.read_text()))


CONST = re.compile(r"arith\.constant .*: tensor<([0-9x]+)x(f32|i8|i32)>")


def weight_bytes(path):
    """Bytes of the constant tensors (weights and biases) in a module."""
    total = 0
    for dims, element in CONST.findall(path.read_text()):
        count = int(np.prod([int(d) for d in dims.split("x")]))
        total += count * {"f32": 4, "i8": 1, "i32": 4}[element]
    return total


if __name__ == "__main__":
    main()
