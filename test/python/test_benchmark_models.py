"""benchmarks/models.py in its --smoke mode, so that the model benchmark
cannot rot: a small residual CNN through every engine (ours INT8 from our
own quantization and from PyTorch's Q/DQ file, ours FP32, ONNX Runtime from
npm, PyTorch), the per-layer profile of one build, and --all on one digits
model. Nothing here is timed or compared with a speed: the smoke mode runs
each engine a few times only. What is checked is that every engine ran and
computed the model (logits close to their reference), so that a benchmark
of a broken model cannot pass unnoticed.

ONNX Runtime is installed by the benchmark (npm) into the build tree on
first use; offline, the benchmark skips it with a message, and so does this
test's check of it.
"""

import json
import subprocess
import sys

import qnn_testing as qt

SCRIPT = qt.REPO / "benchmarks" / "models.py"


def smoke(tmp_path, *extra):
    result = tmp_path / "result.json"
    proc = subprocess.run(
        [sys.executable, SCRIPT, "--smoke", "--build", qt.BUILD, "--json",
         result, "--workdir", tmp_path / "work", *extra],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(result.read_text()), proc


def test_models_smoke(tmp_path):
    record, proc = smoke(tmp_path)
    (model,) = record["models"]
    ort = ("ORT INT8", "ORT FP32")
    if model["skipped"]:
        assert set(model["skipped"]) == set(ort), model["skipped"]
        assert "ONNX Runtime SKIPPED" in proc.stderr, proc.stderr
        print(f"ONNX Runtime skipped: {proc.stderr}")
    for engine in ("ours INT8 (a)", "ours INT8 (b)", "ours FP32",
                   "PyTorch INT8", "PyTorch FP32") + ort:
        if engine not in model["skipped"]:
            assert model["ms"][engine] > 0, engine
    errors = model["errors"]
    assert errors["ours FP32 vs PyTorch FP32"] < 1e-4, errors
    # The Q/DQ file compiled by us, with PyTorch's scales: close to
    # PyTorch's own INT8 (rounding differs in a few logits).
    assert errors["ours INT8 (b) vs PyTorch INT8"] < 0.05, errors
    assert errors["ours INT8 (a) vs PyTorch FP32"] < 0.1, errors
    if "ORT INT8" not in model["skipped"]:
        assert errors["ORT INT8 vs PyTorch INT8"] < 0.05, errors
        assert errors["ORT FP32 vs PyTorch FP32"] < 1e-4, errors
    assert model["int8_share"]["ours INT8 (a)"] == 100.0
    assert model["int8_share"]["ours INT8 (b)"] == 100.0
    (profile,) = model["profiles"].values()
    convs = [row for row in profile if row["op"] == "qnn.conv2d"]
    assert len(convs) == 4 and all(row["ms"] > 0 for row in profile), profile
    assert "### Per-layer profile" in proc.stdout


def test_models_all_smoke(tmp_path):
    record, proc = smoke(tmp_path, "--all")
    (row,) = record["all"]
    assert row["name"] == "digits_cnn"
    assert row["int8_ms"] > 0 and row["fp32_ms"] > 0, row
    assert "INT8/FP32 speed-up" in proc.stdout
