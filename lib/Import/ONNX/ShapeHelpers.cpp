//===- ShapeHelpers.cpp - ONNX shape rules shared by folder and converters ===//
//
// The result shapes of the data-movement ops, computed once for both the
// constant folder and the converters, with ONNX's normalization of negative
// axes and out-of-range slice bounds.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn::onnx_import;



LogicalResult
mlir::qnn::onnx_import::checkConstSize(GraphImporter &importer,
                                       const onnx::NodeProto &node,
                                       ArrayRef<int64_t> shape) {
  int64_t n = getNumElements(shape);
  if (n < 0 || n > kMaxConstElements)
    return importer.nodeError(node)
           << "would compute a constant of shape " << formatShape(shape)
           << " at import time, more than " << kMaxConstElements << " elements";
  return success();
}

SmallVector<int64_t>
mlir::qnn::onnx_import::stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

FailureOr<SmallVector<int64_t>>
mlir::qnn::onnx_import::resolveReshape(ArrayRef<int64_t> input,
                                       ArrayRef<int64_t> target, bool allowZero,
                                       std::string &error) {
  SmallVector<int64_t> shape;
  int64_t inferred = -1;
  int64_t known = 1;
  for (auto [i, value] : llvm::enumerate(target)) {
    int64_t d = value;
    if (d == -1) {
      if (inferred >= 0) {
        error = "target shape " + formatShape(target) + " has more than one -1";
        return failure();
      }
      inferred = i;
      shape.push_back(1);
      continue;
    }
    if (d == 0 && !allowZero) {
      if (i >= input.size()) {
        error = "target shape " + formatShape(target) + " copies dimension " +
                std::to_string(i) + " (0) of a rank-" +
                std::to_string(input.size()) + " input";
        return failure();
      }
      d = input[i];
    }
    if (d < 0) {
      error =
          "target shape " + formatShape(target) + " has a negative dimension";
      return failure();
    }
    shape.push_back(d);
    known *= d;
  }
  int64_t total = getNumElements(input);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0) {
      error = "cannot infer the -1 in target shape " + formatShape(target) +
              " for an input of shape " + formatShape(input);
      return failure();
    }
    shape[inferred] = total / known;
  }
  if (getNumElements(shape) != total) {
    error = "target shape " + formatShape(target) + " has " +
            std::to_string(getNumElements(shape)) +
            " elements, the input of shape " + formatShape(input) + " has " +
            std::to_string(total);
    return failure();
  }
  return shape;
}

/// Reads the optional int list input `index` of `node`; std::nullopt when
/// absent.
static FailureOr<std::optional<SmallVector<int64_t>>>
getConstInts(GraphImporter &importer, const onnx::NodeProto &node, int index,
             StringRef what) {
  if (!importer.hasInput(node, index))
    return std::optional<SmallVector<int64_t>>();
  FailureOr<const ConstTensor *> t =
      importer.requireConstInput(node, index, what);
  if (failed(t))
    return failure();
  if ((*t)->isFloat() || (*t)->getRank() > 1)
    return importer.nodeError(node)
           << "input '" << what << "' must be a 1-D integer tensor";
  return std::optional<SmallVector<int64_t>>((*t)->getInts());
}

/// Normalizes `axes` against `rank`, rejecting out-of-range and repeated
/// ones.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(GraphImporter &importer, const onnx::NodeProto &node,
              ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  llvm::SmallBitVector seen(rank);
  for (int64_t axis : axes) {
    std::optional<int64_t> a = normalizeAxisIn(axis, rank);
    if (!a)
      return importer.nodeError(node)
             << "axis " << axis << " is out of range for rank " << rank;
    if (seen.test(*a))
      return importer.nodeError(node) << "axis " << axis << " is repeated";
    seen.set(*a);
    result.push_back(*a);
  }
  return result;
}

FailureOr<SliceParams>
mlir::qnn::onnx_import::resolveSlice(GraphImporter &importer,
                                     const onnx::NodeProto &node,
                                     ArrayRef<int64_t> inputShape) {
  auto starts = getConstInts(importer, node, 1, "starts");
  auto ends = getConstInts(importer, node, 2, "ends");
  auto axesIn = getConstInts(importer, node, 3, "axes");
  auto stepsIn = getConstInts(importer, node, 4, "steps");
  if (failed(starts) || failed(ends) || failed(axesIn) || failed(stepsIn))
    return failure();
  if (!*starts || !*ends)
    return importer.nodeError(node) << "needs inputs 'starts' and 'ends'";
  int64_t rank = inputShape.size();
  size_t n = (*starts)->size();
  SmallVector<int64_t> axesList;
  if (*axesIn)
    axesList = **axesIn;
  else
    for (size_t i = 0; i < n; ++i)
      axesList.push_back(i);
  SmallVector<int64_t> stepList =
      *stepsIn ? **stepsIn : SmallVector<int64_t>(n, 1);
  if ((*ends)->size() != n || axesList.size() != n || stepList.size() != n)
    return importer.nodeError(node)
           << "starts, ends, axes and steps must have the same length";
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(importer, node, axesList, rank);
  if (failed(axes))
    return failure();

  SliceParams p;
  p.starts.assign(rank, 0);
  p.ends.assign(inputShape.begin(), inputShape.end());
  p.steps.assign(rank, 1);
  for (size_t i = 0; i < n; ++i) {
    int64_t axis = (*axes)[i], dim = inputShape[axis];
    int64_t step = stepList[i];
    if (step == 0)
      return importer.nodeError(node) << "slice step must not be 0";
    int64_t start = (**starts)[i], end = (**ends)[i];
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    p.starts[axis] = start;
    p.ends[axis] = end;
    p.steps[axis] = step;
  }
  for (int64_t d = 0; d < rank; ++d) {
    int64_t span =
        p.steps[d] > 0 ? p.ends[d] - p.starts[d] : p.starts[d] - p.ends[d];
    int64_t step = p.steps[d] > 0 ? p.steps[d] : -p.steps[d];
    p.shape.push_back(span <= 0 ? 0 : (span + step - 1) / step);
  }
  return p;
}

FailureOr<SmallVector<int64_t>>
mlir::qnn::onnx_import::resolveSqueezeAxes(GraphImporter &importer,
                                           const onnx::NodeProto &node,
                                           ArrayRef<int64_t> shape) {
  auto axesIn = getConstInts(importer, node, 1, "axes");
  if (failed(axesIn))
    return failure();
  SmallVector<int64_t> axes;
  if (*axesIn) {
    FailureOr<SmallVector<int64_t>> normalized =
        normalizeAxes(importer, node, **axesIn, shape.size());
    if (failed(normalized))
      return failure();
    axes = *normalized;
  } else {
    for (auto [d, size] : llvm::enumerate(shape))
      if (size == 1)
        axes.push_back(d);
  }
  for (int64_t axis : axes)
    if (shape[axis] != 1)
      return importer.nodeError(node) << "cannot squeeze dimension " << axis
                                      << " of size " << shape[axis];
  llvm::sort(axes);
  return axes;
}

FailureOr<SmallVector<int64_t>>
mlir::qnn::onnx_import::resolveUnsqueezeShape(GraphImporter &importer,
                                              const onnx::NodeProto &node,
                                              ArrayRef<int64_t> shape) {
  auto axesIn = getConstInts(importer, node, 1, "axes");
  if (failed(axesIn))
    return failure();
  if (!*axesIn)
    return importer.nodeError(node) << "needs input 'axes'";
  int64_t rank = shape.size() + (*axesIn)->size();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(importer, node, **axesIn, rank);
  if (failed(axes))
    return failure();
  llvm::SmallBitVector inserted(rank);
  for (int64_t a : *axes)
    inserted.set(a);
  SmallVector<int64_t> result;
  for (int64_t d = 0, src = 0; d < rank; ++d)
    result.push_back(inserted.test(d) ? 1 : shape[src++]);
  return result;
}

FailureOr<SmallVector<int64_t>>
mlir::qnn::onnx_import::resolvePerm(GraphImporter &importer,
                                    const onnx::NodeProto &node, int64_t rank) {
  auto perm = importer.getIntsAttr(node, "perm");
  if (failed(perm))
    return failure();
  if (!*perm) {
    SmallVector<int64_t> reversed;
    for (int64_t d = rank - 1; d >= 0; --d)
      reversed.push_back(d);
    return reversed;
  }
  llvm::SmallBitVector seen(rank);
  if (static_cast<int64_t>((*perm)->size()) != rank)
    return importer.nodeError(node)
           << "perm has " << (*perm)->size() << " entries for rank " << rank;
  for (int64_t p : **perm) {
    if (p < 0 || p >= rank || seen.test(p))
      return importer.nodeError(node)
             << "perm " << formatShape(**perm)
             << " is not a permutation of [0, " << rank << ")";
    seen.set(p);
  }
  return **perm;
}

FailureOr<std::pair<int64_t, SmallVector<int64_t>>>
mlir::qnn::onnx_import::resolveConcat(GraphImporter &importer,
                                      const onnx::NodeProto &node) {
  const onnx::AttributeProto *axisAttr = importer.findAttr(node, "axis");
  if (!axisAttr)
    return importer.nodeError(node) << "needs attribute 'axis'";
  FailureOr<int64_t> axisValue = importer.getIntAttr(node, "axis", 0);
  if (failed(axisValue))
    return failure();
  if (node.input_size() == 0)
    return importer.nodeError(node) << "needs at least one input";
  SmallVector<int64_t> shape(importer.getInputShape(node, 0));
  std::optional<int64_t> axis = normalizeAxisIn(*axisValue, shape.size());
  if (!axis)
    return importer.nodeError(node)
           << "axis " << *axisValue << " is out of range for rank "
           << shape.size();
  shape[*axis] = 0;
  for (int i = 0; i < node.input_size(); ++i) {
    ArrayRef<int64_t> in = importer.getInputShape(node, i);
    bool compatible = in.size() == shape.size();
    for (size_t d = 0; compatible && d < in.size(); ++d)
      compatible = d == static_cast<size_t>(*axis) || in[d] == shape[d];
    if (!compatible)
      return importer.nodeError(node)
             << "input '" << node.input(i) << "' of shape " << formatShape(in)
             << " does not match the others along the non-concatenated "
                "dimensions";
    shape[*axis] += in[*axis];
  }
  return std::make_pair(*axis, shape);
}

FailureOr<std::pair<int64_t, SmallVector<int64_t>>>
mlir::qnn::onnx_import::resolveGather(GraphImporter &importer,
                                      const onnx::NodeProto &node) {
  FailureOr<int64_t> axisValue = importer.getIntAttr(node, "axis", 0);
  if (failed(axisValue))
    return failure();
  ArrayRef<int64_t> data = importer.getInputShape(node, 0);
  ArrayRef<int64_t> indices = importer.getInputShape(node, 1);
  std::optional<int64_t> axis = normalizeAxisIn(*axisValue, data.size());
  if (!axis)
    return importer.nodeError(node)
           << "axis " << *axisValue << " is out of range for rank "
           << data.size();
  SmallVector<int64_t> shape(data.take_front(*axis));
  llvm::append_range(shape, indices);
  llvm::append_range(shape, data.drop_front(*axis + 1));
  return std::make_pair(*axis, shape);
}
