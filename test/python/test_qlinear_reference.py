"""The interpreter's quantized arithmetic against an independent NumPy
implementation of ONNX's QuantizeLinear, QLinearConv, QLinearMatMul and
QLinearAdd, with the multiplier rounded as DESIGN.md (and
include/qnn/Interpreter/Numerics.h) define it: every scale rounded to f32,
M = (s_in * s_w) * (1 / s_out) in f32, one f32 multiply of the i32
accumulator, round half to even, saturate. Results must agree bit for bit.
"""

import numpy as np
import pytest

import qnn_testing as qt

F = np.float32


def rne(x):
    return np.rint(x)  # round half to even


def multiplier(s_in, s_w, s_out):
    return (F(s_in) * F(s_w)) * (F(1.0) / F(s_out))


def saturate(r, zp, lo, hi):
    return np.clip(r.astype(np.float64) + zp, lo, hi).astype(np.int64)


def quantize_linear(x, s, z, lo=0, hi=255):
    return saturate(rne(x.astype(F) / F(s)), z, lo, hi)


def qlinear_conv(x, zx, sx, w, sw, b, sy, zy):
    """NCHW, stride 1, pads 1, weights [F, C, 3, 3] with zero point 0."""
    n, c, h, wd = x.shape
    f = w.shape[0]
    xp = np.pad(x.astype(np.int64) - zx, ((0, 0), (0, 0), (1, 1), (1, 1)))
    acc = np.zeros((n, f, h, wd), np.int64)
    for kh in range(3):
        for kw in range(3):
            patch = xp[:, :, kh:kh + h, kw:kw + wd]
            acc += np.einsum("nchw,fc->nfhw", patch, w[:, :, kh, kw])
    acc += b[None, :, None, None]
    m = np.array([multiplier(sx, s, sy) for s in sw], F)[None, :, None, None]
    return saturate(rne(acc.astype(F) * m), zy, 0, 255)


def qlinear_matmul(x, zx, sx, w, sw, b, sy, zy):
    """y = x * w^T (+ b), w [N, K] per-row scales."""
    acc = (x.astype(np.int64) - zx) @ w.astype(np.int64).T + b[None, :]
    m = np.array([multiplier(sx, s, sy) for s in sw], F)[None, :]
    return saturate(rne(acc.astype(F) * m), zy, 0, 255)


def qlinear_add(a, za, sa, b, zb, sb, sy, zy):
    ma = F(sa) * (F(1.0) / F(sy))
    mb = F(sb) * (F(1.0) / F(sy))
    r = (ma * (a.astype(np.int64) - za).astype(F)) + \
        (mb * (b.astype(np.int64) - zb).astype(F))
    return saturate(rne(r.astype(F)), zy, 0, 255)


def per_axis(scales):
    return "{" + ",".join(repr(float(s)) for s in scales) + "}"


def run(tmp_path, text, inputs):
    model = tmp_path / "model.mlir"
    model.write_text(text)
    return qt.interpret(model, inputs, tmp_path).astype(np.int64)


def test_quantize_linear(tmp_path):
    rng = np.random.RandomState(0)
    s, z = 0.0173, 117
    # Ties and saturation included: exact multiples of s / 2 and far values.
    x = np.concatenate([rng.randn(200) * 2,
                        (np.arange(-20, 20) + 0.5) * s, [1e6, -1e6]]).astype(F)
    n = len(x)
    text = f"""
func.func @main(%x: tensor<{n}xf32>) -> tensor<{n}x!quant.uniform<u8:f32, {s}:{z}>> {{
  %0 = qnn.quantize %x : tensor<{n}xf32> -> tensor<{n}x!quant.uniform<u8:f32, {s}:{z}>>
  return %0 : tensor<{n}x!quant.uniform<u8:f32, {s}:{z}>>
}}"""
    got = run(tmp_path, text, [x])
    np.testing.assert_array_equal(got, quantize_linear(x, s, z))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_qlinear_conv(tmp_path, seed):
    rng = np.random.RandomState(seed)
    sx, zx, sy, zy = 0.02, 131, 0.05, 7
    sw = (rng.rand(4) * 0.01 + 0.001).astype(np.float64)
    x = rng.randint(0, 256, size=(1, 3, 5, 5)).astype(np.uint8)
    w = rng.randint(-127, 128, size=(4, 3, 3, 3)).astype(np.int8)
    b = rng.randint(-5000, 5000, size=4).astype(np.int32)
    sb = [sx * s for s in sw]
    xt = f"tensor<1x3x5x5x!quant.uniform<u8:f32, {sx}:{zx}>>"
    wt = f"tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {per_axis(sw)}>>"
    bt = f"tensor<4x!quant.uniform<i32:f32:0, {per_axis(sb)}>>"
    yt = f"tensor<1x4x5x5x!quant.uniform<u8:f32, {sy}:{zy}>>"
    blist = ", ".join(str(v) for v in b)
    w4 = np.array2string(w.astype(np.int64), separator=", ",
                         threshold=10**6).replace("\n", "")
    text = f"""
func.func @main(%x: {xt}) -> {yt} {{
  %wc = arith.constant dense<{w4}> : tensor<4x3x3x3xi8>
  %w = quant.scast %wc : tensor<4x3x3x3xi8> to {wt}
  %bc = arith.constant dense<[{blist}]> : tensor<4xi32>
  %b = quant.scast %bc : tensor<4xi32> to {bt}
  %0 = qnn.conv2d %x, %w, %b {{padding = array<i64: 1, 1, 1, 1>}} : ({xt}, {wt}, {bt}) -> {yt}
  return %0 : {yt}
}}"""
    got = run(tmp_path, text, [x])
    np.testing.assert_array_equal(
        got, qlinear_conv(x, zx, sx, w, sw, b.astype(np.int64), sy, zy))


def test_qlinear_matmul(tmp_path):
    rng = np.random.RandomState(3)
    sx, zx, sy, zy = 0.03, 100, 0.2, 128
    sw = (rng.rand(6) * 0.02 + 0.001).astype(np.float64)
    x = rng.randint(0, 256, size=(2, 16)).astype(np.uint8)
    w = rng.randint(-127, 128, size=(6, 16)).astype(np.int8)
    b = rng.randint(-3000, 3000, size=6).astype(np.int32)
    sb = [sx * s for s in sw]
    xt = f"tensor<2x16x!quant.uniform<u8:f32, {sx}:{zx}>>"
    wt = f"tensor<6x16x!quant.uniform<i8<-127:127>:f32:0, {per_axis(sw)}>>"
    bt = f"tensor<6x!quant.uniform<i32:f32:0, {per_axis(sb)}>>"
    yt = f"tensor<2x6x!quant.uniform<u8:f32, {sy}:{zy}>>"
    w2 = np.array2string(w.astype(np.int64), separator=", ",
                         threshold=10**6).replace("\n", "")
    blist = ", ".join(str(v) for v in b)
    text = f"""
func.func @main(%x: {xt}) -> {yt} {{
  %wc = arith.constant dense<{w2}> : tensor<6x16xi8>
  %w = quant.scast %wc : tensor<6x16xi8> to {wt}
  %bc = arith.constant dense<[{blist}]> : tensor<6xi32>
  %b = quant.scast %bc : tensor<6xi32> to {bt}
  %0 = qnn.fully_connected %x, %w, %b : ({xt}, {wt}, {bt}) -> {yt}
  return %0 : {yt}
}}"""
    got = run(tmp_path, text, [x])
    np.testing.assert_array_equal(
        got, qlinear_matmul(x, zx, sx, w, sw, b.astype(np.int64), sy, zy))


def test_qlinear_add(tmp_path):
    rng = np.random.RandomState(4)
    sa, za, sb, zb, sy, zy = 0.011, 3, 0.37, 200, 0.05, 90
    a = rng.randint(0, 256, size=(4, 64)).astype(np.uint8)
    b = rng.randint(0, 256, size=(4, 64)).astype(np.uint8)
    at = f"tensor<4x64x!quant.uniform<u8:f32, {sa}:{za}>>"
    bt = f"tensor<4x64x!quant.uniform<u8:f32, {sb}:{zb}>>"
    yt = f"tensor<4x64x!quant.uniform<u8:f32, {sy}:{zy}>>"
    text = f"""
func.func @main(%a: {at}, %b: {bt}) -> {yt} {{
  %0 = qnn.add %a, %b : ({at}, {bt}) -> {yt}
  return %0 : {yt}
}}"""
    got = run(tmp_path, text, [a, b])
    np.testing.assert_array_equal(got, qlinear_add(a, za, sa, b, zb, sb, sy, zy))
