"""PyTorch's own quantized models, exported to ONNX, against PyTorch.

torchvision's quantizable resnet18 and mobilenet_v2 go through PyTorch
1.13's eager-mode static quantization: the float weights of the zoo's
digits models (`resnet18_digits`, `mobilenet_v2_digits`: trained on
scikit-learn's digits upsampled to 32x32), `fuse_model`, the `onednn`
qconfig (histogram observer, u8 activations; s8 symmetric per-channel
weights), `prepare`, calibration on 128 training digits, `convert`. Debian's
PyTorch has no fbgemm engine (`supported_engines` lists qnnpack and
onednn), and qnnpack's weights are per tensor.

`torch.onnx.export` (opset 13) writes the result as a Q/DQ file, the kind
ONNX Runtime runs: an identity Cast between every QuantizeLinear and
DequantizeLinear, int32 biases behind DequantizeLinear with a zero point
computed as Cast(ConstantOfShape). We import it, quantize it with
`qnn-quantize-pipeline{scheme=static}` (no calibration: the file's scales),
run it in the reference interpreter, and compare with PyTorch's quantized
model on the same 128 held-out digits.

Input resolution is 32x32, the one the digits models were trained at (their
last feature maps are 1x1): at 64x64 their float predictions collapse onto
two classes (top-1 0.13), and random weights at 64x64 give logits that do
not depend on the input (mobilenet_v2: one class for all 200 digits), so
top-1 agreement would measure nothing. Both tests together take about 21 s
once the zoo models exist (test_quantization.py builds the same ones).
docs/Accuracy.md has the figures and where the two INT8s differ.
"""

import numpy as np
import onnx
import pytest

import model_zoo
import qnn_testing as qt

ENGINE = "onednn"
N_CALIB = 128
N_TEST = 128


def torch_quantized(name):
    """torchvision's quantizable `name` with the zoo's trained digits
    weights, quantized by PyTorch's eager mode. Returns (model, zoo model)."""
    import torch
    import torch.ao.quantization as tq
    import torchvision.models.quantization as qmodels

    assert ENGINE in torch.backends.quantized.supported_engines, \
        torch.backends.quantized.supported_engines
    torch.backends.quantized.engine = ENGINE
    zoo = model_zoo.get(f"{name}_digits")
    model = getattr(qmodels, name)(weights=None, quantize=False,
                                   num_classes=10)
    model.load_state_dict(model_zoo.torch_model(f"{name}_digits").state_dict())
    model.eval()
    model.fuse_model()
    model.qconfig = tq.get_default_qconfig(ENGINE)
    tq.prepare(model, inplace=True)
    with torch.no_grad():
        model(torch.from_numpy(zoo.x_calib[:N_CALIB, 0]))
    tq.convert(model, inplace=True)
    return model, zoo


def export(model, sample, path):
    import torch

    torch.onnx.export(model, torch.from_numpy(sample), str(path),
                      opset_version=13, input_names=["input"],
                      output_names=["output"])


def torch_patterns(path):
    """How many of the patterns this test is about the exported file has:
    (Casts between a QuantizeLinear and its DequantizeLinear, DQ zero points
    computed by Cast(ConstantOfShape))."""
    graph = onnx.load(str(path)).graph
    producer = {out: node for node in graph.node for out in node.output}

    def op_of(name):
        node = producer.get(name)
        return node.op_type if node else None

    q_casts = sum(1 for n in graph.node
                  if n.op_type == "Cast" and op_of(n.input[0]) ==
                  "QuantizeLinear")
    zp_casts = sum(1 for n in graph.node
                   if n.op_type == "DequantizeLinear" and len(n.input) > 2
                   and op_of(n.input[2]) == "Cast"
                   and op_of(producer[n.input[2]].input[0]) ==
                   "ConstantOfShape")
    return q_casts, zp_casts


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v2"])
def test_torch_qdq_export_matches_pytorch(name, tmp_path):
    import torch

    model, zoo = torch_quantized(name)
    x, labels = zoo.x_test[:N_TEST], zoo.y_test[:N_TEST]
    onnx_path = tmp_path / f"{name}.onnx"
    export(model, x[0], onnx_path)
    q_casts, zp_casts = torch_patterns(onnx_path)
    assert q_casts > 0 and zp_casts > 0, (q_casts, zp_casts)

    imported = qt.import_onnx(onnx_path, tmp_path / "qdq.mlir")
    quantized = tmp_path / "int8.mlir"
    qt.run([qt.tool("quant-opt"), imported,
            "--qnn-quantize-pipeline=scheme=static", "-o", quantized])
    text = quantized.read_text()
    # Every op in INT8 with the file's scales: nothing left to calibrate,
    # and the one dequantize is the logits'.
    assert "qnn.fake_quant" not in text and "qnn.observe" not in text
    assert text.count("qnn.dequantize") == 1, text
    share, _ = qt.int8_summary(quantized)
    assert share == 100.0

    ours = qt.interpret(quantized, [x], tmp_path / "int8", samples=True)
    with torch.no_grad():
        theirs = np.stack([model(torch.from_numpy(s)).numpy() for s in x])
    # The ONNX file's own semantics (Q/DQ in float), for the record: it
    # tells the export's rounding from ours.
    fake = qt.interpret(imported, [x], tmp_path / "fake", samples=True)

    n = len(x)
    classes = qt.top1_classes(theirs, n)
    agree = float((qt.top1_classes(ours, n) == classes).mean())
    err = qt.relative_l2(ours, theirs)
    print(f"\n{name} ({n} digits at 32x32, engine {ENGINE}): {q_casts} "
          f"Casts between Q and DQ, {zp_casts} Cast(ConstantOfShape) zero "
          f"points; {share:.1f} % of MACs in INT8; top-1 (labels) PyTorch "
          f"INT8 {model_zoo.accuracy(theirs, labels):.3f}, ours "
          f"{model_zoo.accuracy(ours, labels):.3f}; top-1 agreement "
          f"{agree:.3f}; logits rel-L2 ours vs PyTorch {err:.4f}, Q/DQ file "
          f"in float vs PyTorch {qt.relative_l2(fake, theirs):.4f}, ours vs "
          f"Q/DQ file in float {qt.relative_l2(ours, fake):.4f}; "
          f"{len(set(classes))} distinct top-1 classes")
    # The logits must depend on the input for agreement to mean anything.
    assert len(set(classes)) >= 5
    assert agree >= 0.95
    assert err <= 0.05
