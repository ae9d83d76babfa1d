"""Helpers shared by the end-to-end tests: where the tools are, and thin
wrappers that run them on .onnx / .mlir / .npy files."""

import os
import subprocess
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("QNN_BUILD_DIR", REPO / "build"))
# Models the tests make (and train) are cached in the build tree, keyed by
# the source of model_zoo.py, so a change to a model rebuilds it.
CACHE = Path(os.environ.get("QNN_MODEL_CACHE", BUILD / "test-models"))


def tool(name):
    path = BUILD / "bin" / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is not built (set QNN_BUILD_DIR)")
    return str(path)


def run(cmd, check=True):
    """Runs a tool; on failure the assertion shows its stderr."""
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def import_onnx(onnx_path, mlir_path=None, input_shapes=()):
    mlir_path = Path(mlir_path or Path(onnx_path).with_suffix(".mlir"))
    cmd = [tool("quant-translate"), "--import-onnx", onnx_path, "-o", mlir_path]
    for shape in input_shapes:
        cmd += ["--input-shape", shape]
    run(cmd)
    return mlir_path


def calibrate(onnx_path, calib, workdir):
    """The README's flow up to calibration: import, fold batch norm, fuse
    activations, insert observers, `quant-run --calibrate` on `calib`
    (samples stacked on axis 0). Returns (float.mlir, calibrated.mlir)."""
    workdir = Path(workdir)
    mlir = import_onnx(onnx_path, workdir / "float.mlir")
    observed = workdir / "observed.mlir"
    run([tool("quant-opt"), mlir, "--qnn-fold-batchnorm",
         "--qnn-fuse-activations", "--qnn-insert-observers", "-o", observed])
    data = workdir / "calib.npy"
    np.save(data, calib)
    calibrated = workdir / "calibrated.mlir"
    run([tool("quant-run"), "--calibrate", observed, "--data", data, "-o",
         calibrated])
    return mlir, calibrated


def interpret(mlir_path, inputs, workdir, samples=False):
    """Runs `quant-run --interpret` on numpy inputs, returns the outputs."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    cmd = [tool("quant-run"), "--interpret", mlir_path]
    for i, x in enumerate(inputs):
        path = workdir / f"in{i}.npy"
        np.save(path, x)
        cmd += ["--input", path]
    out = workdir / "out0.npy"
    cmd += ["--output", out]
    if samples:
        cmd.append("--samples")
    run(cmd)
    return np.load(out)


def relative_l2(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    return float(np.linalg.norm(actual - expected) /
                 max(np.linalg.norm(expected), 1e-30))
