//===- ConvertNormalization.cpp - BatchNormalization, LayerNorm, Softmax --===//

#include "GraphImporter.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

LogicalResult
mlir::qnn::onnx_import::convertBatchNorm(GraphImporter &g,
                                         const onnx::NodeProto &node) {
  FailureOr<float> epsilon = g.getFloatAttr(node, "epsilon", 1e-5f);
  if (failed(epsilon) || failed(g.rejectIntAttr(node, "training_mode", 0)))
    return failure();
  FailureOr<Value> x = g.getF32Input(node, 0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> xs = cast<RankedTensorType>(x->getType()).getShape();
  if (xs.size() < 2)
    return g.nodeError(node) << "input must have rank >= 2 (channels on axis "
                                "1), got "
                             << formatShape(xs);
  SmallVector<Value, 4> params;
  static const char *const names[] = {"scale", "B", "input_mean", "input_var"};
  for (int i = 1; i <= 4; ++i) {
    FailureOr<Value> p = g.getF32Input(node, i);
    if (failed(p))
      return failure();
    ArrayRef<int64_t> ps = cast<RankedTensorType>(p->getType()).getShape();
    if (ps.size() != 1 || ps[0] != xs[1])
      return g.nodeError(node)
             << "input '" << names[i - 1] << "' has shape " << formatShape(ps)
             << ", expected [" << xs[1] << "]";
    params.push_back(*p);
  }
  if (!(*epsilon >= 0))
    return g.nodeError(node) << "epsilon must be non-negative";
  g.setOutput(node, 0,
              BatchNormOp::create(g.getBuilder(), g.outputLoc(node),
                                  x->getType(), *x, params[0], params[1],
                                  params[2], params[3],
                                  llvm::APFloat(*epsilon)));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertSoftmax(GraphImporter &g,
                                       const onnx::NodeProto &node) {
  FailureOr<Value> x = g.getF32Input(node, 0);
  FailureOr<int64_t> axis = g.getIntAttr(node, "axis", -1);
  if (failed(x) || failed(axis))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  std::optional<int64_t> a = normalizeAxisIn(*axis, rank);
  if (!a)
    return g.nodeError(node)
           << "axis " << *axis << " is out of range for rank " << rank;
  g.setOutput(node, 0,
              SoftmaxOp::create(g.getBuilder(), g.outputLoc(node), x->getType(),
                                *x, *a));
  return success();
}

/// Scale or bias of LayerNormalization with the normalized shape: a constant
/// that only broadcasts to it is expanded here.
static FailureOr<Value> getNormParam(GraphImporter &g,
                                     const onnx::NodeProto &node, int index,
                                     StringRef name,
                                     ArrayRef<int64_t> normalized) {
  ArrayRef<int64_t> shape = g.getInputShape(node, index);
  if (shape == normalized)
    return g.getF32Input(node, index);
  const ConstTensor *c = g.getConstInput(node, index);
  auto b = broadcast(shape, normalized);
  if (!c || !b || ArrayRef<int64_t>(*b) != normalized)
    return g.nodeError(node)
           << "input '" << name << "' has shape " << formatShape(shape)
           << ", expected the normalized shape " << formatShape(normalized);
  if (failed(checkConstSize(g, node, normalized)))
    return failure();
  ConstTensor expanded(kFloat, normalized);
  SmallVector<int64_t> strides = stridesOf(shape);
  SmallVector<int64_t> outStrides = stridesOf(normalized);
  size_t lead = normalized.size() - shape.size();
  for (int64_t i = 0; i < expanded.size(); ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < shape.size(); ++d) {
      int64_t coord = (i / outStrides[lead + d]) % normalized[lead + d];
      if (shape[d] != 1)
        src += coord * strides[d];
    }
    expanded.set(i, c->getDouble(src));
  }
  return g.materialize(expanded, g.getBuilder().getF32Type(),
                       g.internalLoc(node, name), node.input(index));
}

LogicalResult
mlir::qnn::onnx_import::convertLayerNorm(GraphImporter &g,
                                         const onnx::NodeProto &node) {
  FailureOr<Value> x = g.getF32Input(node, 0);
  FailureOr<int64_t> axis = g.getIntAttr(node, "axis", -1);
  FailureOr<float> epsilon = g.getFloatAttr(node, "epsilon", 1e-5f);
  FailureOr<int64_t> stash = g.getIntAttr(node, "stash_type", 1);
  if (failed(x) || failed(axis) || failed(epsilon) || failed(stash))
    return failure();
  if (*stash != 1)
    return g.nodeError(node)
           << "stash_type " << *stash << " is not supported (only 1, float)";
  auto type = cast<RankedTensorType>(x->getType());
  std::optional<int64_t> a = normalizeAxisIn(*axis, type.getRank());
  if (!a)
    return g.nodeError(node) << "axis " << *axis << " is out of range for rank "
                             << type.getRank();
  ArrayRef<int64_t> normalized = type.getShape().drop_front(*a);
  FailureOr<Value> scale = getNormParam(g, node, 1, "Scale", normalized);
  if (failed(scale))
    return failure();
  Value bias;
  if (g.hasInput(node, 2)) {
    FailureOr<Value> b = getNormParam(g, node, 2, "B", normalized);
    if (failed(b))
      return failure();
    bias = *b;
  }
  g.setOutput(node, 0,
              LayerNormOp::create(g.getBuilder(), g.outputLoc(node), type, *x,
                                  *scale, bias, *a, llvm::APFloat(*epsilon)));
  return success();
}
