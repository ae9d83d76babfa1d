"""Quantization-aware-trained models: an imported QAT (Q-DQ) ONNX model
goes to INT8 with exactly the scales it was trained with, no calibration.

quant-translate --import-onnx -> quant-opt --qnn-convert-fake-quant ->
quant-run --interpret.
"""

import numpy as np

import model_zoo
import qnn_testing as qt


def test_qat_cnn_int8(tmp_path):
    model = model_zoo.get("qat_cnn")
    x, labels = model.x_test[:500], model.y_test[:500]
    imported = qt.import_onnx(model.onnx, tmp_path / "qat.mlir")
    quantized = tmp_path / "int8.mlir"
    qt.run([qt.tool("quant-opt"), imported, "--qnn-convert-fake-quant", "-o",
            quantized])
    text = quantized.read_text()
    # Every conv / fc in INT8: the only dequantize left is the logits'.
    assert text.count("qnn.dequantize") == 1, text
    assert "qnn.fake_quant" not in text and "qnn.observe" not in text

    ours = qt.interpret(quantized, [x], tmp_path / "int8", samples=True)
    fake = qt.interpret(imported, [x], tmp_path / "fake", samples=True)
    torch_out = model.torch_out[:500]
    acc_ours = model_zoo.accuracy(ours, labels)
    acc_fake = model_zoo.accuracy(fake, labels)
    acc_torch = model_zoo.accuracy(torch_out, labels)
    agree = float((ours.reshape(len(labels), -1).argmax(-1) ==
                   torch_out.reshape(len(labels), -1).argmax(-1)).mean())
    err = qt.relative_l2(ours, torch_out)
    print(f"qat_cnn ({len(labels)} samples): top-1 torch fake-quant "
          f"{acc_torch:.4f} (extra: {model.extra['torch_accuracy']:.4f}), "
          f"imported fake-quant (interpreter) {acc_fake:.4f}, int8 "
          f"{acc_ours:.4f}; top-1 agreement with torch {agree:.4f}; logits "
          f"rel-L2 int8 vs torch {err:.4f}")
    # The torch logits are themselves fake-quantized (scale ~0.084): the
    # predictions that differ are ties or one step of that scale apart, and
    # may go either way (4 of 500 measured), so a paired test decides
    # whether ours is worse; nearly all agree.
    qt.assert_top1_no_worse(ours, torch_out, labels)
    assert agree >= 0.99


def test_qat_cnn_int8_matches_fake_quant_on_all_digits(tmp_path):
    """The issue's criterion, INT8 within 0.3 points of the fake-quant
    model, measured on all 1,797 digits: both are the same trained model, so
    the question is conversion fidelity, and on the 500 held-out digits one
    prediction is already 0.2 points. With the same scales, the two differ
    only in rounding: real INT8 rounds the bias to i32 at s_in * s_w (fake
    quantization keeps it float) and requantizes with an f32 multiplier, so
    a few logits land one step of the output scale apart; those predictions
    go either way."""
    model = model_zoo.get("qat_cnn")
    x_train, y_train, x_test, y_test = model_zoo.digits()
    x = np.concatenate([x_test, x_train])[:, None]
    labels = np.concatenate([y_test, y_train])
    imported = qt.import_onnx(model.onnx, tmp_path / "qat.mlir")
    quantized = tmp_path / "int8.mlir"
    qt.run([qt.tool("quant-opt"), imported, "--qnn-convert-fake-quant", "-o",
            quantized])
    ours = qt.interpret(quantized, [x], tmp_path / "int8", samples=True)
    fake = qt.interpret(imported, [x], tmp_path / "fake", samples=True)
    acc_ours = model_zoo.accuracy(ours, labels)
    acc_fake = model_zoo.accuracy(fake, labels)
    agree = float((ours.reshape(len(labels), -1).argmax(-1) ==
                   fake.reshape(len(labels), -1).argmax(-1)).mean())
    print(f"\nqat_cnn, all {len(labels)} digits: top-1 fake-quant "
          f"{acc_fake:.4f}, int8 {acc_ours:.4f} "
          f"({100 * (acc_ours - acc_fake):+.2f} points); top-1 agreement "
          f"{agree:.4f}")
    assert abs(acc_ours - acc_fake) <= 0.003
    assert agree >= 0.99
