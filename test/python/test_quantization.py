"""Static INT8 on real networks: our pipeline against FP32 and against
PyTorch 1.13's own INT8 (FX graph mode, onednn engine, per-channel weights,
the same calibration samples), judged with the reference interpreter.

The flow is the command-line one the README documents:
quant-translate --import-onnx -> quant-opt --qnn-fold-batchnorm
--qnn-fuse-activations --qnn-insert-observers -> quant-run --calibrate ->
quant-opt --qnn-quantize-static -> quant-run --interpret.
"""

import numpy as np
import pytest

import model_zoo
import qnn_testing as qt

# (zoo name, calibration samples, held-out samples, allowed top-1 drop)
MODELS = [
    ("digits_cnn", 256, 500, 0.005),
    ("resnet18_digits", 128, 200, 0.01),
    ("mobilenet_v2_digits", 128, 200, 0.01),
]


def summary(mlir):
    """(share of MACs in INT8 in %, stored weight bytes) from
    quant-opt --qnn-print-summary."""
    import re

    text = qt.run([qt.tool("quant-opt"), mlir, "--qnn-print-summary", "-o",
                   "/dev/null"]).stderr
    share = float(re.search(r"\(([0-9.]+) % int8\)", text).group(1))
    stored = float(re.search(r"weight bytes: ([0-9.]+) stored", text).group(1))
    return share, stored


def quantize_static(model, calib, tmp_path, method="minmax"):
    mlir = qt.import_onnx(model.onnx, tmp_path / "float.mlir")
    observed = tmp_path / "observed.mlir"
    qt.run([qt.tool("quant-opt"), mlir, "--qnn-fold-batchnorm",
            "--qnn-fuse-activations", "--qnn-insert-observers", "-o",
            observed])
    data = tmp_path / "calib.npy"
    np.save(data, calib)
    calibrated = tmp_path / "calibrated.mlir"
    qt.run([qt.tool("quant-run"), "--calibrate", observed, "--data", data,
            "-o", calibrated])
    quantized = tmp_path / f"int8-{method}.mlir"
    qt.run([qt.tool("quant-opt"), calibrated,
            f"--qnn-quantize-static=method={method}", "-o", quantized])
    return quantized


@pytest.mark.parametrize("name,n_calib,n_test,max_drop", MODELS,
                         ids=[m[0] for m in MODELS])
def test_static_int8_accuracy(name, n_calib, n_test, max_drop, tmp_path):
    model = model_zoo.get(name)
    calib = model.x_calib[:n_calib]
    x, labels = model.x_test[:n_test], model.y_test[:n_test]
    fp32 = model.torch_out[:n_test]

    quantized = quantize_static(model, calib, tmp_path)
    text = quantized.read_text()
    # Everything but the final dequantize of the logits runs in INT8.
    assert text.count("qnn.dequantize") == 1, text
    ours = qt.interpret(quantized, [x], tmp_path, samples=True)
    theirs = model_zoo.torch_int8_outputs(name, calib, x)

    acc_fp32 = model_zoo.accuracy(fp32, labels)
    acc_ours = model_zoo.accuracy(ours, labels)
    acc_torch = model_zoo.accuracy(theirs, labels)
    err_ours = qt.relative_l2(ours, fp32)
    err_torch = qt.relative_l2(theirs, fp32)
    print(f"{name}: top-1 fp32 {acc_fp32:.3f} ours {acc_ours:.3f} "
          f"pytorch-int8 {acc_torch:.3f}; logits rel-L2 ours {err_ours:.4f} "
          f"pytorch-int8 {err_torch:.4f}")
    assert acc_ours >= acc_fp32 - max_drop
    assert acc_ours >= acc_torch
    assert err_ours <= err_torch

    # Share of MACs in INT8, and weight bytes against the float model.
    share, int8_bytes = summary(quantized)
    _, fp32_bytes = summary(tmp_path / "float.mlir")
    print(f"{name}: {share:.1f} % of MACs in INT8, weight bytes "
          f"{int8_bytes:.0f} / {fp32_bytes:.0f} = "
          f"{100 * int8_bytes / fp32_bytes:.1f} %")
    assert share >= 95.0
    assert int8_bytes <= 0.26 * fp32_bytes


def test_compare_report(tmp_path):
    """quant-run --compare names each quantized tensor and its ONNX node,
    and writes report.md and the SQNR plot."""
    model = model_zoo.get("digits_cnn")
    quantized = quantize_static(model, model.x_calib[:64], tmp_path)
    x = tmp_path / "x.npy"
    np.save(x, model.x_test[:10])
    report = tmp_path / "report"
    out = qt.run([qt.tool("quant-run"), "--compare", tmp_path / "float.mlir",
                  quantized, "--input", x, "--samples", "--report-dir",
                  report]).stdout
    rows = [line.split() for line in out.splitlines()[1:] if "scale" in line]
    # Four conv+relu, the global pool, the flatten and the logits.
    assert len(rows) == 7, out
    assert rows[0][0] == "/Relu" and rows[0][1] == "/Relu_output_0"
    sqnr = [float(r[-2]) for r in rows]
    assert min(sqnr) > 25.0, out
    text = (report / "report.md").read_text()
    assert "| `/Relu` | `/Relu_output_0` |" in text
    png = (report / "sqnr.png").read_bytes()
    assert png.startswith(b"\x89PNG")
