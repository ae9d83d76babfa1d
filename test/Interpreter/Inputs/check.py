#!/usr/bin/env python3
"""NumPy reference for the interpreter tests, and the comparison they run.

    check.py ACTUAL.npy EXPR [name=FILE.npy ...] [--exact | --tol T]

Evaluates EXPR (Python, with the reference functions below and every
`name=FILE.npy` loaded as `name`) and compares it with ACTUAL: bit-exact
with --exact (quantized results), else |a - e| <= T * (1 + |e|) (float
results, default T = 1e-5). Prints "ok" or the first mismatches; exits 1
on a mismatch.

The reference is written independently of the C++ interpreter, straight
from the formulas in DESIGN.md and the op descriptions: float ops are
computed in f64 (so only the tolerance covers summation order), quantized
ops in exact integers plus the f32 steps the numerics prescribe (np.float32
arithmetic is IEEE f32 without FMA, np.round rounds half to even).
"""

import sys

import numpy as np

f32 = np.float32

# ---------------------------------------------------------------------------
# Quantization numerics (DESIGN.md, "Numerics"; docs/Rationale.md,
# "Interpreter numerics").
# ---------------------------------------------------------------------------


def rne(x):
    return np.round(np.asarray(x, dtype=f32))


def saturate(r, z, qmin, qmax):
    """clamp(r + z) exactly, NaN to qmin."""
    v = np.asarray(r, dtype=np.float64) + z
    v = np.where(np.isnan(v), qmin, v)
    return np.clip(v, qmin, qmax).astype(np.int64)


def quantize(x, s, z, qmin, qmax, axis=None):
    """clamp(rne(x / s) + z); s, z per channel along `axis` when given."""
    x = np.asarray(x, dtype=f32)
    s, z = bcast(s, x.ndim, axis, f32), bcast(z, x.ndim, axis, np.int64)
    return saturate(rne(x / s), z, qmin, qmax)


def dequantize(q, s, z, axis=None):
    q = np.asarray(q, dtype=np.int64)
    s, z = bcast(s, q.ndim, axis, f32), bcast(z, q.ndim, axis, np.int64)
    return (q - z).astype(f32) * s


def bcast(v, ndim, axis, dtype):
    v = np.asarray(v, dtype=dtype)
    if axis is None or v.ndim == 0:
        return v
    shape = [1] * ndim
    shape[axis] = v.size
    return v.reshape(shape)


def multiplier(s_in, s_w, s_out):
    """M = (f32(s_in) * f32(s_w)) * (1 / f32(s_out)), f32 throughout."""
    s_w = np.asarray(s_w, dtype=f32)
    return (f32(s_in) * s_w) * (f32(1) / f32(s_out))


def requant(acc, m, z, qmin, qmax):
    """clamp(rne(float(acc) * M) + z)."""
    acc = np.asarray(acc, dtype=np.int64).astype(np.int32).astype(f32)
    return saturate(rne(acc * np.asarray(m, dtype=f32)), z, qmin, qmax)


def act_range(lo, hi, s, z, qmin, qmax):
    """The integer range of a quantized result with a fused clamp [lo, hi]."""
    qlo = qmin if lo is None else max(qmin, int(quantize(lo, s, z, qmin, qmax)))
    qhi = qmax if hi is None else min(qmax, int(quantize(hi, s, z, qmin, qmax)))
    return qlo, qhi


def dynamic_quantize(x):
    """ONNX DynamicQuantizeLinear: (q, s, z)."""
    x = np.asarray(x, dtype=f32)
    lo = min(f32(0), x.min()) if x.size else f32(0)
    hi = max(f32(0), x.max()) if x.size else f32(0)
    s = f32(1) if hi == lo else f32(hi - lo) / f32(255)
    z = int(saturate(rne(-lo / s), 0, 0, 255))
    return quantize(x, s, z, 0, 255), s, z


# ---------------------------------------------------------------------------
# Convolution, products
# ---------------------------------------------------------------------------


def conv2d(x, w, b=None, stride=(1, 1), pad=(0, 0, 0, 0), dil=(1, 1),
           groups=1, padval=0):
    """NCHW convolution in f64 (float) or int64 (integers)."""
    integer = np.issubdtype(np.asarray(x).dtype, np.integer)
    dt = np.int64 if integer else np.float64
    x, w = np.asarray(x, dt), np.asarray(w, dt)
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    xp = np.full((n, c, h + pad[0] + pad[2], wd + pad[1] + pad[3]), padval,
                 dt)
    xp[:, :, pad[0]:pad[0] + h, pad[1]:pad[1] + wd] = x
    oh = (xp.shape[2] - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (xp.shape[3] - dil[1] * (kw - 1) - 1) // stride[1] + 1
    y = np.zeros((n, f, oh, ow), dt)
    fg = f // groups
    for g in range(groups):
        xs = xp[:, g * cg:(g + 1) * cg]
        ws = w[g * fg:(g + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dil[0]:i * dil[0] + stride[0] * (oh - 1) + 1:stride[0],
                           j * dil[1]:j * dil[1] + stride[1] * (ow - 1) + 1:stride[1]]
                y[:, g * fg:(g + 1) * fg] += np.einsum("nchw,fc->nfhw", patch,
                                                       ws[:, :, i, j])
    if b is not None:
        y += np.asarray(b, dt)[None, :, None, None]
    return y


def qconv2d(qx, sx, zx, qw, sw, sy, zy, qmin, qmax, qb=None, lo=None,
            hi=None, **kw):
    """Static INT8 conv: padding reads z_x, i.e. adds (z_x - z_x) * w = 0."""
    acc = conv2d(np.asarray(qx, np.int64) - zx, qw, qb, **kw)
    m = multiplier(sx, sw, sy)
    qlo, qhi = act_range(lo, hi, sy, zy, qmin, qmax)
    return requant(acc, bcast(m, 4, 1, f32), zy, qlo, qhi)


def clamp(x, lo=None, hi=None):
    x = np.asarray(x)
    if lo is not None:
        x = np.maximum(x, lo)
    if hi is not None:
        x = np.minimum(x, hi)
    return x


def matmul(a, b):
    return np.matmul(np.asarray(a, np.float64), np.asarray(b, np.float64))


def fc(x, w, b=None):
    y = np.asarray(x, np.float64) @ np.asarray(w, np.float64).T
    return y if b is None else y + np.asarray(b, np.float64)


def dynamic_fc(x, qw, sw, b=None):
    """Dynamic form: x quantized at run time, acc = (q_x - z_x) @ q_w.T in
    i32, y = float(acc) * (s_x * s_w[n]) (+ b), f32. sw: [N] or one scale."""
    qx, sx, zx = dynamic_quantize(x)
    return dynamic_product(qx, sx, zx, qw, sw, b)


def dynamic_product(qx, sx, zx, qw, sw, b=None):
    qx = np.asarray(qx, np.int64) - zx
    qw = np.asarray(qw, np.int64)
    sw = np.broadcast_to(np.asarray(sw, f32).reshape(-1), (qw.shape[0],))
    acc = (qx @ qw.T).astype(np.int32)
    y = acc.astype(f32) * (f32(sx) * sw)
    if b is not None:
        y = (y + np.asarray(b, f32)).astype(f32)
    return y


# ---------------------------------------------------------------------------
# Pools, reductions, normalization
# ---------------------------------------------------------------------------


def pool2d(x, kernel, stride=(1, 1), pad=(0, 0, 0, 0), dil=(1, 1),
           ceil=False, mode="max", include_pad=False):
    """Returns (values per window as a list of arrays, counts) folded by
    `mode`: 'max' -> max over inside positions, 'sum' -> (sum, count)."""
    x = np.asarray(x)
    n, c, h, w = x.shape

    def out_size(i, k, s, pb, pe, d):
        span = i + pb + pe - d * (k - 1) - 1
        o = (-(-span // s) if ceil else span // s) + 1
        if ceil and (o - 1) * s >= i + pb:
            o -= 1
        return o

    oh = out_size(h, kernel[0], stride[0], pad[0], pad[2], dil[0])
    ow = out_size(w, kernel[1], stride[1], pad[1], pad[3], dil[1])
    out = np.zeros((n, c, oh, ow), np.float64 if mode != "max" else x.dtype)
    counts = np.zeros((oh, ow), np.int64)
    for i in range(oh):
        for j in range(ow):
            rows = [i * stride[0] + a * dil[0] - pad[0] for a in range(kernel[0])]
            cols = [j * stride[1] + b * dil[1] - pad[1] for b in range(kernel[1])]
            r_in = [r for r in rows if 0 <= r < h]
            c_in = [q for q in cols if 0 <= q < w]
            win = x[:, :, r_in][:, :, :, c_in]
            if mode == "max":
                out[:, :, i, j] = win.max(axis=(2, 3))
            else:
                out[:, :, i, j] = win.astype(np.float64).sum(axis=(2, 3))
                if include_pad:
                    r_pad = [r for r in rows if r < h + pad[2]]
                    c_pad = [q for q in cols if q < w + pad[3]]
                    counts[i, j] = len(r_pad) * len(c_pad)
                else:
                    counts[i, j] = len(r_in) * len(c_in)
    return out if mode == "max" else (out, counts)


def avg_pool2d(x, kernel, **kw):
    s, cnt = pool2d(x, kernel, mode="sum", **kw)
    return s / cnt


def qavg_pool2d(q, zin, sin, sout, zout, qmin, qmax, kernel, **kw):
    s, cnt = pool2d(np.asarray(q, np.int64) - zin, kernel, mode="sum", **kw)
    m = avg_multiplier(sin, sout, cnt)
    return requant(s.astype(np.int64), m, zout, qmin, qmax)


def avg_multiplier(sin, sout, count):
    """M = f32(s_in) * (1 / (f32(s_out) * f32(count)))."""
    return f32(sin) * (f32(1) / (f32(sout) * np.asarray(count).astype(f32)))


def qmean(q, axes, zin, sin, sout, zout, qmin, qmax, keepdims=True):
    q = np.asarray(q, np.int64) - zin
    s = q.sum(axis=axes, keepdims=keepdims)
    count = q.size // s.size
    return requant(s, avg_multiplier(sin, sout, count), zout, qmin, qmax)


def batch_norm(x, g, b, m, v, eps=1e-5):
    sh = (1, -1) + (1,) * (np.ndim(x) - 2)
    x = np.asarray(x, np.float64)
    r = lambda a: np.asarray(a, np.float64).reshape(sh)
    return (x - r(m)) / np.sqrt(r(v) + eps) * r(g) + r(b)


def softmax(x, axis=-1):
    x = np.asarray(x, np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def layer_norm(x, g, b=None, axis=-1, eps=1e-5):
    x = np.asarray(x, np.float64)
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps) * g
    return y if b is None else y + b


def sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, np.float64)))


def lstm(x, w, r, b=None, h0=None, c0=None, direction="forward",
         quantized=None):
    """ONNX LSTM, gates i, o, f, c. quantized = (sw, sr) per-row scales of
    the (integer) w and r: dynamic quantization of X_t and H_{t-1}."""
    seq, batch, _ = x.shape
    dirs, gates, _ = w.shape
    hidden = gates // 4
    y = np.zeros((seq, dirs, batch, hidden))
    yh = np.zeros((dirs, batch, hidden))
    yc = np.zeros((dirs, batch, hidden))
    for d in range(dirs):
        h = np.zeros((batch, hidden)) if h0 is None else np.array(h0[d], np.float64)
        c = np.zeros((batch, hidden)) if c0 is None else np.array(c0[d], np.float64)
        rev = direction == "reverse" or d == 1
        for step in range(seq):
            t = seq - 1 - step if rev else step
            if quantized is None:
                g = x[t] @ w[d].T.astype(np.float64) + h @ r[d].T.astype(np.float64)
            else:
                sw, sr = quantized
                g = (dynamic_fc(x[t], w[d], sw[d]).astype(np.float64) +
                     dynamic_fc(h.astype(f32), r[d], sr[d]))
            if b is not None:
                g = g + b[d][:gates] + b[d][gates:]
            i, o, f, cc = (g[:, k * hidden:(k + 1) * hidden] for k in range(4))
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(cc)
            h = sigmoid(o) * np.tanh(c)
            if quantized is not None:
                h = h.astype(f32).astype(np.float64)
            y[t, d] = h
        yh[d], yc[d] = h, c
    return y, yh, yc


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------


def main(argv):
    exact = "--exact" in argv
    argv = [a for a in argv if a != "--exact"]
    tol = 1e-5
    if "--tol" in argv:
        i = argv.index("--tol")
        tol = float(argv[i + 1])
        del argv[i:i + 2]
    actual_path, expr = argv[0], argv[1]
    env = dict(globals())
    env["np"] = np
    for binding in argv[2:]:
        name, path = binding.split("=", 1)
        env[name] = np.load(path)
    actual = np.load(actual_path)
    expected = np.asarray(eval(expr, env))
    if actual.shape != expected.shape:
        print(f"shape mismatch: actual {actual.shape}, expected {expected.shape}")
        return 1
    if exact:
        bad = actual.astype(np.int64) != expected.astype(np.int64) \
            if np.issubdtype(actual.dtype, np.integer) else \
            actual.astype(f32).view(np.int32) != expected.astype(f32).view(np.int32)
    else:
        e = expected.astype(np.float64)
        bad = ~(np.abs(actual.astype(np.float64) - e) <= tol * (1 + np.abs(e)))
    if bad.any():
        idx = np.argwhere(bad)[:5]
        print(f"{int(bad.sum())} of {bad.size} elements differ, e.g.")
        for i in idx:
            t = tuple(i)
            print(f"  at {list(t)}: actual {actual[t]!r}, expected {expected[t]!r}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
