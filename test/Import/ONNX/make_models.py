"""Writes the .onnx inputs of the lit tests in this directory.

    make_models.py OUT_DIR NAME...

NAME is a case of test/python/onnx_models.py (valid single-op models), one
of the broken models below (the importer's error paths), or external_data /
external_data_missing (weights in NAME.data beside the model; the latter
without that file). Each becomes OUT_DIR/NAME.onnx.
"""

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import onnx_models  # noqa: E402

F32 = TensorProto.FLOAT


def model(nodes, inputs=(("x", [1, 4]),), outputs=("y",), inits=(),
          opset=13, extra_opsets=()):
    ins = [i if isinstance(i, onnx.ValueInfoProto) else
           helper.make_tensor_value_info(i[0], F32, i[1]) for i in inputs]
    outs = [helper.make_tensor_value_info(o, F32, None) for o in outputs]
    graph = helper.make_graph(nodes, "broken", ins, outs, list(inits))
    opsets = [helper.make_opsetid("", opset)] + [
        helper.make_opsetid(d, v) for d, v in extra_opsets]
    return helper.make_model(graph, opset_imports=opsets)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def relu(i="x", o="y", name="relu"):
    return helper.make_node("Relu", [i], [o], name=name)


BROKEN = {}


def broken(fn):
    BROKEN[fn.__name__] = fn
    return fn


@broken
def empty():
    return b""


@broken
def truncated():
    data = onnx_models.build("conv_basic").model.SerializeToString()
    return data[: len(data) // 2]


@broken
def not_onnx():
    return b"this is a text file, not a protobuf\n"


@broken
def no_graph():
    # A valid protobuf message of another kind: a TensorProto.
    return const("t", np.arange(6, dtype=np.float32)).SerializeToString()


@broken
def unsupported_ops():
    nodes = [
        relu("x", "a"),
        helper.make_node("Resize", ["a", "", "scales"], ["b"], name="up"),
        helper.make_node("Erf", ["b"], ["c"], name="erf"),
        helper.make_node("FusedMatMul", ["c", "c"], ["d"], name="fused",
                         domain="com.microsoft"),
        helper.make_node("NotAnOp", ["d"], ["y"]),
    ]
    return model(nodes, inits=[const("scales", np.ones(2, np.float32))],
                 extra_opsets=[("com.microsoft", 1)])


@broken
def opset_12():
    return model([relu()], opset=12)


@broken
def opset_18():
    return model([relu()], opset=18)


@broken
def no_default_opset():
    m = model([relu()])
    del m.opset_import[:]
    m.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return m


@broken
def missing_initializer():
    node = helper.make_node("Conv", ["x", "conv.weight"], ["y"], name="conv1")
    return model([node], inputs=[("x", [1, 3, 8, 8])])


@broken
def unsorted_graph():
    return model([relu("a", "y", "second"), relu("x", "a", "first")])


@broken
def dangling_output():
    return model([relu()], outputs=("y", "z"))


@broken
def duplicate_output():
    return model([relu("x", "y", "r1"), relu("x", "y", "r2")])


@broken
def symbolic_input():
    x = helper.make_tensor_value_info("x", F32, ["batch", 3, 224, 224])
    return model([relu()], inputs=[x])


@broken
def uint8_input():
    x = helper.make_tensor_value_info("x", TensorProto.UINT8, [1, 4])
    return model([relu()], inputs=[x])


@broken
def bad_initializer_size():
    t = const("w", np.ones((2, 2), np.float32))
    t.raw_data = t.raw_data[:-4]
    return model([helper.make_node("Add", ["x", "w"], ["y"], name="add")],
                 inputs=[("x", [2, 2])], inits=[t])


@broken
def conv_bad_arity():
    return model([helper.make_node("Conv", ["x"], ["y"], name="conv1")],
                 inputs=[("x", [1, 3, 8, 8])])


@broken
def conv_bad_group():
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv1", group=2)
    return model([node], inputs=[("x", [1, 3, 8, 8])],
                 inits=[const("w", np.ones((4, 3, 3, 3), np.float32))])


@broken
def conv_bad_pads():
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv1",
                            pads=[1, 1])
    return model([node], inputs=[("x", [1, 3, 8, 8])],
                 inits=[const("w", np.ones((4, 3, 3, 3), np.float32))])


@broken
def runtime_reshape_shape():
    node = helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")
    s = helper.make_tensor_value_info("s", TensorProto.INT64, [2])
    return model([node], inputs=[("x", [2, 2]), s])


@broken
def runtime_where():
    nodes = [helper.make_node("Greater", ["x", "zero"], ["c"], name="gt"),
             helper.make_node("Where", ["c", "x", "zero"], ["y"],
                              name="where")]
    return model(nodes, inits=[const("zero", np.float32(0))])


@broken
def quantize_without_dequantize():
    nodes = [helper.make_node("QuantizeLinear", ["x", "s"], ["q"], name="q"),
             helper.make_node("Relu", ["q"], ["y"], name="relu")]
    return model(nodes, inits=[const("s", np.float32(0.1))])


@broken
def qdq_mismatch():
    nodes = [helper.make_node("QuantizeLinear", ["x", "s"], ["q"], name="q"),
             helper.make_node("DequantizeLinear", ["q", "s2"], ["y"],
                              name="dq")]
    return model(nodes, inits=[const("s", np.float32(0.1)),
                               const("s2", np.float32(0.2))])


@broken
def qdq_cast_to_float():
    """A Cast between Q and DQ that is not the identity."""
    nodes = [helper.make_node("QuantizeLinear", ["x", "s"], ["q"], name="q"),
             helper.make_node("Cast", ["q"], ["c"], name="cast", to=F32),
             helper.make_node("DequantizeLinear", ["c", "s"], ["y"],
                              name="dq")]
    return model(nodes, inits=[const("s", np.float32(0.1))])


@broken
def qdq_cast_then_relu():
    """An identity Cast after a Q, then an op other than DequantizeLinear."""
    nodes = [helper.make_node("QuantizeLinear", ["x", "s"], ["q"], name="q"),
             helper.make_node("Cast", ["q"], ["c"], name="cast",
                              to=TensorProto.UINT8),
             helper.make_node("Relu", ["c"], ["y"], name="relu")]
    return model(nodes, inits=[const("s", np.float32(0.1))])


@broken
def pad_reflect():
    node = helper.make_node("Pad", ["x", "p"], ["y"], name="pad",
                            mode="reflect")
    return model([node], inits=[const("p", np.array([0, 1, 0, 1]))])


@broken
def lstm_peephole():
    node = helper.make_node("LSTM", ["x", "w", "r", "", "", "", "", "p"],
                            ["y"], name="lstm", hidden_size=2)
    inits = [const("w", np.ones((1, 8, 4), np.float32)),
             const("r", np.ones((1, 8, 2), np.float32)),
             const("p", np.ones((1, 6), np.float32))]
    return model([node], inputs=[("x", [3, 1, 4])], inits=inits)


@broken
def matmul_shape_mismatch():
    node = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")
    return model([node], inits=[const("w", np.ones((3, 2), np.float32))])


def save_external(name, out, keep_data=True):
    """gemm_basic with its initializers in a separate file, as onnx.save
    writes models over 2 GiB."""
    m = onnx_models.build("gemm_basic").model
    path = out / f"{name}.onnx"
    onnx.save_model(m, str(path), save_as_external_data=True,
                    all_tensors_to_one_file=True, location=f"{name}.data",
                    size_threshold=0)
    if not keep_data:
        (out / f"{name}.data").unlink()


def main(argv):
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name in argv[2:]:
        if name in ("external_data", "external_data_missing"):
            save_external(name, out, keep_data=name == "external_data")
            continue
        if name in BROKEN:
            m = BROKEN[name]()
            data = m if isinstance(m, bytes) else m.SerializeToString()
        else:
            data = onnx_models.build(name).model.SerializeToString()
        (out / f"{name}.onnx").write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
