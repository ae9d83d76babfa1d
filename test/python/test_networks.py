"""Whole networks, FP32: the reference interpreter against PyTorch.

Each model from model_zoo is imported with quant-translate, run sample by
sample with `quant-run --interpret --samples`, and compared with PyTorch's
outputs (relative L2 <= 1e-4) and, where it has labels, its accuracy.
"""

import numpy as np
import pytest

import model_zoo
import qnn_testing as qt

# (zoo name, number of held-out samples to run)
NETWORKS = [
    ("digits_cnn", 500),
    ("digits_mlp", 500),
    ("tiny_transformer_13", 500),
    ("tiny_transformer_17", 500),
    ("lstm", 500),
    ("resnet18_digits", 100),
    ("mobilenet_v2_digits", 100),
    ("resnet18_224", 2),
    ("mobilenet_v2_224", 2),
]


@pytest.mark.parametrize("name,count", NETWORKS, ids=[n for n, _ in NETWORKS])
def test_fp32_matches_pytorch(name, count, tmp_path):
    model = model_zoo.get(name)
    mlir = qt.import_onnx(model.onnx, tmp_path / "model.mlir")
    x = model.x_test[:count]
    out = qt.interpret(mlir, [x], tmp_path, samples=True)
    expected = model.torch_out[:count]
    assert out.shape == expected.shape
    err = qt.relative_l2(out, expected)
    assert err <= 1e-4, f"{name}: relative L2 {err:.3g} vs PyTorch"
    if (model.y_test >= 0).all():
        ours = model_zoo.accuracy(out, model.y_test[:count])
        theirs = model_zoo.accuracy(expected, model.y_test[:count])
        assert ours == theirs


def test_qat_fake_quant_matches_pytorch(tmp_path):
    """Q/DQ nodes import as qnn.fake_quant and interpret to PyTorch's
    fake-quant outputs."""
    model = model_zoo.get("qat_cnn")
    mlir = qt.import_onnx(model.onnx, tmp_path / "model.mlir")
    assert "qnn.fake_quant" in mlir.read_text() or "qnn.dequantize" in mlir.read_text()
    out = qt.interpret(mlir, [model.x_test], tmp_path, samples=True)
    err = qt.relative_l2(out, model.torch_out)
    assert err <= 1e-4, f"relative L2 {err:.3g} vs PyTorch fake-quant"
    ours = model_zoo.accuracy(out, model.y_test)
    assert abs(ours - model.extra["torch_accuracy"]) < 1e-9
