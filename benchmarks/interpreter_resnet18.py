#!/usr/bin/env python3
"""Times the reference interpreter on torchvision's resnet18 (224x224, f32).

    benchmarks/interpreter_resnet18.py [--build build] [--repeats 5]

Exports resnet18 (random weights, fixed seed: no download) with
torch.onnx.export, imports it with `quant-translate --import-onnx` and runs
`quant-run --interpret --time`, then checks the interpreter's logits
against PyTorch's. When quant-translate is not built yet (or with
--direct), the model is written as qnn MLIR straight from the PyTorch
module instead (batch norm folded into the convolutions, as the ONNX
exporter does), so the interpreter can be timed on its own.

Target: at most 5 s per image, single-threaded (measured: about 0.1 s
on the 2-core AMD EPYC development machine).
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np


def fold_bn(conv, bn):
    """Conv weight and bias with the following batch norm folded in."""
    w = conv.weight.detach().numpy().astype(np.float64)
    b = (conv.bias.detach().numpy().astype(np.float64)
         if conv.bias is not None else np.zeros(w.shape[0]))
    gamma = bn.weight.detach().numpy().astype(np.float64)
    beta = bn.bias.detach().numpy().astype(np.float64)
    mean = bn.running_mean.detach().numpy().astype(np.float64)
    var = bn.running_var.detach().numpy().astype(np.float64)
    scale = gamma / np.sqrt(var + bn.eps)
    return ((w * scale[:, None, None, None]).astype(np.float32),
            ((b - mean) * scale + beta).astype(np.float32))


class Emitter:
    """Writes a func.func of qnn ops, one SSA value per line."""

    def __init__(self):
        self.lines = []
        self.count = 0

    def tensor(self, shape, elt="f32"):
        return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"

    def constant(self, array):
        array = np.ascontiguousarray(array, dtype=np.float32)
        name = f"%c{self.count}"
        self.count += 1
        hexdata = array.tobytes().hex().upper()
        self.lines.append(f'  {name} = arith.constant dense<"0x{hexdata}"> : '
                          f"{self.tensor(array.shape)}")
        return name

    def op(self, text, shape):
        name = f"%v{self.count}"
        self.count += 1
        self.lines.append(f"  {name} = {text} -> {self.tensor(shape)}")
        return name, shape

    def conv(self, x, conv, bn, relu):
        xv, xs = x
        w, b = fold_bn(conv, bn)
        wv, bv = self.constant(w), self.constant(b)
        s, p = conv.stride, conv.padding
        oh = (xs[2] + 2 * p[0] - w.shape[2]) // s[0] + 1
        ow = (xs[3] + 2 * p[1] - w.shape[3]) // s[1] + 1
        out = [xs[0], w.shape[0], oh, ow]
        act = " activation = #qnn.activation<relu>," if relu else ""
        return self.op(
            f"qnn.conv2d {xv}, {wv}, {bv} {{{act} strides = array<i64: {s[0]}, "
            f"{s[1]}>, padding = array<i64: {p[0]}, {p[1]}, {p[0]}, {p[1]}>}} : "
            f"({self.tensor(xs)}, {self.tensor(w.shape)}, "
            f"{self.tensor(b.shape)})", out)


def emit_resnet18(model, shape):
    e = Emitter()
    x = ("%x", list(shape))
    x = e.conv(x, model.conv1, model.bn1, relu=True)
    xs = x[1]
    out = [xs[0], xs[1], (xs[2] + 2 - 3) // 2 + 1, (xs[3] + 2 - 3) // 2 + 1]
    x = e.op(f"qnn.max_pool2d {x[0]} {{kernel = array<i64: 3, 3>, strides = "
             f"array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}} : "
             f"({e.tensor(xs)})", out)
    for layer in [model.layer1, model.layer2, model.layer3, model.layer4]:
        for block in layer:
            identity = x
            y = e.conv(x, block.conv1, block.bn1, relu=True)
            y = e.conv(y, block.conv2, block.bn2, relu=False)
            if block.downsample is not None:
                identity = e.conv(x, block.downsample[0], block.downsample[1],
                                  relu=False)
            x = e.op(f"qnn.add {y[0]}, {identity[0]} {{activation = "
                     f"#qnn.activation<relu>}} : ({e.tensor(y[1])}, "
                     f"{e.tensor(identity[1])})", y[1])
    xs = x[1]
    x = e.op(f"qnn.global_avg_pool2d {x[0]} : ({e.tensor(xs)})",
             [xs[0], xs[1], 1, 1])
    x = e.op(f"qnn.flatten {x[0]} {{axis = 1 : i64}} : {e.tensor(x[1])}",
             [xs[0], xs[1]])
    # flatten's syntax is `: type -> type`; fix the arrow form.
    e.lines[-1] = e.lines[-1].replace(") ->", " ->")
    w = model.fc.weight.detach().numpy()
    b = model.fc.bias.detach().numpy()
    wv, bv = e.constant(w), e.constant(b)
    x = e.op(f"qnn.fully_connected {x[0]}, {wv}, {bv} : ({e.tensor(x[1])}, "
             f"{e.tensor(w.shape)}, {e.tensor(b.shape)})", [xs[0], w.shape[0]])
    result = e.tensor(x[1])
    return ("func.func @main(%x: " + e.tensor(shape) + ") -> " + result +
            " {\n" + "\n".join(e.lines) + f"\n  return {x[0]} : {result}\n}}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--build", default=os.path.join(root, "build"),
                        help="build directory holding bin/quant-run")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--direct", action="store_true",
                        help="skip the ONNX importer, write MLIR directly")
    args = parser.parse_args()

    import torch
    import torchvision

    torch.manual_seed(0)
    model = torchvision.models.resnet18().eval()
    shape = (1, 3, 224, 224)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()

    bindir = os.path.join(args.build, "bin")
    translate = os.path.join(bindir, "quant-translate")
    with tempfile.TemporaryDirectory() as tmp:
        mlir = os.path.join(tmp, "resnet18.mlir")
        if args.direct or not os.path.exists(translate):
            print("writing qnn MLIR directly (no quant-translate)")
            with open(mlir, "w") as f:
                f.write(emit_resnet18(model, shape))
        else:
            onnx_path = os.path.join(tmp, "resnet18.onnx")
            torch.onnx.export(model, torch.from_numpy(x), onnx_path,
                              input_names=["x"], output_names=["logits"])
            subprocess.run([translate, "--import-onnx", onnx_path, "-o", mlir],
                           check=True)
        np.save(os.path.join(tmp, "x.npy"), x)
        cmd = [os.path.join(bindir, "quant-run"), "--interpret", mlir,
               "--input", os.path.join(tmp, "x.npy"),
               "--output", os.path.join(tmp, "y.npy"),
               "--time", "--repeats", str(args.repeats)]
        print(" ".join(cmd))
        subprocess.run(cmd, check=True)
        actual = np.load(os.path.join(tmp, "y.npy"))
    error = np.abs(actual - expected).max()
    print(f"max |interpreter - pytorch| = {error:.3g}")
    return 0 if error < 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
