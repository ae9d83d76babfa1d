"""Static INT8 on real networks: our pipeline against FP32 and against
PyTorch 1.13's own INT8 (FX graph mode, onednn engine, per-channel weights,
the same calibration samples), judged with the reference interpreter.

The flow is the command-line one the README documents:
quant-translate --import-onnx -> quant-opt --qnn-fold-batchnorm
--qnn-fuse-activations --qnn-insert-observers -> quant-run --calibrate ->
quant-opt --qnn-quantize-static -> quant-run --interpret.

The trained digits models are judged on held-out accuracy; the random-weight
resnet18 at 224, which has no labels, on top-1 agreement with FP32.
"""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import model_zoo
import qnn_testing as qt

# (zoo name, calibration samples, held-out samples, allowed top-1 drop,
# whether our logits' relative L2 must be at most PyTorch's outright).
#
# Against PyTorch's INT8, a plain inequality is kept only where ours led by
# at least three standard errors of the paired per-sample difference when
# measured (qnn_testing.paired_l2: digits CNN 0.0117 against 0.0143, z =
# -4.9; mobilenet_v2 0.0392 against 0.0569, z = -5.3). Elsewhere (resnet18
# 0.0129 against 0.0138, z = -1.8; every top-1, at most 4 samples apart) the
# paired test decides.
MODELS = [
    ("digits_cnn", 256, 500, 0.005, True),
    ("resnet18_digits", 128, 200, 0.01, False),
    ("mobilenet_v2_digits", 128, 200, 0.01, True),
]


def top1_agreement(actual, fp32):
    """Share of samples whose argmax equals FP32's."""
    n = len(fp32)
    return float((qt.top1_classes(actual, n) == qt.top1_classes(fp32, n))
                 .mean())


def against_pytorch(name, quantized, calib, x, labels, fp32, tmp_path):
    """Our INT8 and PyTorch's on `x`: (ours, theirs, top-1 of FP32 / ours /
    PyTorch's, relative L2 to FP32 of ours / PyTorch's)."""
    ours = qt.interpret(quantized, [x], tmp_path, samples=True)
    theirs = model_zoo.torch_int8_outputs(name, calib, x)
    acc = [model_zoo.accuracy(v, labels) for v in (fp32, ours, theirs)]
    err = [qt.relative_l2(v, fp32) for v in (ours, theirs)]
    return ours, theirs, acc, err


def quantize_static(model, calib, tmp_path, method="minmax"):
    _, calibrated = qt.calibrate(model.onnx, calib, tmp_path)
    quantized = tmp_path / f"int8-{method}.mlir"
    qt.run([qt.tool("quant-opt"), calibrated,
            f"--qnn-quantize-static=method={method}", "-o", quantized])
    return quantized


@pytest.mark.parametrize("name,n_calib,n_test,max_drop,l2_lead", MODELS,
                         ids=[m[0] for m in MODELS])
def test_static_int8_accuracy(name, n_calib, n_test, max_drop, l2_lead,
                              tmp_path):
    model = model_zoo.get(name)
    calib = model.x_calib[:n_calib]
    x, labels = model.x_test[:n_test], model.y_test[:n_test]
    fp32 = model.torch_out[:n_test]

    quantized = quantize_static(model, calib, tmp_path)
    text = quantized.read_text()
    # Everything but the final dequantize of the logits runs in INT8.
    assert text.count("qnn.dequantize") == 1, text
    ours, theirs, (acc_fp32, acc_ours, acc_torch), (err_ours, err_torch) = \
        against_pytorch(name, quantized, calib, x, labels, fp32, tmp_path)
    print(f"{name}: top-1 fp32 {acc_fp32:.3f} ours {acc_ours:.3f} "
          f"pytorch-int8 {acc_torch:.3f}; logits rel-L2 ours {err_ours:.4f} "
          f"pytorch-int8 {err_torch:.4f}")
    assert acc_ours >= acc_fp32 - max_drop
    qt.assert_top1_no_worse(ours, theirs, labels)
    qt.assert_l2_no_worse(ours, theirs, fp32)
    if l2_lead:
        assert err_ours <= err_torch

    # Share of MACs in INT8, and weight bytes against the float model.
    share, int8_bytes = qt.int8_summary(quantized)
    _, fp32_bytes = qt.int8_summary(tmp_path / "float.mlir")
    print(f"{name}: {share:.1f} % of MACs in INT8, weight bytes "
          f"{int8_bytes:.0f} / {fp32_bytes:.0f} = "
          f"{100 * int8_bytes / fp32_bytes:.1f} %")
    assert share >= 95.0
    assert int8_bytes <= 0.26 * fp32_bytes


def test_static_int8_digits_mlp(tmp_path):
    """The MLP (Gemm, MatMul + Add of a bare parameter, Softmax), calibrated
    on 256 samples as the digits CNN: top-1 within 0.5 points of FP32, and
    no worse than PyTorch's INT8 beyond sampling noise. Both tie on top-1;
    our probabilities' relative L2 is lower (0.0087 against 0.0134) but
    carried by a few samples (paired z = -2.0), so paired tests decide."""
    name = "digits_mlp"
    model = model_zoo.get(name)
    calib = model.x_calib[:256]
    x, labels, fp32 = model.x_test, model.y_test, model.torch_out

    quantized = quantize_static(model, calib, tmp_path)
    # MatMul + Add of the bare parameters w2, b2 is fused into a
    # fully_connected (qnn-fuse-activations); the one dequantize feeds the
    # Softmax.
    assert quantized.read_text().count("qnn.dequantize") == 1
    ours, theirs, (acc_fp32, acc_ours, acc_torch), (err_ours, err_torch) = \
        against_pytorch(name, quantized, calib, x, labels, fp32, tmp_path)
    share, int8_bytes = qt.int8_summary(quantized)
    _, fp32_bytes = qt.int8_summary(tmp_path / "float.mlir")
    print(f"{name}: top-1 fp32 {acc_fp32:.3f} ours {acc_ours:.3f} "
          f"pytorch-int8 {acc_torch:.3f}; probabilities rel-L2 ours "
          f"{err_ours:.4f} pytorch-int8 {err_torch:.4f}; {share:.1f} % of "
          f"MACs in INT8, weight bytes {int8_bytes:.0f} / {fp32_bytes:.0f}")
    assert acc_ours >= acc_fp32 - 0.005
    qt.assert_top1_no_worse(ours, theirs, labels)
    qt.assert_l2_no_worse(ours, theirs, fp32)
    assert share == 100.0


def test_static_int8_resnet18_224(tmp_path):
    """The random-weight resnet18 at 224, 64 calibration samples: top-1
    agreement with FP32 and logits relative L2 no worse than PyTorch's INT8
    beyond sampling noise (paired tests), and relative L2 <= 0.3.

    The zoo model has random weights and no data set; its inputs are
    standard normal images, so calibration and evaluation samples are drawn
    the same way here (the zoo caches only 16 + 4). 64 calibration and 320
    evaluation samples take about 75 s on two cores: with fewer, which of
    the near-tied predictions each INT8 flips decides the comparison."""
    name = "resnet18_224"
    model = model_zoo.get(name)
    rng = np.random.RandomState(224)
    calib = rng.randn(64, 1, 3, 224, 224).astype(np.float32)
    x = rng.randn(320, 1, 3, 224, 224).astype(np.float32)
    fp32 = model_zoo.torch_outputs(model_zoo.torch_model(name), x[:, 0])

    quantized = quantize_static(model, calib, tmp_path)
    assert quantized.read_text().count("qnn.dequantize") == 1
    ours = qt.interpret(quantized, [x], tmp_path, samples=True)
    theirs = model_zoo.torch_int8_outputs(name, calib, x)

    agree_ours = top1_agreement(ours, fp32)
    agree_torch = top1_agreement(theirs, fp32)
    err_ours = qt.relative_l2(ours, fp32)
    err_torch = qt.relative_l2(theirs, fp32)
    # A random network's logits are mostly a per-class constant; what
    # decides top-1 is the part that varies with the input (logits minus
    # their mean over the samples), whose relative L2 is printed too.
    n = len(x)
    centred = [v.reshape(n, -1) - v.reshape(n, -1).mean(0)
               for v in (ours, theirs, fp32)]
    var_ours = qt.relative_l2(centred[0], centred[2])
    var_torch = qt.relative_l2(centred[1], centred[2])
    share, int8_bytes = qt.int8_summary(quantized)
    _, fp32_bytes = qt.int8_summary(tmp_path / "float.mlir")
    print(f"{name}: top-1 agreement with fp32 ours {agree_ours:.3f} "
          f"pytorch-int8 {agree_torch:.3f}; logits rel-L2 ours "
          f"{err_ours:.4f} pytorch-int8 {err_torch:.4f}; input-dependent "
          f"part ours {var_ours:.4f} pytorch-int8 {var_torch:.4f}; "
          f"{share:.1f} % of MACs in INT8, weight bytes {int8_bytes:.0f} / "
          f"{fp32_bytes:.0f}")
    assert err_ours <= 0.3
    # The two INT8s are at parity (docs/Accuracy.md): their relative L2s
    # differ by under 1 %, either way with the calibration set, and the
    # FP32 logits' top two are a median 0.013 apart against a per-logit
    # error of 0.005 in both, so which near-ties each flips is largely
    # chance. Paired tests decide.
    qt.assert_top1_no_worse(ours, theirs, qt.top1_classes(fp32, n))
    qt.assert_l2_no_worse(ours, theirs, fp32)
    assert share >= 95.0
    assert int8_bytes <= 0.26 * fp32_bytes


def test_compare_report(tmp_path):
    """quant-run --compare names each quantized tensor and its ONNX node,
    and writes report.md and the SQNR plot (SVG)."""
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
    assert "![per-layer SQNR](sqnr.svg)" in text
    # The plot is SVG written by quant-run itself: one bar per row of the
    # table, each with the tensor's name and SQNR as its tooltip.
    svg = ET.parse(report / "sqnr.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in svg.iter(ns + "rect") if r.get("class") == "bar"]
    assert [b.find(ns + "title").text for b in bars] == [
        f"{r[1]}: {float(r[-2]):.2f}" for r in rows]
    heights = [float(b.get("height")) for b in bars]
    # Heights are proportional to the SQNR (all positive here).
    assert np.allclose(np.array(heights) / heights[0],
                       np.array(sqnr) / sqnr[0], rtol=1e-3)
    assert not (report / "sqnr.png").exists()
