//===- ConvertElementwise.cpp - arithmetic and activations ----------------===//

#include "GraphImporter.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

/// Builds the qnn op of a binary ONNX op on broadcast f32 operands.
static Value createBinary(OpBuilder &b, StringRef opType, Location loc,
                          RankedTensorType type, Value lhs, Value rhs) {
  if (opType == "Add")
    return AddOp::create(b, loc, type, lhs, rhs, nullptr);
  if (opType == "Sub")
    return SubOp::create(b, loc, type, lhs, rhs);
  if (opType == "Mul")
    return MulOp::create(b, loc, type, lhs, rhs, nullptr);
  if (opType == "Div")
    return DivOp::create(b, loc, type, lhs, rhs);
  return PowOp::create(b, loc, type, lhs, rhs);
}

LogicalResult
mlir::qnn::onnx_import::convertBinary(GraphImporter &g,
                                      const onnx::NodeProto &node) {
  // Pow's exponent may be an integer constant: getF32Input converts it.
  FailureOr<Value> lhs = g.getF32Input(node, 0);
  FailureOr<Value> rhs = g.getF32Input(node, 1);
  if (failed(lhs) || failed(rhs))
    return failure();
  ArrayRef<int64_t> a = cast<RankedTensorType>(lhs->getType()).getShape();
  ArrayRef<int64_t> b = cast<RankedTensorType>(rhs->getType()).getShape();
  auto shape = broadcast(a, b);
  if (!shape)
    return g.nodeError(node) << "input shapes " << formatShape(a) << " and "
                             << formatShape(b) << " do not broadcast";
  g.setOutput(node, 0,
              createBinary(g.getBuilder(), node.op_type(), g.outputLoc(node),
                           g.f32Tensor(*shape), *lhs, *rhs));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertUnary(GraphImporter &g,
                                     const onnx::NodeProto &node) {
  FailureOr<Value> input = g.getF32Input(node, 0);
  if (failed(input))
    return failure();
  OpBuilder &b = g.getBuilder();
  Location loc = g.outputLoc(node);
  Type type = input->getType();
  StringRef op = node.op_type();
  Value result;
  if (op == "Relu")
    result = ReluOp::create(b, loc, type, *input);
  else if (op == "Sqrt")
    result = SqrtOp::create(b, loc, type, *input);
  else if (op == "Exp")
    result = ExpOp::create(b, loc, type, *input);
  else if (op == "Tanh")
    result = TanhOp::create(b, loc, type, *input);
  else if (op == "Sigmoid")
    result = SigmoidOp::create(b, loc, type, *input);
  else if (op == "Neg") // -x = x * -1, exact.
    result = MulOp::create(b, loc, type, *input,
                           g.splatF32({}, -1.0f, g.internalLoc(node, "minus1")),
                           nullptr);
  else // Reciprocal: 1 / x.
    result = DivOp::create(
        b, loc, type, g.splatF32({}, 1.0f, g.internalLoc(node, "one")), *input);
  g.setOutput(node, 0, result);
  return success();
}

/// Reads an optional scalar bound of Clip (input #index).
static FailureOr<double> getClipBound(GraphImporter &g,
                                      const onnx::NodeProto &node, int index,
                                      StringRef name, double defaultValue) {
  if (!g.hasInput(node, index))
    return defaultValue;
  FailureOr<const ConstTensor *> t = g.requireConstInput(node, index, name);
  if (failed(t))
    return failure();
  if ((*t)->size() != 1)
    return g.nodeError(node) << "input '" << name << "' must be a scalar";
  return (*t)->getDouble(0);
}

LogicalResult mlir::qnn::onnx_import::convertClip(GraphImporter &g,
                                                  const onnx::NodeProto &node) {
  FailureOr<Value> input = g.getF32Input(node, 0);
  // Bounds are inputs from opset 11; older exporters wrote attributes.
  FailureOr<float> minAttr = g.getFloatAttr(node, "min", -INFINITY);
  FailureOr<float> maxAttr = g.getFloatAttr(node, "max", INFINITY);
  if (failed(input) || failed(minAttr) || failed(maxAttr))
    return failure();
  FailureOr<double> lo = getClipBound(g, node, 1, "min", *minAttr);
  FailureOr<double> hi = getClipBound(g, node, 2, "max", *maxAttr);
  if (failed(lo) || failed(hi))
    return failure();
  if (std::isnan(*lo) || std::isnan(*hi) || *lo > *hi)
    return g.nodeError(node) << "min " << *lo << " must not exceed max " << *hi;
  g.setOutput(node, 0,
              ClampOp::create(g.getBuilder(), g.outputLoc(node),
                              input->getType(), *input,
                              llvm::APFloat(static_cast<float>(*lo)),
                              llvm::APFloat(static_cast<float>(*hi))));
  return success();
}

/// `c ? v : 0` (or `c ? 0 : v` when `whenTrue` is false) for a constant
/// condition and value, broadcast together.
static ConstTensor selectConst(const ConstTensor &cond, const ConstTensor *v,
                               bool whenTrue, ArrayRef<int64_t> shape) {
  ConstTensor result(kFloat, shape);
  SmallVector<int64_t> cStrides = stridesOf(cond.getShape());
  SmallVector<int64_t> vStrides =
      v ? stridesOf(v->getShape()) : SmallVector<int64_t>();
  SmallVector<int64_t> outStrides = stridesOf(shape);
  auto offset = [&](int64_t i, ArrayRef<int64_t> inShape,
                    ArrayRef<int64_t> inStrides) {
    int64_t o = 0;
    size_t lead = shape.size() - inShape.size();
    for (size_t d = 0; d < inShape.size(); ++d)
      if (inShape[d] != 1)
        o += ((i / outStrides[lead + d]) % shape[lead + d]) * inStrides[d];
    return o;
  };
  for (int64_t i = 0; i < result.size(); ++i) {
    bool c = cond.getInt(offset(i, cond.getShape(), cStrides)) != 0;
    double value = v ? v->getDouble(offset(i, v->getShape(), vStrides)) : 1.0;
    result.set(i, c == whenTrue ? value : 0.0);
  }
  return result;
}

/// Where with a constant condition (torch's masked_fill): the selection is
/// arithmetic, `X * mx + Y * my` with 0/1 masks of the condition's shape,
/// and a constant branch enters as `select(c, X, 0)`. Exact for finite
/// run-time values (a run-time inf or NaN in a masked-out position would
/// give NaN).
LogicalResult
mlir::qnn::onnx_import::convertWhere(GraphImporter &g,
                                     const onnx::NodeProto &node) {
  FailureOr<const ConstTensor *> cond =
      g.requireConstInput(node, 0, "condition");
  if (failed(cond))
    return failure();
  ArrayRef<int64_t> condShape = (*cond)->getShape();
  SmallVector<int64_t> shape(condShape);
  for (int i = 1; i <= 2; ++i) {
    auto b = broadcast(shape, g.getInputShape(node, i));
    if (!b)
      return g.nodeError(node) << "input shapes do not broadcast";
    shape = *b;
  }
  OpBuilder &b = g.getBuilder();
  // At most one branch is a constant (with both, the folder evaluated the
  // node): it enters as select(c, X, 0) (or select(c, 0, Y)), with the
  // shape of the condition and that branch.
  std::optional<ConstTensor> constant;
  for (int i = 1; i <= 2; ++i) {
    const ConstTensor *c = g.getConstInput(node, i);
    if (!c)
      continue;
    auto partShape = broadcast(condShape, c->getShape());
    if (failed(checkConstSize(g, node, *partShape)))
      return failure();
    constant = selectConst(**cond, c, i == 1, *partShape);
  }
  SmallVector<Value> terms;
  for (int i = 1; i <= 2; ++i) {
    if (g.getConstInput(node, i))
      continue;
    FailureOr<Value> v = g.getF32Input(node, i);
    if (failed(v))
      return failure();
    bool whenTrue = i == 1;
    StringRef what = whenTrue ? "x" : "y";
    Value m = g.materialize(selectConst(**cond, nullptr, whenTrue, condShape),
                            b.getF32Type(),
                            g.internalLoc(node, ("mask_" + what).str()),
                            node.output(0) + "/mask_" + what.str());
    auto mulShape =
        broadcast(cast<RankedTensorType>(v->getType()).getShape(), condShape);
    terms.push_back(MulOp::create(b, g.internalLoc(node, what),
                                  g.f32Tensor(*mulShape), *v, m, nullptr));
  }
  if (constant)
    terms.push_back(g.materialize(*constant, b.getF32Type(),
                                  g.internalLoc(node, "select"),
                                  node.output(0) + "/select"));
  if (terms.size() != 2)
    return g.nodeError(node) << "needs a run-time branch";
  g.setOutput(node, 0,
              AddOp::create(b, g.outputLoc(node), g.f32Tensor(shape), terms[0],
                            terms[1], nullptr));
  return success();
}
