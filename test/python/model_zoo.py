"""The networks the end-to-end tests run, made by the tests themselves.

Every model is built with PyTorch 1.13 (Debian's python3-torch), trained for a
few seconds where accuracy matters (scikit-learn's digits), exported to ONNX
in eval mode with BatchNormalization kept in the graph
(TrainingMode.PRESERVE), and cached under qnn_testing.CACHE together with the
held-out data and PyTorch's own outputs on it. Nothing is downloaded.

`get(name)` returns a ZooModel; `python3 model_zoo.py [name...]` builds them.
"""

import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import qnn_testing

_SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


@dataclass
class ZooModel:
    name: str
    onnx: Path
    x_test: np.ndarray  # samples stacked on axis 0, each with batch dim 1
    y_test: np.ndarray  # labels (or -1 when the model has none)
    torch_out: np.ndarray  # PyTorch's outputs on x_test, stacked the same
    x_calib: np.ndarray  # calibration samples (training split)
    extra: dict


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def digits(split_seed=0, n_test=500):
    """scikit-learn's 8x8 digits in [0, 1], a fixed train / held-out split."""
    from sklearn.datasets import load_digits

    d = load_digits()
    x = (d.images.astype(np.float32) / 16.0)[:, None]  # N x 1 x 8 x 8
    y = d.target.astype(np.int64)
    perm = np.random.RandomState(split_seed).permutation(len(x))
    test, train = perm[:n_test], perm[n_test:]
    return x[train], y[train], x[test], y[test]


def upscale(x, size=32):
    """8x8 grey digits to size x size x 3 (bilinear), for the torchvision nets."""
    import torch
    import torch.nn.functional as F

    t = F.interpolate(torch.from_numpy(x), size=(size, size), mode="bilinear",
                      align_corners=False)
    return t.repeat(1, 3, 1, 1).numpy()


# --------------------------------------------------------------------------
# Networks
# --------------------------------------------------------------------------


def _nets():
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class DigitsCNN(nn.Module):
        """Conv-BN-ReLU, a residual block, a strided conv, global pooling."""

        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.conv2 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(16)
            self.conv3 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
            self.bn3 = nn.BatchNorm2d(16)
            self.conv4 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
            self.bn4 = nn.BatchNorm2d(32)
            self.fc = nn.Linear(32, 10)

        def forward(self, x):
            x = F.relu(self.bn1(self.conv1(x)))
            y = F.relu(self.bn2(self.conv2(x)))
            y = self.bn3(self.conv3(y))
            x = F.relu(x + y)
            x = F.relu(self.bn4(self.conv4(x)))
            x = F.adaptive_avg_pool2d(x, 1).flatten(1)
            return self.fc(x)

    class DigitsMLP(nn.Module):
        """Gemm (Linear), MatMul + Add (a bare parameter), Softmax."""

        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(64, 64)
            self.w2 = nn.Parameter(torch.randn(64, 32) * 0.1)
            self.b2 = nn.Parameter(torch.zeros(32))
            self.fc3 = nn.Linear(32, 10)

        def forward(self, x):
            x = x.flatten(1)
            x = F.relu(self.fc1(x))
            x = F.relu(torch.matmul(x, self.w2) + self.b2)
            return F.softmax(self.fc3(x), dim=-1)

    class EncoderLayer(nn.Module):
        """Post-norm self-attention encoder layer written out in plain ops,
        so the export does not depend on PyTorch's fused fast path."""

        def __init__(self, d, heads, ff):
            super().__init__()
            self.d, self.heads = d, heads
            self.q = nn.Linear(d, d)
            self.k = nn.Linear(d, d)
            self.v = nn.Linear(d, d)
            self.o = nn.Linear(d, d)
            self.ln1 = nn.LayerNorm(d)
            self.ff1 = nn.Linear(d, ff)
            self.ff2 = nn.Linear(ff, d)
            self.ln2 = nn.LayerNorm(d)

        def forward(self, x):  # x: [B, S, D]
            b, s, d = x.shape
            h, dh = self.heads, self.d // self.heads

            def split(t):
                return t.reshape(b, s, h, dh).transpose(1, 2)  # B H S dh

            q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
            att = torch.softmax(torch.matmul(q, k.transpose(2, 3)) / dh**0.5,
                                dim=-1)
            ctx = torch.matmul(att, v).transpose(1, 2).reshape(b, s, d)
            x = self.ln1(x + self.o(ctx))
            return self.ln2(x + self.ff2(F.relu(self.ff1(x))))

    class TinyTransformer(nn.Module):
        """Each digit as a sequence of its 8 rows."""

        def __init__(self):
            super().__init__()
            self.embed = nn.Linear(8, 32)
            self.pos = nn.Parameter(torch.randn(1, 8, 32) * 0.1)
            self.enc = EncoderLayer(32, 4, 64)
            self.fc = nn.Linear(32, 10)

        def forward(self, x):  # [B, 1, 8, 8]
            h = self.embed(x.flatten(1, 2)) + self.pos
            h = self.enc(h)
            return self.fc(h.mean(dim=1))

    class LSTMClassifier(nn.Module):
        """Each digit as a sequence of its 8 rows, sequence-major."""

        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(8, 32)
            self.fc = nn.Linear(32, 10)

        def forward(self, x):  # [B, 1, 8, 8]
            seq = x.flatten(1, 2).transpose(0, 1)  # [8, B, 8]
            _, (h, _) = self.lstm(seq)
            return self.fc(h[-1])

    class QATNet(nn.Module):
        """A small CNN for quantization-aware training (eager-mode QAT)."""

        def __init__(self):
            super().__init__()
            from torch.ao.quantization import DeQuantStub, QuantStub

            self.quant = QuantStub()
            self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
            self.relu1 = nn.ReLU()
            self.conv2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
            self.relu2 = nn.ReLU()
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(32, 10)
            self.dequant = DeQuantStub()

        def forward(self, x):
            x = self.quant(x)
            x = self.relu1(self.conv1(x))
            x = self.relu2(self.conv2(x))
            x = self.pool(x).flatten(1)
            return self.dequant(self.fc(x))

    class DigitsConcat(nn.Module):
        """Two branches concatenated on channels, about 170x apart in range:
        conv-BN-ReLU6 features of the normalised image, and the local mean
        of raw 10-bit sensor intensities (0-1023, no normalisation), the way
        a network fed un-normalised data looks. A 1x1 conv mixes both."""

        def __init__(self):
            super().__init__()
            self.conv_a = nn.Conv2d(1, 16, 3, padding=1, bias=False)
            self.bn_a = nn.BatchNorm2d(16)
            self.mix = nn.Conv2d(17, 32, 1, bias=False)
            self.bn_mix = nn.BatchNorm2d(32)
            self.conv2 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
            self.fc = nn.Linear(32, 10)

        def branches(self, x):
            a = F.relu6(self.bn_a(self.conv_a(x)))
            b = F.avg_pool2d(x * 1023.0, 3, stride=1, padding=1)
            return a, b

        def forward(self, x):
            x = torch.cat(self.branches(x), 1)
            x = F.relu(self.bn_mix(self.mix(x)))
            x = F.relu(self.conv2(x))
            x = F.adaptive_avg_pool2d(x, 1).flatten(1)
            return self.fc(x)

    return dict(DigitsCNN=DigitsCNN, DigitsMLP=DigitsMLP,
                TinyTransformer=TinyTransformer, LSTMClassifier=LSTMClassifier,
                QATNet=QATNet, DigitsConcat=DigitsConcat)


# --------------------------------------------------------------------------
# Training and export
# --------------------------------------------------------------------------


def train(model, x, y, epochs, lr=1e-2, batch=64, seed=0, outputs_probs=False):
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            out = model(xt[idx])
            if outputs_probs:
                loss = F.nll_loss(torch.log(out + 1e-12), yt[idx])
            else:
                loss = F.cross_entropy(out, yt[idx])
            loss.backward()
            opt.step()
    model.eval()
    return model


def torch_outputs(model, x):
    """PyTorch's outputs, one sample (batch 1) at a time, stacked."""
    import torch

    with torch.no_grad():
        return np.stack([model(torch.from_numpy(s[None])).numpy() for s in x])


def export(model, sample, path, opset=13):
    import torch

    torch.onnx.export(model, torch.from_numpy(sample[None]), str(path),
                      opset_version=opset, input_names=["input"],
                      output_names=["output"],
                      training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=True)


def accuracy(logits, labels):
    return float((logits.reshape(len(labels), -1).argmax(-1) == labels).mean())


def _settle_batchnorm(model, shape, passes=4, seed=0):
    """Random weights: set BatchNorm statistics by a few training-mode
    passes over random data, so activations stay in a sane range."""
    import torch

    torch.manual_seed(seed)
    model.train()
    with torch.no_grad():
        for _ in range(passes):
            model(torch.randn(*shape))
    model.eval()
    return model


def _build(name, out_dir):
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(2)
    nets = _nets()
    xtr, ytr, xte, yte = digits()
    calib = xtr[:256]
    extra = {}

    if name in ("digits_cnn", "digits_mlp", "tiny_transformer_13",
                "tiny_transformer_17", "lstm", "digits_concat"):
        cls, epochs, lr, opset = {
            "digits_cnn": ("DigitsCNN", 30, 1e-2, 13),
            "digits_concat": ("DigitsConcat", 30, 1e-2, 13),
            "digits_mlp": ("DigitsMLP", 40, 1e-2, 13),
            "tiny_transformer_13": ("TinyTransformer", 40, 3e-3, 13),
            "tiny_transformer_17": ("TinyTransformer", 40, 3e-3, 17),
            "lstm": ("LSTMClassifier", 40, 1e-2, 13),
        }[name]
        model = train(nets[cls](), xtr, ytr, epochs, lr=lr,
                      outputs_probs=(cls == "DigitsMLP"))
        export(model, xte[0], out_dir / "model.onnx", opset=opset)
    elif name in ("resnet18_224", "mobilenet_v2_224"):
        import torchvision

        ctor = getattr(torchvision.models, name.rsplit("_", 1)[0])
        model = _settle_batchnorm(ctor(weights=None), (8, 3, 224, 224))
        rng = np.random.RandomState(1)
        xte = rng.randn(4, 1, 3, 224, 224).astype(np.float32)[:, 0]
        yte = np.full(len(xte), -1)
        calib = rng.randn(16, 3, 224, 224).astype(np.float32)
        export(model, xte[0], out_dir / "model.onnx")
    elif name in ("resnet18_digits", "mobilenet_v2_digits"):
        import torchvision

        ctor = getattr(torchvision.models, name.rsplit("_", 1)[0])
        xtr, xte, calib = upscale(xtr), upscale(xte), upscale(calib)
        model = train(ctor(weights=None, num_classes=10), xtr, ytr, 4,
                      lr=2e-3)
        export(model, xte[0], out_dir / "model.onnx")
    elif name == "qat_cnn":
        import torch.ao.quantization as tq

        torch.backends.quantized.engine = "onednn"
        # Train in float first, then fine-tune with fake quantization.
        model = train(nets["QATNet"](), xtr, ytr, 20, lr=5e-3)
        model.train()
        model = tq.fuse_modules_qat(model, [["conv1", "relu1"],
                                            ["conv2", "relu2"]])
        # Plain FakeQuantize modules (the default fused observer-fake-quant
        # op has no ONNX export): u8 asymmetric activations, s8 symmetric
        # per-channel weights, as ONNX QuantizeLinear can express them.
        model.qconfig = tq.QConfig(
            activation=tq.FakeQuantize.with_args(
                observer=tq.MovingAverageMinMaxObserver, quant_min=0,
                quant_max=255, dtype=torch.quint8),
            weight=tq.FakeQuantize.with_args(
                observer=tq.MovingAveragePerChannelMinMaxObserver,
                quant_min=-128, quant_max=127, dtype=torch.qint8,
                qscheme=torch.per_channel_symmetric))
        tq.prepare_qat(model, inplace=True)
        model = train(model, xtr, ytr, 5, lr=1e-3)
        model.apply(tq.disable_observer)
        export(model, xte[0], out_dir / "model.onnx")
    else:
        raise KeyError(f"unknown zoo model {name!r}")

    if name != "qat_cnn":
        torch.save(model.state_dict(), out_dir / "state_dict.pt")
    out = torch_outputs(model, xte)
    if (yte >= 0).all():
        extra["torch_accuracy"] = accuracy(out, yte)
    np.save(out_dir / "x_test.npy", xte[:, None])
    np.save(out_dir / "y_test.npy", yte)
    np.save(out_dir / "torch_out.npy", out)
    np.save(out_dir / "x_calib.npy", calib[:, None])
    np.save(out_dir / "extra.npy", extra, allow_pickle=True)


def _architecture(name):
    """A fresh (untrained) module with the architecture of zoo model `name`."""
    import torchvision

    nets = _nets()
    if name.startswith(("resnet18", "mobilenet_v2")):
        ctor = getattr(torchvision.models, name.rsplit("_", 1)[0])
        return ctor(weights=None, num_classes=10 if "digits" in name else 1000)
    cls = {"digits_cnn": "DigitsCNN", "digits_mlp": "DigitsMLP",
           "digits_concat": "DigitsConcat",
           "tiny_transformer_13": "TinyTransformer",
           "tiny_transformer_17": "TinyTransformer",
           "lstm": "LSTMClassifier"}[name]
    return nets[cls]()


def torch_model(name):
    """The trained float PyTorch module of zoo model `name`, in eval mode."""
    import torch

    model = get(name)
    module = _architecture(name)
    module.load_state_dict(torch.load(model.onnx.parent / "state_dict.pt"))
    return module.eval()


def torch_int8_outputs(name, calib, x):
    """PyTorch 1.13's own static INT8 (FX graph mode, onednn engine,
    per-channel weights) calibrated on `calib`, run on `x` one sample at a
    time: the baseline our quantization must match or beat."""
    import torch
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

    torch.backends.quantized.engine = "onednn"
    model = torch_model(name)
    example = (torch.from_numpy(calib[0]),)
    prepared = prepare_fx(model, get_default_qconfig_mapping("onednn"), example)
    with torch.no_grad():
        for sample in calib:
            prepared(torch.from_numpy(sample))
    quantized = convert_fx(prepared)
    with torch.no_grad():
        return np.stack([quantized(torch.from_numpy(s)).numpy() for s in x])


NAMES = ["digits_cnn", "digits_concat", "digits_mlp", "tiny_transformer_13",
         "tiny_transformer_17", "lstm", "resnet18_224", "mobilenet_v2_224",
         "resnet18_digits", "mobilenet_v2_digits", "qat_cnn"]


def get(name):
    out_dir = qnn_testing.CACHE / f"{name}-{_SOURCE_HASH}"
    if not (out_dir / "extra.npy").exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        start = time.time()
        _build(name, out_dir)
        print(f"built {name} in {time.time() - start:.1f} s", file=sys.stderr)
    return ZooModel(
        name=name,
        onnx=out_dir / "model.onnx",
        x_test=np.load(out_dir / "x_test.npy"),
        y_test=np.load(out_dir / "y_test.npy"),
        torch_out=np.load(out_dir / "torch_out.npy"),
        x_calib=np.load(out_dir / "x_calib.npy"),
        extra=np.load(out_dir / "extra.npy", allow_pickle=True).item(),
    )


if __name__ == "__main__":
    for n in sys.argv[1:] or NAMES:
        m = get(n)
        print(n, m.onnx, m.extra)
