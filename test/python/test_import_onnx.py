"""The ONNX importer on its own (`quant-translate --import-onnx`):

* every model of onnx_models.py imports, and the IR re-parses with quant-opt;
* every broken model of test/Import/ONNX/make_models.py exits with code 1
  and one error line (never a crash);
* randomly mutated models (seeded) exit with 0 or 1, never a signal;
* small PyTorch models (a transformer encoder, masked attention with
  tanh-GELU, a bidirectional LSTM, a CNN with batch norm), exported at
  opsets 13, 14 and 17 with and without constant folding, import with a
  symbolic batch given by --input-shape and, when quant-run is built, run
  to PyTorch's outputs.

Tools come from $QNN_BUILD_DIR/bin (default <repo>/build/bin); tests whose
tool is missing are skipped.
"""

import os
import random
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import onnx
import pytest

import onnx_models

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("QNN_BUILD_DIR", REPO / "build"))
sys.path.insert(0, str(REPO / "test" / "Import" / "ONNX"))
import make_models  # noqa: E402


def _tool(name):
    path = BUILD / "bin" / name
    if not path.exists():
        pytest.skip(f"{path} is not built (set QNN_BUILD_DIR)")
    return str(path)


def _translate(model_path, out, input_shapes=()):
    cmd = [_tool("quant-translate"), "--import-onnx", str(model_path), "-o",
           str(out)]
    for shape in input_shapes:
        cmd += ["--input-shape", shape]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(onnx_models.CASES))
def test_case_imports_and_reparses(name, tmp_path):
    case = onnx_models.build(name)
    path = tmp_path / f"{name}.onnx"
    onnx.save(case.model, str(path))
    proc = _translate(path, tmp_path / "out.mlir", case.input_shapes)
    assert proc.returncode == 0, proc.stderr
    opt = subprocess.run([_tool("quant-opt"), str(tmp_path / "out.mlir")],
                         capture_output=True, text=True)
    assert opt.returncode == 0, opt.stderr


@pytest.mark.parametrize("name", sorted(make_models.BROKEN))
def test_broken_model_is_one_error(name, tmp_path):
    make_models.main(["make_models.py", str(tmp_path), name])
    proc = _translate(tmp_path / f"{name}.onnx", tmp_path / "out.mlir")
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "error: " in lines[0], proc.stderr


def _mutate(model, rnd):
    """One random structural change: an attribute value, an op type, an
    input list, an initializer's dims or type, a graph input's shape."""
    g = model.graph
    choice = rnd.randrange(5)
    ints = [-3, -1, 0, 1, 2, 7, 1 << 31, -(1 << 40)]
    if choice == 0 and len(g.node):
        node = rnd.choice(g.node)
        for a in node.attribute:
            if a.type == onnx.AttributeProto.INT:
                a.i = rnd.choice(ints)
            elif a.type == onnx.AttributeProto.INTS and len(a.ints):
                a.ints[rnd.randrange(len(a.ints))] = rnd.choice(ints)
    elif choice == 1 and len(g.node):
        rnd.choice(g.node).op_type = rnd.choice(
            ["Conv", "Gemm", "Reshape", "Slice", "Gather", "Concat", "LSTM",
             "MaxPool", "Pad", "DequantizeLinear", "Where", "Split"])
    elif choice == 2 and len(g.node):
        node = rnd.choice(g.node)
        if len(node.input) and rnd.random() < 0.5:
            del node.input[rnd.randrange(len(node.input))]
        else:
            node.input.append(rnd.choice(["", "x", "nope"]))
    elif choice == 3 and len(g.initializer):
        t = rnd.choice(g.initializer)
        if len(t.dims):
            t.dims[rnd.randrange(len(t.dims))] = rnd.choice(ints)
        else:
            t.data_type = rnd.choice([0, 2, 7, 8, 10, 99])
    elif len(g.input):
        dims = rnd.choice(g.input).type.tensor_type.shape.dim
        if len(dims):
            dims[rnd.randrange(len(dims))].dim_value = rnd.choice(
                [0, 1, 3, 1 << 40])


def test_mutated_models_never_crash(tmp_path):
    rnd = random.Random(1234)
    names = sorted(onnx_models.CASES)
    for i in range(120):
        case = onnx_models.build(rnd.choice(names))
        for _ in range(rnd.randint(1, 3)):
            _mutate(case.model, rnd)
        path = tmp_path / "m.onnx"
        path.write_bytes(case.model.SerializeToString())
        proc = _translate(path, tmp_path / "m.mlir", case.input_shapes)
        assert proc.returncode in (0, 1), (
            f"mutation {i}: exit {proc.returncode}\n{proc.stderr}")


# --------------------------------------------------------------------------
# PyTorch exports
# --------------------------------------------------------------------------


def _torch_models():
    torch = pytest.importorskip("torch")
    nn = torch.nn

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Linear(8, 16)
            layer = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.0,
                                               batch_first=True)
            self.enc = nn.TransformerEncoder(layer, 2)
            self.head = nn.Linear(16, 4)

        def forward(self, x):
            return self.head(self.enc(self.emb(x)).mean(dim=1))

    class MaskedAttention(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln = nn.LayerNorm(16)
            self.qkv = nn.Linear(16, 48)
            self.out = nn.Linear(16, 16)

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(self.ln(x)).chunk(3, dim=-1)

            def heads(z):
                return z.view(b, t, 2, d // 2).transpose(1, 2)

            q, k, v = heads(q), heads(k), heads(v)
            scores = q @ k.transpose(-2, -1) / (d // 2) ** 0.5
            r = torch.arange(t)
            scores = scores.masked_fill(r[None, :] > r[:, None],
                                        float("-inf"))
            y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
            return nn.functional.gelu(self.out(y), approximate="tanh") + x

    class BiLSTM(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(6, 8, batch_first=True, bidirectional=True)
            self.fc = nn.Linear(16, 3)

        def forward(self, x):
            y, _ = self.lstm(x)
            return self.fc(y[:, -1])

    class SmallCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
            self.bn = nn.BatchNorm2d(8)
            self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8)
            self.fc = nn.Linear(8, 5)

        def forward(self, x):
            x = nn.functional.relu6(self.bn(self.conv(x)))
            x = nn.functional.avg_pool2d(self.dw(x), 2)
            return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(
                x, 1), 1))

    torch.manual_seed(0)
    return torch, {
        "encoder": (Encoder(), (2, 5, 8)),
        "masked_attention": (MaskedAttention(), (2, 6, 16)),
        "bilstm": (BiLSTM(), (2, 7, 6)),
        "small_cnn": (SmallCNN(), (2, 3, 16, 16)),
    }


TORCH_CASES = [(name, opset, fold)
               for name in ("encoder", "masked_attention", "bilstm",
                            "small_cnn")
               for opset in (13, 14, 17) for fold in (True, False)]


@pytest.mark.parametrize(
    "name,opset,fold", TORCH_CASES,
    ids=[f"{n}-opset{o}-{'fold' if f else 'nofold'}"
         for n, o, f in TORCH_CASES])
def test_torch_export(name, opset, fold, tmp_path):
    _tool("quant-translate")
    torch, models = _torch_models()
    model, shape = models[name]
    model.eval()
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = model(x).numpy()
    onnx_path = tmp_path / f"{name}.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, str(onnx_path), opset_version=opset,
                          do_constant_folding=fold, input_names=["x"],
                          output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}})
    mlir = tmp_path / f"{name}.mlir"
    shape_arg = "x=" + "x".join(map(str, shape))
    proc = _translate(onnx_path, mlir, [shape_arg])
    assert proc.returncode == 0, proc.stderr

    run = BUILD / "bin" / "quant-run"
    if not run.exists():
        return
    np.save(tmp_path / "x.npy", x.numpy())
    proc = subprocess.run([str(run), "--interpret", str(mlir), "--input",
                           str(tmp_path / "x.npy"), "--output",
                           str(tmp_path / "y.npy")], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    actual = np.load(tmp_path / "y.npy")
    np.testing.assert_allclose(actual, expected, rtol=1e-4,
                               atol=1e-4 * np.abs(expected).max())
