"""One small ONNX model per op (and attribute variant) the importer supports,
built with onnx.helper, each with inputs and NumPy reference outputs.

`CASES` maps a case name to a function returning a `Case`. The lit tests
(test/Import/ONNX/make_models.py) save the models; test_onnx_ops.py imports
each with quant-translate, runs it with `quant-run --interpret` and compares
with the reference. Everything is deterministic (fixed seeds).

`python3 onnx_models.py OUT_DIR [name...]` writes <name>.onnx and the
inputs / expected outputs as <name>.in<i>.npy / <name>.out<i>.npy.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F32 = TensorProto.FLOAT
I64 = TensorProto.INT64


@dataclass
class Case:
    name: str
    model: onnx.ModelProto
    inputs: list  # NumPy arrays, in graph-input order
    expected: list  # NumPy reference outputs, in graph-output order
    input_shapes: list = field(default_factory=list)  # --input-shape args
    rtol: float = 1e-5
    atol: float = 1e-6


CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def rng(seed=0):
    return np.random.RandomState(seed)


def randn(*shape, seed=0):
    return rng(seed).standard_normal(shape).astype(np.float32)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def make_model(name, nodes, inputs, outputs, initializers=(), opset=13):
    """`inputs`: (name, array or dtype+shape) pairs; outputs: names (shapes
    are left to the importer) or (name, dtype, shape) triples."""
    in_infos = []
    for entry in inputs:
        if isinstance(entry, onnx.ValueInfoProto):
            in_infos.append(entry)
            continue
        n, a = entry
        dtype = helper.np_dtype_to_tensor_dtype(a.dtype) if hasattr(
            helper, "np_dtype_to_tensor_dtype") else \
            onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype]
        in_infos.append(helper.make_tensor_value_info(n, dtype, a.shape))
    out_infos = []
    for o in outputs:
        if isinstance(o, tuple):
            out_infos.append(helper.make_tensor_value_info(*o))
        else:
            out_infos.append(helper.make_tensor_value_info(o, F32, None))
    graph = helper.make_graph(nodes, name, in_infos, out_infos,
                              list(initializers))
    return helper.make_model(graph, producer_name="onnx_models.py",
                             opset_imports=[helper.make_opsetid("", opset)])


def simple(name, node, inputs, expected, initializers=(), opset=13, **kw):
    """A one-node model; `inputs` are (name, array) graph inputs."""
    model = make_model(name, [node], inputs, list(node.output), initializers,
                       opset)
    return Case(name, model, [a for _, a in inputs],
                [np.asarray(e, np.float32) for e in expected], **kw)


# --------------------------------------------------------------------------
# NumPy references
# --------------------------------------------------------------------------


def ref_conv(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0),
             dilations=(1, 1), group=1):
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, f, oh, ow))
    fg = f // group
    for g in range(group):
        xs = xp[:, g * cg:(g + 1) * cg]
        ws = w[g * fg:(g + 1) * fg]
        for i in range(oh):
            for j in range(ow):
                r0, c0 = i * strides[0], j * strides[1]
                patch = xs[:, :, r0:r0 + dilations[0] * (kh - 1) + 1:dilations[0],
                           c0:c0 + dilations[1] * (kw - 1) + 1:dilations[1]]
                y[:, g * fg:(g + 1) * fg, i, j] = np.einsum(
                    "nchw,fchw->nf", patch, ws)
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def _pool_out(size, k, s, pb, pe, d, ceil):
    span = size + pb + pe - d * (k - 1) - 1
    out = (-(-span // s) if ceil else span // s) + 1
    if ceil and (out - 1) * s >= size + pb:
        out -= 1
    return out


def ref_pool(x, kernel, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1),
             ceil=False, kind="max", count_include_pad=False):
    n, c, h, w = x.shape
    oh = _pool_out(h, kernel[0], strides[0], pads[0], pads[2], dilations[0], ceil)
    ow = _pool_out(w, kernel[1], strides[1], pads[1], pads[3], dilations[1], ceil)
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            vals, count = [], 0
            for a in range(kernel[0]):
                for b in range(kernel[1]):
                    r = i * strides[0] + a * dilations[0] - pads[0]
                    q = j * strides[1] + b * dilations[1] - pads[1]
                    inside_pad = (-pads[0] <= r < h + pads[2]) and (
                        -pads[1] <= q < w + pads[3])
                    if 0 <= r < h and 0 <= q < w:
                        vals.append(x[:, :, r, q].astype(np.float64))
                        count += 1
                    elif inside_pad and count_include_pad:
                        count += 1
            if kind == "max":
                y[:, :, i, j] = np.max(vals, axis=0)
            else:
                y[:, :, i, j] = np.sum(vals, axis=0) / count
    return y


def ref_softmax(x, axis=-1):
    x = x.astype(np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def ref_layer_norm(x, scale, bias=None, axis=-1, eps=1e-5):
    x = x.astype(np.float64)
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps) * scale
    return y + bias if bias is not None else y


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def ref_lstm(x, w, r, b=None, h0=None, c0=None, direction="forward"):
    """ONNX LSTM, gates i, o, f, c; x [S, B, I]; returns Y, Y_h, Y_c."""
    x, w, r = (a.astype(np.float64) for a in (x, w, r))
    s, bsz, _ = x.shape
    dirs, four_h, _ = w.shape
    hid = four_h // 4
    b = np.zeros((dirs, 8 * hid)) if b is None else b.astype(np.float64)
    h0 = np.zeros((dirs, bsz, hid)) if h0 is None else h0.astype(np.float64)
    c0 = np.zeros((dirs, bsz, hid)) if c0 is None else c0.astype(np.float64)
    y = np.zeros((s, dirs, bsz, hid))
    yh, yc = np.zeros((dirs, bsz, hid)), np.zeros((dirs, bsz, hid))
    for d in range(dirs):
        reverse = direction == "reverse" or (direction == "bidirectional"
                                             and d == 1)
        h, c = h0[d], c0[d]
        steps = range(s - 1, -1, -1) if reverse else range(s)
        for t in steps:
            g = x[t] @ w[d].T + h @ r[d].T + b[d, :four_h] + b[d, four_h:]
            gi, go, gf, gc = np.split(g, 4, axis=1)
            i, o, f = sigmoid(gi), sigmoid(go), sigmoid(gf)
            c = f * c + i * np.tanh(gc)
            h = o * np.tanh(c)
            y[t, d] = h
        yh[d], yc[d] = h, c
    return y, yh, yc


def fake_quant(x, scale, zp, qmin, qmax, axis=None):
    """ONNX QuantizeLinear then DequantizeLinear, in f32 like the op."""
    x = x.astype(np.float32)
    scale = np.asarray(scale, np.float32)
    zp = np.asarray(zp, np.float32)
    if axis is not None and scale.size > 1:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zp = scale.reshape(shape), zp.reshape(shape)
    q = np.clip(np.rint(x / scale) + zp, qmin, qmax)
    return ((q - zp) * scale).astype(np.float32)


# --------------------------------------------------------------------------
# Conv and pools
# --------------------------------------------------------------------------


def _conv_case(name, x_shape, w_shape, bias=True, **attrs):
    x, w = randn(*x_shape, seed=1), randn(*w_shape, seed=2)
    b = randn(w_shape[0], seed=3)
    inits = [const("w", w)] + ([const("b", b)] if bias else [])
    node = helper.make_node("Conv", ["x", "w"] + (["b"] if bias else []),
                            ["y"], name=name, **attrs)
    return x, w, b if bias else None, node, inits


@case
def conv_basic():
    x, w, b, node, inits = _conv_case("conv_basic", (1, 3, 8, 8), (4, 3, 3, 3))
    return simple("conv_basic", node, [("x", x)], [ref_conv(x, w, b)], inits)


@case
def conv_pads_strides_dilations():
    attrs = dict(pads=[1, 2, 0, 1], strides=[2, 1], dilations=[1, 2])
    x, w, b, node, inits = _conv_case("conv_psd", (2, 3, 9, 9), (5, 3, 3, 3),
                                      **attrs)
    return simple("conv_pads_strides_dilations", node, [("x", x)],
                  [ref_conv(x, w, b, (2, 1), (1, 2, 0, 1), (1, 2))], inits)


@case
def conv_group():
    x, w, b, node, inits = _conv_case("conv_group", (1, 4, 6, 6), (6, 2, 3, 3),
                                      group=2, pads=[1, 1, 1, 1])
    return simple("conv_group", node, [("x", x)],
                  [ref_conv(x, w, b, pads=(1, 1, 1, 1), group=2)], inits)


@case
def conv_depthwise():
    x, w, b, node, inits = _conv_case("conv_dw", (1, 4, 6, 6), (4, 1, 3, 3),
                                      bias=False, group=4, strides=[2, 2])
    return simple("conv_depthwise", node, [("x", x)],
                  [ref_conv(x, w, None, strides=(2, 2), group=4)], inits)


@case
def conv_auto_pad_same_upper():
    x, w, b, node, inits = _conv_case("conv_same", (1, 2, 7, 7), (3, 2, 4, 4),
                                      auto_pad="SAME_UPPER", strides=[2, 2])
    # out = ceil(7/2) = 4; total pad = 3*2 + 4 - 7 = 3 -> begin 1, end 2.
    return simple("conv_auto_pad_same_upper", node, [("x", x)],
                  [ref_conv(x, w, b, (2, 2), (1, 1, 2, 2))], inits)


@case
def conv_auto_pad_same_lower():
    x, w, b, node, inits = _conv_case("conv_same_lower", (1, 2, 7, 7),
                                      (3, 2, 4, 4), auto_pad="SAME_LOWER",
                                      strides=[2, 2])
    return simple("conv_auto_pad_same_lower", node, [("x", x)],
                  [ref_conv(x, w, b, (2, 2), (2, 2, 1, 1))], inits)


@case
def conv_1d():
    x, w, b = randn(1, 3, 10, seed=1), randn(4, 3, 3, seed=2), randn(4, seed=3)
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv1d",
                            pads=[1, 1])
    y = ref_conv(x[:, :, None], w[:, :, None], b, pads=(0, 1, 0, 1))[:, :, 0]
    return simple("conv_1d", node, [("x", x)], [y],
                  [const("w", w), const("b", b)])


def _pool_case(name, op, x_shape=(1, 2, 7, 7), ref_kind="max", **attrs):
    x = randn(*x_shape, seed=4)
    node = helper.make_node(op, ["x"], ["y"], name=name, **attrs)
    return x, node


@case
def maxpool_basic():
    x, node = _pool_case("maxpool", "MaxPool", kernel_shape=[2, 2],
                         strides=[2, 2])
    return simple("maxpool_basic", node, [("x", x)],
                  [ref_pool(x, (2, 2), (2, 2))])


@case
def maxpool_pads_ceil_dilations():
    x, node = _pool_case("maxpool_pcd", "MaxPool", kernel_shape=[3, 2],
                         strides=[2, 2], pads=[1, 0, 1, 1], ceil_mode=1,
                         dilations=[1, 2])
    return simple("maxpool_pads_ceil_dilations", node, [("x", x)],
                  [ref_pool(x, (3, 2), (2, 2), (1, 0, 1, 1), (1, 2), True)])


@case
def maxpool_same_upper():
    x, node = _pool_case("maxpool_same", "MaxPool", kernel_shape=[3, 3],
                         strides=[2, 2], auto_pad="SAME_UPPER")
    # out = 4, total pad = 3*2 + 3 - 7 = 2 -> 1, 1.
    return simple("maxpool_same_upper", node, [("x", x)],
                  [ref_pool(x, (3, 3), (2, 2), (1, 1, 1, 1))])


@case
def averagepool_basic():
    x, node = _pool_case("avgpool", "AveragePool", kernel_shape=[3, 3],
                         strides=[2, 2])
    return simple("averagepool_basic", node, [("x", x)],
                  [ref_pool(x, (3, 3), (2, 2), kind="avg")])


@case
def averagepool_pads_exclude():
    x, node = _pool_case("avgpool_ex", "AveragePool", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1])
    return simple("averagepool_pads_exclude", node, [("x", x)],
                  [ref_pool(x, (3, 3), pads=(1, 1, 1, 1), kind="avg")])


@case
def averagepool_pads_include_ceil():
    x, node = _pool_case("avgpool_in", "AveragePool", kernel_shape=[2, 2],
                         strides=[2, 2], pads=[1, 1, 0, 0],
                         count_include_pad=1, ceil_mode=1)
    return simple("averagepool_pads_include_ceil", node, [("x", x)],
                  [ref_pool(x, (2, 2), (2, 2), (1, 1, 0, 0), ceil=True,
                            kind="avg", count_include_pad=True)])


@case
def global_average_pool():
    x = randn(2, 3, 5, 4, seed=5)
    node = helper.make_node("GlobalAveragePool", ["x"], ["y"], name="gap")
    return simple("global_average_pool", node, [("x", x)],
                  [x.astype(np.float64).mean(axis=(2, 3), keepdims=True)])


@case
def global_max_pool():
    x = randn(1, 3, 5, 4, seed=5)
    node = helper.make_node("GlobalMaxPool", ["x"], ["y"], name="gmp")
    return simple("global_max_pool", node, [("x", x)],
                  [x.max(axis=(2, 3), keepdims=True)])


# --------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------


@case
def batch_norm():
    x = randn(2, 3, 4, 4, seed=6)
    s, b, m = randn(3, seed=7), randn(3, seed=8), randn(3, seed=9)
    v = np.abs(randn(3, seed=10)) + 0.5
    node = helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"],
                            ["y"], name="bn", epsilon=1e-3)
    r = lambda a: a.astype(np.float64).reshape(1, -1, 1, 1)
    y = (x - r(m)) / np.sqrt(r(v) + 1e-3) * r(s) + r(b)
    return simple("batch_norm", node, [("x", x)], [y],
                  [const("s", s), const("b", b), const("m", m),
                   const("v", v)], opset=15)


@case
def softmax():
    x = randn(2, 3, 5, seed=11)
    node = helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=1)
    return simple("softmax", node, [("x", x)], [ref_softmax(x, 1)])


@case
def softmax_default_axis():
    x = randn(2, 7, seed=12)
    node = helper.make_node("Softmax", ["x"], ["y"], name="softmax_last")
    return simple("softmax_default_axis", node, [("x", x)], [ref_softmax(x)])


@case
def layer_norm_17():
    x, g, b = randn(2, 3, 8, seed=13), randn(8, seed=14), randn(8, seed=15)
    node = helper.make_node("LayerNormalization", ["x", "g", "b"], ["y"],
                            name="ln", epsilon=1e-5)
    return simple("layer_norm_17", node, [("x", x)],
                  [ref_layer_norm(x, g, b)], [const("g", g), const("b", b)],
                  opset=17)


@case
def layer_norm_17_axis():
    x, g = randn(2, 3, 4, seed=13), randn(3, 4, seed=14)
    node = helper.make_node("LayerNormalization", ["x", "g"], ["y"],
                            name="ln2", axis=-2)
    return simple("layer_norm_17_axis", node, [("x", x)],
                  [ref_layer_norm(x, g, None, axis=-2)], [const("g", g)],
                  opset=17)


@case
def layer_norm_13_decomposed():
    """What torch.onnx exports for nn.LayerNorm at opset 13."""
    x, g, b = randn(2, 4, 6, seed=16), randn(6, seed=17), randn(6, seed=18)
    nodes = [
        helper.make_node("ReduceMean", ["x"], ["mean"], axes=[-1]),
        helper.make_node("Sub", ["x", "mean"], ["d"]),
        helper.make_node("Pow", ["d", "two"], ["d2"]),
        helper.make_node("ReduceMean", ["d2"], ["var"], axes=[-1]),
        helper.make_node("Add", ["var", "eps"], ["ve"]),
        helper.make_node("Sqrt", ["ve"], ["std"]),
        helper.make_node("Div", ["d", "std"], ["n"]),
        helper.make_node("Mul", ["n", "g"], ["ng"]),
        helper.make_node("Add", ["ng", "b"], ["y"]),
    ]
    inits = [const("two", np.float32(2.0)), const("eps", np.float32(1e-5)),
             const("g", g), const("b", b)]
    model = make_model("layer_norm_13_decomposed", nodes, [("x", x)], ["y"],
                       inits)
    return Case("layer_norm_13_decomposed", model, [x],
                [ref_layer_norm(x, g, b).astype(np.float32)], atol=1e-5)


# --------------------------------------------------------------------------
# Matrix products
# --------------------------------------------------------------------------


def _gemm(name, trans_a=0, trans_b=0, alpha=1.0, beta=1.0, c_shape=(5,),
          b_const=True):
    a = randn(*((4, 3) if trans_a else (3, 4)), seed=19)
    bm = randn(*((5, 4) if trans_b else (4, 5)), seed=20)
    inputs, inits = [("a", a)], []
    if b_const:
        inits.append(const("b", bm))
    else:
        inputs.append(("b", bm))
    ins = ["a", "b"]
    c = None
    if c_shape is not None:
        c = randn(*c_shape, seed=21)
        inits.append(const("c", c))
        ins.append("c")
    node = helper.make_node("Gemm", ins, ["y"], name=name, transA=trans_a,
                            transB=trans_b, alpha=alpha, beta=beta)
    a64 = a.T if trans_a else a
    b64 = bm.T if trans_b else bm
    y = alpha * (a64.astype(np.float64) @ b64)
    if c is not None:
        y = y + beta * c
    return simple(name, node, inputs, [y], inits)


@case
def gemm_basic():
    return _gemm("gemm_basic")


@case
def gemm_trans_b():
    return _gemm("gemm_trans_b", trans_b=1)


@case
def gemm_trans_a_alpha_beta():
    return _gemm("gemm_trans_a_alpha_beta", trans_a=1, alpha=0.5, beta=2.0)


@case
def gemm_matrix_c():
    return _gemm("gemm_matrix_c", c_shape=(3, 5), beta=0.5)


@case
def gemm_no_c():
    return _gemm("gemm_no_c", trans_b=1, c_shape=None)


@case
def gemm_runtime_b():
    return _gemm("gemm_runtime_b", trans_b=1, alpha=2.0, b_const=False)


@case
def matmul_2d():
    a, b = randn(3, 4, seed=22), randn(4, 5, seed=23)
    node = helper.make_node("MatMul", ["a", "b"], ["y"], name="mm")
    return simple("matmul_2d", node, [("a", a)], [a.astype(np.float64) @ b],
                  [const("b", b)])


@case
def matmul_batched_broadcast():
    a, b = randn(2, 3, 4, seed=24), randn(4, 5, seed=25)
    node = helper.make_node("MatMul", ["a", "b"], ["y"], name="mm_b")
    return simple("matmul_batched_broadcast", node, [("a", a), ("b", b)],
                  [np.matmul(a.astype(np.float64), b)])


@case
def matmul_1d():
    a, b = randn(4, seed=26), randn(2, 4, 3, seed=27)
    node = helper.make_node("MatMul", ["a", "b"], ["y"], name="mm_1d")
    return simple("matmul_1d", node, [("a", a), ("b", b)],
                  [np.matmul(a.astype(np.float64), b)])


# --------------------------------------------------------------------------
# Elementwise
# --------------------------------------------------------------------------


def _binary(op, a, b, ref):
    node = helper.make_node(op, ["a", "b"], ["y"], name=op.lower())
    return simple(op.lower() + "_broadcast", node, [("a", a), ("b", b)],
                  [ref(a.astype(np.float64), b.astype(np.float64))])


@case
def add_broadcast():
    return _binary("Add", randn(2, 3, 4, seed=28), randn(3, 1, seed=29),
                   np.add)


@case
def sub_broadcast():
    return _binary("Sub", randn(2, 3, 4, seed=30), randn(4, seed=31),
                   np.subtract)


@case
def mul_broadcast():
    return _binary("Mul", randn(2, 1, 4, seed=32), randn(3, 1, seed=33),
                   np.multiply)


@case
def div_broadcast():
    b = np.abs(randn(4, seed=35)) + 0.5
    return _binary("Div", randn(2, 3, 4, seed=34), b, np.divide)


@case
def pow_broadcast():
    a = np.abs(randn(2, 3, seed=36)) + 0.1
    return _binary("Pow", a, randn(3, seed=37), np.power)


@case
def pow_int_exponent():
    x = randn(2, 3, seed=38)
    node = helper.make_node("Pow", ["x", "e"], ["y"], name="pow2")
    return simple("pow_int_exponent", node, [("x", x)],
                  [x.astype(np.float64) ** 2], [const("e", np.int64(2))])


def _unary(op, x, ref, name=None):
    node = helper.make_node(op, ["x"], ["y"], name=op.lower())
    return simple(name or op.lower(), node, [("x", x)],
                  [ref(x.astype(np.float64))])


@case
def relu():
    return _unary("Relu", randn(2, 5, seed=39), lambda x: np.maximum(x, 0))


@case
def sqrt():
    return _unary("Sqrt", np.abs(randn(2, 5, seed=40)), np.sqrt)


@case
def exp():
    return _unary("Exp", randn(2, 5, seed=41), np.exp)


@case
def tanh():
    return _unary("Tanh", randn(2, 5, seed=42), np.tanh)


@case
def sigmoid_op():
    return _unary("Sigmoid", randn(2, 5, seed=43), sigmoid, "sigmoid_op")


@case
def neg():
    return _unary("Neg", randn(2, 5, seed=44), np.negative)


@case
def reciprocal():
    return _unary("Reciprocal", np.abs(randn(2, 5, seed=45)) + 0.5,
                  np.reciprocal)


@case
def clip_relu6_inputs():
    x = randn(2, 8, seed=46) * 5
    node = helper.make_node("Clip", ["x", "lo", "hi"], ["y"], name="relu6")
    return simple("clip_relu6_inputs", node, [("x", x)], [np.clip(x, 0, 6)],
                  [const("lo", np.float32(0)), const("hi", np.float32(6))])


@case
def clip_min_only():
    x = randn(2, 8, seed=47)
    node = helper.make_node("Clip", ["x", "lo"], ["y"], name="clip_min")
    return simple("clip_min_only", node, [("x", x)], [np.maximum(x, -0.5)],
                  [const("lo", np.float32(-0.5))])


@case
def clip_attributes_opset6_style():
    """Clip bounds as attributes (what pre-opset-11 exporters wrote)."""
    x = randn(2, 8, seed=48) * 5
    node = helper.make_node("Clip", ["x"], ["y"], name="clip_attr", min=-1.0,
                            max=2.0)
    return simple("clip_attributes_opset6_style", node, [("x", x)],
                  [np.clip(x, -1, 2)])


# --------------------------------------------------------------------------
# Shape ops
# --------------------------------------------------------------------------


@case
def concat():
    a, b = randn(1, 2, 3, seed=49), randn(1, 4, 3, seed=50)
    node = helper.make_node("Concat", ["a", "b", "c"], ["y"], name="concat",
                            axis=1)
    c = randn(1, 1, 3, seed=51)
    return simple("concat", node, [("a", a), ("b", b)],
                  [np.concatenate([a, b, c], axis=1)], [const("c", c)])


@case
def reduce_mean():
    x = randn(2, 3, 4, seed=52)
    node = helper.make_node("ReduceMean", ["x"], ["y"], name="rm", axes=[1, -1],
                            keepdims=0)
    return simple("reduce_mean", node, [("x", x)],
                  [x.astype(np.float64).mean(axis=(1, 2))])


@case
def reduce_mean_all_keepdims():
    x = randn(2, 3, 4, seed=53)
    node = helper.make_node("ReduceMean", ["x"], ["y"], name="rm_all")
    return simple("reduce_mean_all_keepdims", node, [("x", x)],
                  [x.astype(np.float64).mean(keepdims=True)])


@case
def flatten():
    x = randn(2, 3, 4, 5, seed=54)
    node = helper.make_node("Flatten", ["x"], ["y"], name="flatten", axis=2)
    return simple("flatten", node, [("x", x)], [x.reshape(6, 20)])


@case
def reshape_zero_minus_one():
    x = randn(2, 3, 4, seed=55)
    node = helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape")
    return simple("reshape_zero_minus_one", node, [("x", x)],
                  [x.reshape(2, 12)], [const("shape", np.array([0, -1]))])


@case
def transpose():
    x = randn(2, 3, 4, seed=56)
    node = helper.make_node("Transpose", ["x"], ["y"], name="transpose",
                            perm=[1, 2, 0])
    return simple("transpose", node, [("x", x)], [x.transpose(1, 2, 0)])


@case
def transpose_default():
    x = randn(2, 3, 4, seed=57)
    node = helper.make_node("Transpose", ["x"], ["y"], name="transpose_rev")
    return simple("transpose_default", node, [("x", x)], [x.transpose()])


@case
def squeeze():
    x = randn(2, 1, 3, 1, seed=58)
    node = helper.make_node("Squeeze", ["x", "axes"], ["y"], name="squeeze")
    return simple("squeeze", node, [("x", x)], [x.reshape(2, 3, 1)],
                  [const("axes", np.array([1]))])


@case
def squeeze_all():
    x = randn(1, 3, 1, seed=59)
    node = helper.make_node("Squeeze", ["x"], ["y"], name="squeeze_all")
    return simple("squeeze_all", node, [("x", x)], [x.reshape(3)])


@case
def unsqueeze():
    x = randn(2, 3, seed=60)
    node = helper.make_node("Unsqueeze", ["x", "axes"], ["y"], name="unsq")
    return simple("unsqueeze", node, [("x", x)], [x.reshape(1, 2, 1, 3)],
                  [const("axes", np.array([0, -2]))])


@case
def slice_steps():
    x = randn(4, 10, seed=61)
    node = helper.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["y"],
                            name="slice")
    inits = [const("st", np.array([1, -8])), const("en", np.array([100, 9])),
             const("ax", np.array([0, 1])), const("sp", np.array([2, 3]))]
    return simple("slice_steps", node, [("x", x)], [x[1:100:2, -8:9:3]], inits)


@case
def slice_negative_step():
    x = randn(3, 6, seed=62)
    node = helper.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["y"],
                            name="slice_rev")
    inits = [const("st", np.array([-1])), const("en", np.array([-100])),
             const("ax", np.array([1])), const("sp", np.array([-2]))]
    return simple("slice_negative_step", node, [("x", x)], [x[:, ::-2]],
                  inits)


@case
def split():
    x = randn(2, 6, seed=63)
    node = helper.make_node("Split", ["x", "sizes"], ["y0", "y1"],
                            name="split", axis=1)
    model = make_model("split", [node], [("x", x)], ["y0", "y1"],
                       [const("sizes", np.array([2, 4]))])
    return Case("split", model, [x], [x[:, :2], x[:, 2:]])


@case
def pad_constant():
    x = randn(1, 2, 3, seed=64)
    node = helper.make_node("Pad", ["x", "pads", "v"], ["y"], name="pad")
    pads = np.array([0, 1, 2, 0, 0, 1])
    return simple("pad_constant", node, [("x", x)],
                  [np.pad(x, ((0, 0), (1, 0), (2, 1)), constant_values=1.5)],
                  [const("pads", pads), const("v", np.float32(1.5))])


@case
def pad_negative():
    x = randn(3, 5, seed=65)
    node = helper.make_node("Pad", ["x", "pads"], ["y"], name="pad_crop")
    return simple("pad_negative", node, [("x", x)],
                  [np.pad(x, ((1, 0), (0, 0)))[:, 1:3]],
                  [const("pads", np.array([1, -1, 0, -2]))])


@case
def gather_embedding():
    table = randn(10, 4, seed=66)
    ids = np.array([[1, 3, 9], [0, 0, 2]], np.int64)
    node = helper.make_node("Gather", ["table", "ids"], ["y"], name="embed")
    return simple("gather_embedding", node, [("ids", ids)], [table[ids]],
                  [const("table", table)])


@case
def gather_const_indices():
    x = randn(2, 5, 3, seed=67)
    node = helper.make_node("Gather", ["x", "idx"], ["y"], name="gather",
                            axis=1)
    idx = np.array([4, -1, 0])
    return simple("gather_const_indices", node, [("x", x)],
                  [np.take(x, idx, axis=1)], [const("idx", idx)])


@case
def gather_scalar_index():
    x = randn(2, 5, 3, seed=68)
    node = helper.make_node("Gather", ["x", "idx"], ["y"], name="gather0",
                            axis=1)
    return simple("gather_scalar_index", node, [("x", x)], [x[:, 2]],
                  [const("idx", np.int64(2))])


@case
def expand_runtime():
    x = randn(3, 1, seed=69)
    node = helper.make_node("Expand", ["x", "shape"], ["y"], name="expand")
    return simple("expand_runtime", node, [("x", x)],
                  [np.broadcast_to(x, (2, 3, 4))],
                  [const("shape", np.array([2, 1, 4]))])


@case
def identity_and_dropout():
    x = randn(2, 3, seed=70)
    nodes = [helper.make_node("Identity", ["x"], ["i"], name="identity"),
             helper.make_node("Dropout", ["i"], ["d"], name="dropout"),
             helper.make_node("Relu", ["d"], ["y"], name="relu")]
    model = make_model("identity_and_dropout", nodes, [("x", x)], ["y"])
    return Case("identity_and_dropout", model, [x], [np.maximum(x, 0)])


# --------------------------------------------------------------------------
# Constants and folding
# --------------------------------------------------------------------------


@case
def constant_node():
    x = randn(2, 3, seed=71)
    c = randn(2, 3, seed=72)
    nodes = [helper.make_node("Constant", [], ["c"], name="const",
                              value=numpy_helper.from_array(c)),
             helper.make_node("Add", ["x", "c"], ["y"], name="add")]
    model = make_model("constant_node", nodes, [("x", x)], ["y"])
    return Case("constant_node", model, [x], [x + c])


@case
def shape_subgraph_reshape():
    """torch's x.view(x.size(0), -1): Shape -> Gather -> Unsqueeze -> Concat
    -> Reshape, with a symbolic batch given by --input-shape."""
    x = randn(2, 3, 4, seed=73)
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
        helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"]),
        helper.make_node("Concat", ["n1", "minus1"], ["shape"], axis=0),
        helper.make_node("Reshape", ["x", "shape"], ["y"], name="view"),
    ]
    inits = [const("zero", np.int64(0)), const("axes0", np.array([0])),
             const("minus1", np.array([-1]))]
    xi = helper.make_tensor_value_info("x", F32, ["batch", 3, 4])
    model = make_model("shape_subgraph_reshape", nodes, [xi], ["y"], inits)
    return Case("shape_subgraph_reshape", model, [x], [x.reshape(2, 12)],
                input_shapes=["x=2x3x4"])


@case
def mask_subgraph_fold():
    """An attention-mask computation on constants (Range, Equal, Where,
    ConstantOfShape, Expand, Cast) folded into one constant."""
    x = randn(4, 4, seed=74)
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Slice", ["s", "zero", "one"], ["n"]),
        helper.make_node("Squeeze", ["n", "zero"], ["ns"]),
        helper.make_node("Range", ["izero", "ns", "ione"], ["r"]),
        helper.make_node("Unsqueeze", ["r", "one"], ["col"]),
        helper.make_node("Unsqueeze", ["r", "zero"], ["row"]),
        helper.make_node("Less", ["row", "col"], ["lt"]),
        helper.make_node("Not", ["lt"], ["ge"]),
        helper.make_node("Cast", ["ge"], ["gef"], to=F32),
        helper.make_node("ConstantOfShape", ["s"], ["zeros"],
                         value=numpy_helper.from_array(np.array([0.0],
                                                                np.float32))),
        helper.make_node("Equal", ["gef", "fone"], ["keep"]),
        helper.make_node("Where", ["keep", "zeros", "ninf"], ["mask"]),
        helper.make_node("Expand", ["mask", "s"], ["maske"]),
        helper.make_node("Add", ["x", "maske"], ["y"], name="masked"),
    ]
    inits = [const("zero", np.array([0])), const("one", np.array([1])),
             const("izero", np.int64(0)), const("ione", np.int64(1)),
             const("fone", np.float32(1)), const("ninf", np.float32(-1e4))]
    model = make_model("mask_subgraph_fold", nodes, [("x", x)], ["y"], inits)
    r = np.arange(4)
    mask = np.where(r[None, :] >= r[:, None], 0.0, -1e4)  # [i, j]: j >= i
    return Case("mask_subgraph_fold", model, [x], [x + mask])


@case
def minmax_fold():
    """Min and Max of constants, variadic float and int64 (a shape), folded
    at import time."""
    x = randn(6, seed=96)
    nodes = [
        helper.make_node("Min", ["a", "b", "c"], ["m"]),
        helper.make_node("Max", ["m", "d"], ["bound"]),
        helper.make_node("Max", ["s1", "s2"], ["shape"]),
        helper.make_node("Reshape", ["x", "shape"], ["r"]),
        helper.make_node("Add", ["r", "bound"], ["y"], name="add"),
    ]
    a = np.array([[1, -2, 3], [4, 5, -6]], np.float32)
    b = np.array([[0, 7, 3], [-4, 8, 1]], np.float32)
    c = np.array([[2, -3, 0.5], [9, 4, 2]], np.float32)
    d = np.array([[0.5, -1, 1], [-5, 4.5, -7]], np.float32)
    inits = [const("a", a), const("b", b), const("c", c), const("d", d),
             const("s1", np.array([1, 3])), const("s2", np.array([2, 1]))]
    model = make_model("minmax_fold", nodes, [("x", x)], ["y"], inits)
    bound = np.maximum(np.minimum(np.minimum(a, b), c), d)
    return Case("minmax_fold", model, [x], [x.reshape(2, 3) + bound])


@case
def where_masked_fill():
    """torch's masked_fill: Where(constant mask, constant, run-time)."""
    x = randn(2, 3, 3, seed=95)
    mask = np.triu(np.ones((3, 3), bool), 1)
    node = helper.make_node("Where", ["mask", "fill", "x"], ["y"],
                            name="masked_fill")
    return simple("where_masked_fill", node, [("x", x)],
                  [np.where(mask, -1e4, x)],
                  [const("mask", mask), const("fill", np.float32(-1e4))])


@case
def where_both_runtime():
    a, b = randn(2, 4, seed=96), randn(2, 4, seed=97)
    cond = np.array([True, False, False, True])
    node = helper.make_node("Where", ["c", "a", "b"], ["y"], name="where")
    return simple("where_both_runtime", node, [("a", a), ("b", b)],
                  [np.where(cond, a, b)], [const("c", cond)])


@case
def large_initializer_resource():
    """An initializer with more than 1024 elements becomes a dense_resource."""
    x, w = randn(2, 64, seed=75), randn(64, 32, seed=76)
    node = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm_big")
    return simple("large_initializer_resource", node, [("x", x)],
                  [x.astype(np.float64) @ w], [const("w", w)])


# --------------------------------------------------------------------------
# LSTM
# --------------------------------------------------------------------------


def _lstm(name, direction="forward", layout=0, with_state=True):
    s, bsz, feat, hid = 5, 2, 3, 4
    dirs = 2 if direction == "bidirectional" else 1
    x = randn(s, bsz, feat, seed=77)
    w = randn(dirs, 4 * hid, feat, seed=78) * 0.5
    r = randn(dirs, 4 * hid, hid, seed=79) * 0.5
    b = randn(dirs, 8 * hid, seed=80) * 0.5
    h0 = randn(dirs, bsz, hid, seed=81) if with_state else None
    c0 = randn(dirs, bsz, hid, seed=82) if with_state else None
    y, yh, yc = ref_lstm(x, w, r, b, h0, c0, direction)
    inits = [const("w", w), const("r", r), const("b", b)]
    ins = ["x", "w", "r", "b", ""]
    if with_state:
        ins += ["h0", "c0"]
    xin = x
    if layout == 1:
        xin = x.transpose(1, 0, 2).copy()
        y, yh, yc = y.transpose(2, 0, 1, 3), yh.transpose(1, 0, 2), \
            yc.transpose(1, 0, 2)
        if with_state:
            h0, c0 = h0.transpose(1, 0, 2), c0.transpose(1, 0, 2)
    if with_state:
        inits += [const("h0", h0.copy()), const("c0", c0.copy())]
    node = helper.make_node("LSTM", ins, ["y", "yh", "yc"], name=name,
                            hidden_size=hid, direction=direction,
                            layout=layout)
    model = make_model(name, [node], [("x", xin)], ["y", "yh", "yc"], inits,
                       opset=14)
    return Case(name, model, [xin], [a.astype(np.float32) for a in (y, yh, yc)])


@case
def lstm_forward():
    return _lstm("lstm_forward")


@case
def lstm_reverse_no_state():
    return _lstm("lstm_reverse_no_state", "reverse", with_state=False)


@case
def lstm_bidirectional():
    return _lstm("lstm_bidirectional", "bidirectional")


@case
def lstm_batch_first():
    return _lstm("lstm_batch_first", layout=1)


# --------------------------------------------------------------------------
# Quantization (Q-DQ)
# --------------------------------------------------------------------------


@case
def qdq_activation_per_tensor():
    x = randn(2, 8, seed=83) * 3
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"],
                              name="q"),
             helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"],
                              name="dq")]
    inits = [const("s", np.float32(0.05)), const("z", np.uint8(128))]
    model = make_model("qdq_activation_per_tensor", nodes, [("x", x)], ["y"],
                       inits)
    return Case("qdq_activation_per_tensor", model, [x],
                [fake_quant(x, 0.05, 128, 0, 255)], atol=0)


@case
def qdq_activation_per_axis():
    x = randn(2, 3, 4, seed=84) * 2
    s = np.array([0.02, 0.05, 0.1], np.float32)
    z = np.array([0, -3, 5], np.int8)
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"],
                              name="q", axis=1),
             helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"],
                              name="dq", axis=1)]
    model = make_model("qdq_activation_per_axis", nodes, [("x", x)], ["y"],
                       [const("s", s), const("z", z)])
    return Case("qdq_activation_per_axis", model, [x],
                [fake_quant(x, s, z, -128, 127, axis=1)], atol=0)


@case
def qdq_conv_int8_weights():
    """A QDQ conv: int8 per-channel weights and int32 bias through
    DequantizeLinear, activations through Q-DQ pairs."""
    x = np.abs(randn(1, 2, 5, 5, seed=85))
    wq = rng(86).randint(-127, 128, size=(3, 2, 3, 3)).astype(np.int8)
    ws = np.array([0.01, 0.02, 0.015], np.float32)
    xs = np.float32(0.02)
    bq = rng(87).randint(-500, 500, size=3).astype(np.int32)
    bs = (xs * ws).astype(np.float32)
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "xs", "xz"], ["xd"]),
        helper.make_node("DequantizeLinear", ["wq", "ws"], ["wd"], axis=0),
        helper.make_node("DequantizeLinear", ["bq", "bs"], ["bd"], axis=0),
        helper.make_node("Conv", ["xd", "wd", "bd"], ["y"], name="conv",
                         pads=[1, 1, 1, 1]),
    ]
    inits = [const("xs", xs), const("xz", np.uint8(0)), const("wq", wq),
             const("ws", ws), const("bq", bq), const("bs", bs)]
    model = make_model("qdq_conv_int8_weights", nodes, [("x", x)], ["y"],
                       inits)
    xd = fake_quant(x, xs, 0, 0, 255)
    wd = wq.astype(np.float32) * ws.reshape(-1, 1, 1, 1)
    bd = bq.astype(np.float32) * bs
    return Case("qdq_conv_int8_weights", model, [x],
                [ref_conv(xd, wd, bd, pads=(1, 1, 1, 1))])


@case
def qdq_float_weight_folded():
    """QuantizeLinear of a float initializer folds into an int8 constant."""
    x = randn(2, 4, seed=88)
    w = randn(4, 3, seed=89)
    nodes = [
        helper.make_node("QuantizeLinear", ["w", "ws", "wz"], ["wq"]),
        helper.make_node("DequantizeLinear", ["wq", "ws", "wz"], ["wd"]),
        helper.make_node("MatMul", ["x", "wd"], ["y"], name="mm"),
    ]
    inits = [const("w", w), const("ws", np.float32(0.02)),
             const("wz", np.int8(0))]
    model = make_model("qdq_float_weight_folded", nodes, [("x", x)], ["y"],
                       inits)
    wd = fake_quant(w, 0.02, 0, -128, 127)
    return Case("qdq_float_weight_folded", model, [x],
                [x.astype(np.float64) @ wd])


@case
def qdq_cast_between():
    """An identity Cast (to the QuantizeLinear's own type) between Q and DQ,
    as torch.onnx.export writes every pair; one Q, two Cast -> DQ paths."""
    x = randn(2, 8, seed=95) * 3
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"],
                              name="q"),
             helper.make_node("Cast", ["q"], ["c"], name="cast",
                              to=TensorProto.UINT8),
             helper.make_node("DequantizeLinear", ["c", "s", "z"], ["y"],
                              name="dq"),
             helper.make_node("Cast", ["q"], ["c2"], name="cast2",
                              to=TensorProto.UINT8),
             helper.make_node("DequantizeLinear", ["c2", "s", "z"], ["y2"],
                              name="dq2")]
    inits = [const("s", np.float32(0.05)), const("z", np.uint8(128))]
    model = make_model("qdq_cast_between", nodes, [("x", x)], ["y", "y2"],
                       inits)
    y = fake_quant(x, 0.05, 128, 0, 255)
    return Case("qdq_cast_between", model, [x], [y, y], atol=0)


@case
def qdq_conv_torch_export():
    """A conv as torch.onnx.export writes one of torch's eager-mode quantized
    models (opset 13): parameters in Constant nodes, Q -> Cast -> DQ on
    activations, int8 per-channel weights, an int32 bias whose zero point is
    Cast(ConstantOfShape) and a ReLU before the output's Q -> Cast -> DQ."""
    x = np.abs(randn(1, 2, 5, 5, seed=96))
    wq = rng(97).randint(-127, 128, size=(3, 2, 3, 3)).astype(np.int8)
    ws = np.array([0.01, 0.02, 0.015], np.float32)
    xs, ys = np.float32(0.02), np.float32(0.05)
    bq = rng(98).randint(-500, 500, size=3).astype(np.int32)
    bs = (xs * ws).astype(np.float32)

    def constant(name, array):
        return helper.make_node("Constant", [], [name],
                                value=const(name, array))

    nodes = [
        constant("xs", xs), constant("xz", np.uint8(0)),
        helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["xq"]),
        helper.make_node("Cast", ["xq"], ["xc"], to=TensorProto.UINT8),
        helper.make_node("DequantizeLinear", ["xc", "xs", "xz"], ["xd"]),
        constant("wq", wq), constant("ws", ws),
        constant("wz", np.zeros(3, np.int8)),
        helper.make_node("DequantizeLinear", ["wq", "ws", "wz"], ["wd"],
                         axis=0),
        constant("bshape", np.array([3], np.int64)),
        helper.make_node("ConstantOfShape", ["bshape"], ["bz0"],
                         value=const("v", np.array([0], np.int32))),
        helper.make_node("Cast", ["bz0"], ["bz"], to=TensorProto.INT32),
        constant("bq", bq), constant("bs", bs),
        helper.make_node("DequantizeLinear", ["bq", "bs", "bz"], ["bd"],
                         axis=0),
        helper.make_node("Conv", ["xd", "wd", "bd"], ["c"], name="conv",
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        constant("ys", ys), constant("yz", np.uint8(0)),
        helper.make_node("QuantizeLinear", ["r", "ys", "yz"], ["yq"]),
        helper.make_node("Cast", ["yq"], ["yc"], to=TensorProto.UINT8),
        helper.make_node("DequantizeLinear", ["yc", "ys", "yz"], ["y"]),
    ]
    model = make_model("qdq_conv_torch_export", nodes, [("x", x)], ["y"])
    xd = fake_quant(x, xs, 0, 0, 255)
    wd = wq.astype(np.float32) * ws.reshape(-1, 1, 1, 1)
    bd = bq.astype(np.float32) * bs
    r = np.maximum(ref_conv(xd, wd, bd, pads=(1, 1, 1, 1)), 0)
    return Case("qdq_conv_torch_export", model, [x],
                [fake_quant(r, ys, 0, 0, 255)])


# --------------------------------------------------------------------------
# A small network
# --------------------------------------------------------------------------


@case
def small_cnn():
    x = randn(1, 1, 8, 8, seed=90)
    w1, b1 = randn(4, 1, 3, 3, seed=91), randn(4, seed=92)
    w2, b2 = randn(10, 4 * 4 * 4, seed=93) * 0.1, randn(10, seed=94)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1",
                         pads=[1, 1, 1, 1]),
        helper.make_node("Clip", ["c1", "lo", "hi"], ["r1"], name="relu6"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p1"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "w2", "b2"], ["logits"], name="fc",
                         transB=1),
        helper.make_node("Softmax", ["logits"], ["y"], name="softmax"),
    ]
    inits = [const("w1", w1), const("b1", b1), const("w2", w2),
             const("b2", b2), const("lo", np.float32(0)),
             const("hi", np.float32(6))]
    model = make_model("small_cnn", nodes, [("x", x)], ["y"], inits)
    c1 = np.clip(ref_conv(x, w1, b1, pads=(1, 1, 1, 1)), 0, 6)
    p1 = ref_pool(c1, (2, 2), (2, 2))
    logits = p1.reshape(1, -1) @ w2.T + b2
    return Case("small_cnn", model, [x], [ref_softmax(logits)])


def build(name):
    c = CASES[name]()
    c.expected = [np.asarray(e, np.float32) for e in c.expected]
    return c


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 1
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name in argv[2:] or list(CASES):
        c = build(name)
        onnx.save(c.model, str(out / f"{name}.onnx"))
        for i, a in enumerate(c.inputs):
            np.save(out / f"{name}.in{i}.npy", a)
        for i, a in enumerate(c.expected):
            np.save(out / f"{name}.out{i}.npy", a)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
