//===- ConvertShape.cpp - data movement, concat, gather, reduce_mean ------===//
//
// Converters for ops whose run-time form is a qnn data-movement op. Their
// shape rules are in ShapeHelpers.cpp, shared with the constant folder.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

/// The run-time input #0 of a data-movement op: qnn ops move f32 (or
/// quantized) tensors only, so a run-time integer tensor is an error.
static FailureOr<Value> getDataInput(GraphImporter &g,
                                     const onnx::NodeProto &node) {
  return g.getF32Input(node, 0);
}

/// Rejects run-time results with a zero-sized dimension.
static LogicalResult checkNotEmpty(GraphImporter &g,
                                   const onnx::NodeProto &node,
                                   ArrayRef<int64_t> shape) {
  if (getNumElements(shape) == 0)
    return g.nodeError(node)
           << "produces an empty tensor of shape " << formatShape(shape)
           << ", which is not supported at run time";
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertIdentity(GraphImporter &g,
                                        const onnx::NodeProto &node) {
  // Dropout in inference is the identity; a training_mode that is not a
  // constant false is not.
  if (node.op_type() == "Dropout" && g.hasInput(node, 2)) {
    FailureOr<const ConstTensor *> training =
        g.requireConstInput(node, 2, "training_mode");
    if (failed(training))
      return failure();
    if ((*training)->size() != 1 || (*training)->getInt(0) != 0)
      return g.nodeError(node) << "training mode is not supported";
  }
  const TensorEntry *entry = g.getInputEntry(node, 0);
  if (!entry)
    return g.nodeError(node) << "missing input #0";
  // The output names the same value: no op, so no location of its own.
  if (entry->value)
    g.setOutput(node, 0, entry->value);
  else if (entry->constant)
    g.setOutput(node, 0, *entry->constant);
  return success();
}

LogicalResult mlir::qnn::onnx_import::convertCast(GraphImporter &g,
                                                  const onnx::NodeProto &node) {
  if (const TensorEntry *entry = g.getInputEntry(node, 0);
      entry && entry->pending)
    return convertCastOfQuantized(g, node, entry->pending);
  FailureOr<int64_t> to = g.getIntAttr(node, "to", kUndefined);
  FailureOr<Value> input = g.getInput(node, 0);
  if (failed(to) || failed(input))
    return failure();
  Type from = cast<RankedTensorType>(input->getType()).getElementType();
  Type target = getElementType(g.getContext(), *to);
  // A run-time cast is only the identity: qnn has no conversion ops, so a
  // float <-> integer cast on run-time data is rejected.
  bool sameType =
      target == from && (*to == kFloat || *to == kInt64 || *to == kInt32);
  if (!sameType)
    return g.nodeError(node) << "cast of a run-time tensor from " << from
                             << " to '" << dtypeName(*to)
                             << "' is not supported (only casts that keep "
                                "the element type, or casts of constants)";
  g.setOutput(node, 0, *input);
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertShape(GraphImporter &g,
                                     const onnx::NodeProto &node) {
  ArrayRef<int64_t> shape = g.getInputShape(node, 0);
  FailureOr<int64_t> start = g.getIntAttr(node, "start", 0);
  FailureOr<int64_t> end = g.getIntAttr(node, "end", shape.size());
  if (failed(start) || failed(end))
    return failure();
  int64_t rank = shape.size();
  int64_t s = std::clamp<int64_t>(*start < 0 ? *start + rank : *start, 0, rank);
  int64_t e = std::clamp<int64_t>(*end < 0 ? *end + rank : *end, 0, rank);
  int64_t n = std::max<int64_t>(e - s, 0);
  ConstTensor result(kInt64, {n});
  for (int64_t i = 0; i < n; ++i)
    result.setInt(i, shape[s + i]);
  g.setOutput(node, 0, std::move(result));
  return success();
}

LogicalResult mlir::qnn::onnx_import::convertSize(GraphImporter &g,
                                                  const onnx::NodeProto &node) {
  ConstTensor result(kInt64, {});
  result.setInt(0, getNumElements(g.getInputShape(node, 0)));
  g.setOutput(node, 0, std::move(result));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertReshape(GraphImporter &g,
                                       const onnx::NodeProto &node) {
  FailureOr<Value> input = getDataInput(g, node);
  FailureOr<const ConstTensor *> target = g.requireConstInput(node, 1, "shape");
  FailureOr<int64_t> allowZero = g.getIntAttr(node, "allowzero", 0);
  if (failed(input) || failed(target) || failed(allowZero))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  std::string error;
  FailureOr<SmallVector<int64_t>> shape = resolveReshape(
      type.getShape(), (*target)->getInts(), *allowZero != 0, error);
  if (failed(shape))
    return g.nodeError(node) << error;
  if (failed(checkNotEmpty(g, node, *shape)))
    return failure();
  g.setOutput(node, 0,
              ReshapeOp::create(g.getBuilder(), g.outputLoc(node),
                                type.clone(*shape), *input));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertFlatten(GraphImporter &g,
                                       const onnx::NodeProto &node) {
  FailureOr<Value> input = getDataInput(g, node);
  FailureOr<int64_t> axis = g.getIntAttr(node, "axis", 1);
  if (failed(input) || failed(axis))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if (*axis < -rank || *axis > rank)
    return g.nodeError(node)
           << "axis " << *axis << " is out of range for rank " << rank;
  int64_t a = *axis < 0 ? *axis + rank : *axis;
  SmallVector<int64_t> shape = {getNumElements(type.getShape().take_front(a)),
                                getNumElements(type.getShape().drop_front(a))};
  g.setOutput(node, 0,
              FlattenOp::create(g.getBuilder(), g.outputLoc(node),
                                type.clone(shape), *input, a));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertTranspose(GraphImporter &g,
                                         const onnx::NodeProto &node) {
  FailureOr<Value> input = getDataInput(g, node);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  FailureOr<SmallVector<int64_t>> perm = resolvePerm(g, node, type.getRank());
  if (failed(perm))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t p : *perm)
    shape.push_back(type.getDimSize(p));
  g.setOutput(node, 0,
              TransposeOp::create(g.getBuilder(), g.outputLoc(node),
                                  type.clone(shape), *input, *perm));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertSqueeze(GraphImporter &g,
                                       const onnx::NodeProto &node) {
  FailureOr<Value> input = getDataInput(g, node);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  FailureOr<SmallVector<int64_t>> axes =
      resolveSqueezeAxes(g, node, type.getShape());
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!llvm::is_contained(*axes, d))
      shape.push_back(type.getDimSize(d));
  g.setOutput(node, 0,
              SqueezeOp::create(g.getBuilder(), g.outputLoc(node),
                                type.clone(shape), *input, *axes));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertUnsqueeze(GraphImporter &g,
                                         const onnx::NodeProto &node) {
  FailureOr<Value> input = getDataInput(g, node);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  FailureOr<SmallVector<int64_t>> shape =
      resolveUnsqueezeShape(g, node, type.getShape());
  if (failed(shape))
    return failure();
  // resolveUnsqueezeShape checked the axes input.
  SmallVector<int64_t> axes;
  for (int64_t a : g.getConstInput(node, 1)->getInts())
    axes.push_back(a < 0 ? a + static_cast<int64_t>(shape->size()) : a);
  llvm::sort(axes);
  g.setOutput(node, 0,
              UnsqueezeOp::create(g.getBuilder(), g.outputLoc(node),
                                  type.clone(*shape), *input, axes));
  return success();
}

/// Gathers `input` along `axis` at the constant `indices`: the run-time
/// form of a reverse (negative-step) slice.
static Value gatherConstIndices(GraphImporter &g, Location loc, Value input,
                                int64_t axis, ArrayRef<int64_t> indices) {
  ConstTensor t(kInt64, {static_cast<int64_t>(indices.size())});
  for (auto [i, idx] : llvm::enumerate(indices))
    t.setInt(i, idx);
  Value idx = g.materialize(t, g.getBuilder().getI64Type(), loc, "indices");
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = indices.size();
  return GatherOp::create(g.getBuilder(), loc, type.clone(shape), input, idx,
                          axis);
}

LogicalResult
mlir::qnn::onnx_import::convertSlice(GraphImporter &g,
                                     const onnx::NodeProto &node) {
  FailureOr<Value> input = getDataInput(g, node);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  FailureOr<SliceParams> p = resolveSlice(g, node, type.getShape());
  if (failed(p) || failed(checkNotEmpty(g, node, p->shape)))
    return failure();
  // Reversed (negative-step) dimensions become a gather each, then the
  // forward ones one qnn.slice.
  int64_t rank = type.getRank();
  SmallVector<int64_t> reversed;
  bool anyForward = false;
  for (int64_t d = 0; d < rank; ++d) {
    if (p->steps[d] < 0)
      reversed.push_back(d);
    else
      anyForward |= p->shape[d] != type.getDimSize(d);
  }
  Value result = *input;
  for (int64_t d : reversed) {
    SmallVector<int64_t> indices;
    for (int64_t k = 0; k < p->shape[d]; ++k)
      indices.push_back(p->starts[d] + k * p->steps[d]);
    bool last = !anyForward && d == reversed.back();
    result = gatherConstIndices(
        g, last ? g.outputLoc(node) : g.internalLoc(node, "reverse"), result, d,
        indices);
  }
  if (anyForward || reversed.empty()) {
    SmallVector<int64_t> starts(rank, 0), ends(p->shape), steps(rank, 1);
    for (int64_t d = 0; d < rank; ++d) {
      if (p->steps[d] < 0)
        continue;
      starts[d] = p->starts[d];
      steps[d] = p->steps[d];
      ends[d] = std::min(p->starts[d] + p->shape[d] * p->steps[d],
                         type.getDimSize(d));
    }
    result = SliceOp::create(g.getBuilder(), g.outputLoc(node),
                             type.clone(p->shape), result, starts, ends, steps);
  }
  g.setOutput(node, 0, result);
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertSplit(GraphImporter &g,
                                     const onnx::NodeProto &node) {
  FailureOr<Value> input = getDataInput(g, node);
  FailureOr<int64_t> axisValue = g.getIntAttr(node, "axis", 0);
  if (failed(input) || failed(axisValue))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  std::optional<int64_t> axis = normalizeAxisIn(*axisValue, type.getRank());
  if (!axis)
    return g.nodeError(node) << "axis " << *axisValue
                             << " is out of range for rank " << type.getRank();
  int64_t dim = type.getDimSize(*axis);
  int numOutputs = node.output_size();
  SmallVector<int64_t> sizes;
  if (g.hasInput(node, 1)) {
    FailureOr<const ConstTensor *> split =
        g.requireConstInput(node, 1, "split");
    if (failed(split))
      return failure();
    sizes = (*split)->getInts();
  } else if (dim % numOutputs == 0) {
    sizes.assign(numOutputs, dim / numOutputs);
  } else {
    return g.nodeError(node)
           << "dimension " << *axis << " of size " << dim
           << " does not split into " << numOutputs << " equal parts";
  }
  int64_t total = 0;
  for (int64_t s : sizes)
    total += s;
  if (static_cast<int>(sizes.size()) != numOutputs || total != dim ||
      llvm::any_of(sizes, [](int64_t s) { return s < 1; }))
    return g.nodeError(node)
           << "split sizes " << formatShape(sizes)
           << " do not partition dimension " << *axis << " of size " << dim
           << " into " << numOutputs << " non-empty outputs";
  int64_t offset = 0;
  for (int i = 0; i < numOutputs; ++i) {
    SmallVector<int64_t> starts(type.getRank(), 0), steps(type.getRank(), 1);
    SmallVector<int64_t> ends(type.getShape());
    SmallVector<int64_t> shape(type.getShape());
    starts[*axis] = offset;
    ends[*axis] = offset + sizes[i];
    shape[*axis] = sizes[i];
    offset += sizes[i];
    g.setOutput(node, i,
                SliceOp::create(g.getBuilder(), g.outputLoc(node, i),
                                type.clone(shape), *input, starts, ends,
                                steps));
  }
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertConcat(GraphImporter &g,
                                      const onnx::NodeProto &node) {
  auto resolved = resolveConcat(g, node);
  if (failed(resolved))
    return failure();
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    FailureOr<Value> v = g.getF32Input(node, i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  g.setOutput(node, 0,
              ConcatOp::create(g.getBuilder(), g.outputLoc(node),
                               g.f32Tensor(resolved->second), inputs,
                               resolved->first));
  return success();
}

LogicalResult mlir::qnn::onnx_import::convertPad(GraphImporter &g,
                                                 const onnx::NodeProto &node) {
  FailureOr<std::string> mode = g.getStringAttr(node, "mode", "constant");
  FailureOr<Value> input = g.getF32Input(node, 0);
  FailureOr<const ConstTensor *> padsInput =
      g.requireConstInput(node, 1, "pads");
  if (failed(mode) || failed(input) || failed(padsInput))
    return failure();
  if (*mode != "constant")
    return g.nodeError(node)
           << "mode '" << *mode << "' is not supported (only 'constant')";
  float value = 0.0f;
  if (g.hasInput(node, 2)) {
    FailureOr<const ConstTensor *> v =
        g.requireConstInput(node, 2, "constant_value");
    if (failed(v))
      return failure();
    if ((*v)->size() != 1)
      return g.nodeError(node) << "constant_value must be a scalar";
    value = (*v)->getDouble(0);
  }
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> pads = (*padsInput)->getInts();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return g.nodeError(node) << "pads must have 2 * rank = " << 2 * rank
                             << " entries, got " << pads.size();
  // Negative pads crop: pad with the positive parts, then slice.
  SmallVector<int64_t> positive, padded(type.getShape());
  bool crops = false;
  for (int64_t p : pads) {
    positive.push_back(std::max<int64_t>(p, 0));
    crops |= p < 0;
  }
  for (int64_t d = 0; d < rank; ++d)
    padded[d] += positive[d] + positive[rank + d];
  SmallVector<int64_t> starts(rank), ends(rank), steps(rank, 1), shape(rank);
  for (int64_t d = 0; d < rank; ++d) {
    starts[d] = std::max<int64_t>(-pads[d], 0);
    ends[d] = padded[d] - std::max<int64_t>(-pads[rank + d], 0);
    shape[d] = ends[d] - starts[d];
    if (shape[d] < 1)
      return g.nodeError(node) << "pads " << formatShape(pads)
                               << " remove every element of dimension " << d;
  }
  Value result = *input;
  if (llvm::any_of(positive, [](int64_t p) { return p != 0; }))
    result = PadOp::create(
        g.getBuilder(), crops ? g.internalLoc(node, "pad") : g.outputLoc(node),
        g.f32Tensor(padded), result, positive, llvm::APFloat(value));
  if (crops)
    result = SliceOp::create(g.getBuilder(), g.outputLoc(node),
                             g.f32Tensor(shape), result, starts, ends, steps);
  g.setOutput(node, 0, result);
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertGather(GraphImporter &g,
                                      const onnx::NodeProto &node) {
  auto resolved = resolveGather(g, node);
  if (failed(resolved))
    return failure();
  auto [axis, shape] = *resolved;
  if (const ConstTensor *c = g.getConstInput(node, 0); c && !c->isFloat())
    return g.nodeError(node)
           << "gathering from the integer constant '" << node.input(0)
           << "' with run-time indices is not supported";
  FailureOr<Value> data = g.getF32Input(node, 0);
  if (failed(data))
    return failure();
  Value indices;
  if (const ConstTensor *c = g.getConstInput(node, 1)) {
    // Constant indices are normalized and range-checked here.
    int64_t dim = g.getInputShape(node, 0)[axis];
    if (c->isFloat())
      return g.nodeError(node) << "indices must be integers";
    ConstTensor normalized(kInt64, c->getShape());
    for (int64_t i = 0; i < c->size(); ++i) {
      int64_t idx = c->getInt(i);
      if (idx < -dim || idx >= dim)
        return g.nodeError(node) << "index " << idx << " is out of range for "
                                 << "dimension " << axis << " of size " << dim;
      normalized.setInt(i, idx < 0 ? idx + dim : idx);
    }
    indices = g.materialize(normalized, g.getBuilder().getI64Type(),
                            g.internalLoc(node, "indices"), node.input(1));
  } else {
    FailureOr<Value> v = g.getInput(node, 1);
    if (failed(v))
      return failure();
    Type elt = cast<RankedTensorType>(v->getType()).getElementType();
    if (!elt.isInteger(64) && !elt.isInteger(32))
      return g.nodeError(node) << "indices must be int32 or int64, got " << elt;
    indices = *v;
  }
  if (failed(checkNotEmpty(g, node, shape)))
    return failure();
  g.setOutput(node, 0,
              GatherOp::create(g.getBuilder(), g.outputLoc(node),
                               g.f32Tensor(shape), *data, indices, axis));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertExpand(GraphImporter &g,
                                      const onnx::NodeProto &node) {
  FailureOr<Value> input = g.getF32Input(node, 0);
  FailureOr<const ConstTensor *> target = g.requireConstInput(node, 1, "shape");
  if (failed(input) || failed(target))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  auto shape = broadcast(type.getShape(), (*target)->getInts());
  if (!shape)
    return g.nodeError(node)
           << "cannot expand shape " << formatShape(type.getShape()) << " to "
           << formatShape((*target)->getInts());
  if (ArrayRef<int64_t>(*shape) == type.getShape()) {
    g.setOutput(node, 0, *input);
    return success();
  }
  // Broadcasting is what qnn.add does: x + 0 with a zero splat of the
  // target shape.
  Value zeros = g.splatF32(*shape, 0.0f, g.internalLoc(node, "zeros"));
  g.setOutput(node, 0,
              AddOp::create(g.getBuilder(), g.outputLoc(node),
                            g.f32Tensor(*shape), *input, zeros, nullptr));
  return success();
}

LogicalResult
mlir::qnn::onnx_import::convertReduceMean(GraphImporter &g,
                                          const onnx::NodeProto &node) {
  FailureOr<Value> input = g.getF32Input(node, 0);
  FailureOr<int64_t> keepDims = g.getIntAttr(node, "keepdims", 1);
  auto axesAttr = g.getIntsAttr(node, "axes");
  if (failed(input) || failed(keepDims) || failed(axesAttr))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> axes;
  SmallVector<bool> reduced(rank, !*axesAttr || (*axesAttr)->empty());
  if (*axesAttr) {
    for (int64_t a : **axesAttr) {
      std::optional<int64_t> n = normalizeAxisIn(a, rank);
      if (!n)
        return g.nodeError(node)
               << "axis " << a << " is out of range for rank " << rank;
      if (reduced[*n])
        return g.nodeError(node) << "axis " << a << " is repeated";
      reduced[*n] = true;
      axes.push_back(*n);
    }
  }
  llvm::sort(axes);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced[d])
      shape.push_back(type.getDimSize(d));
    else if (*keepDims)
      shape.push_back(1);
  }
  g.setOutput(node, 0,
              ReduceMeanOp::create(g.getBuilder(), g.outputLoc(node),
                                   g.f32Tensor(shape), *input, axes,
                                   *keepDims != 0));
  return success();
}
