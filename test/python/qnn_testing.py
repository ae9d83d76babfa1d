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


def int8_summary(mlir_path):
    """(share of MACs in INT8 in %, stored weight bytes) from
    quant-opt --qnn-print-summary."""
    import re

    text = run([tool("quant-opt"), mlir_path, "--qnn-print-summary", "-o",
                "/dev/null"]).stderr
    share = float(re.search(r"\(([0-9.]+) % int8\)", text).group(1))
    stored = float(re.search(r"weight bytes: ([0-9.]+) stored", text).group(1))
    return share, stored


def relative_l2(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    return float(np.linalg.norm(actual - expected) /
                 max(np.linalg.norm(expected), 1e-30))


# --------------------------------------------------------------------------
# Paired comparisons of two quantized models on the same samples
# --------------------------------------------------------------------------
#
# Where two INT8s (ours and PyTorch's) are close, a plain inequality between
# their scores is decided by which few samples each happens to get wrong. A
# paired test asks instead whether ours is worse than theirs by more than
# sampling noise: theirs may lead by two standard errors of the paired
# difference.


def top1_classes(outputs, n):
    return np.asarray(outputs).reshape(n, -1).argmax(-1)


def paired_top1(ours, theirs, reference):
    """(right in ours only, right in theirs only, z): McNemar's statistic
    of theirs' lead, z = (theirs_only - ours_only) / sqrt(sum), 0 when no
    sample tells the two apart. `reference` holds labels or another model's
    classes."""
    n = len(reference)
    ok_ours = top1_classes(ours, n) == reference
    ok_theirs = top1_classes(theirs, n) == reference
    ours_only = int((ok_ours & ~ok_theirs).sum())
    theirs_only = int((~ok_ours & ok_theirs).sum())
    discordant = ours_only + theirs_only
    z = (theirs_only - ours_only) / np.sqrt(discordant) if discordant else 0.0
    return ours_only, theirs_only, float(z)


def assert_top1_no_worse(ours, theirs, reference):
    """Our top-1 against `reference` is no worse than theirs beyond sampling
    noise. Only the samples exactly one of the two gets right tell them
    apart; if both were equally good, the excess of theirs over ours among
    those would have mean 0 and variance their number (McNemar's test).
    Theirs may lead by two standard deviations."""
    ours_only, theirs_only, z = paired_top1(ours, theirs, reference)
    print(f"  top-1: right in ours only {ours_only}, in PyTorch's only "
          f"{theirs_only} (z = {z:+.2f})")
    assert z <= 2.0, (ours_only, theirs_only)


def paired_l2(ours, theirs, reference):
    """z of theirs' lead in squared error: per sample d = |ours - ref|^2 -
    |theirs - ref|^2, z = mean(d) / (sd(d) / sqrt(n)). The relative L2 of
    the whole set compares sum(|. - ref|^2), so z > 0 is ours' relative L2
    being the larger."""
    n = len(reference)
    ref = np.asarray(reference, dtype=np.float64).reshape(n, -1)
    e_ours = ((np.asarray(ours, np.float64).reshape(n, -1) - ref) ** 2).sum(1)
    e_theirs = ((np.asarray(theirs, np.float64).reshape(n, -1) - ref)
                ** 2).sum(1)
    d = e_ours - e_theirs
    sd = d.std(ddof=1)
    return float(d.mean() / (sd / np.sqrt(n))) if sd > 0 else 0.0


def assert_l2_no_worse(ours, theirs, reference):
    """Our relative L2 to `reference` is no worse than theirs beyond
    sampling noise: theirs may lead by two standard errors of the paired
    per-sample squared-error difference."""
    z = paired_l2(ours, theirs, reference)
    print(f"  rel-L2: ours {relative_l2(ours, reference):.4f}, PyTorch's "
          f"{relative_l2(theirs, reference):.4f} (paired z = {z:+.2f})")
    assert z <= 2.0, z
