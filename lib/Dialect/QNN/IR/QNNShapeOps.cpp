//===- QNNShapeOps.cpp - data movement, concat and reduce_mean ------------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::qnn;

//===----------------------------------------------------------------------===//
// Helpers: moving a per-axis quantized dimension with the data
//===----------------------------------------------------------------------===//

/// Whether the per-axis element type of `type` (if any) fits its shape. The
/// verifier checks this (QuantTypesMatchShapes) before it infers result
/// types; builders may infer them earlier, and then must not index past the
/// shape or the scales.
static bool perAxisFitsShape(RankedTensorType type) {
  auto perAxis = getPerAxisType(type);
  if (!perAxis)
    return true;
  int64_t axis = perAxis.getQuantizedDimension();
  return axis >= 0 && axis < type.getRank() &&
         static_cast<int64_t>(perAxis.getScales().size()) ==
             type.getDimSize(axis);
}

/// The element type of a data-movement result whose per-axis quantized
/// dimension (if any) moved from `axis` to `newAxis(axis)`. `newAxis`
/// returns std::nullopt when the channel dimension does not survive.
static FailureOr<Type>
moveQuantizedAxis(std::optional<Location> loc, RankedTensorType type,
                  function_ref<std::optional<int64_t>(int64_t)> newAxis) {
  // Blocked weights only feed fully_connected / matmul; moving their blocks
  // and scale tensor with the data is not supported.
  if (isa<quant::UniformQuantizedSubChannelType>(type.getElementType()))
    return emitOptionalError(loc, "sub-channel quantized tensors cannot be "
                                  "moved by data-movement ops");
  auto perAxis = getPerAxisType(type);
  if (!perAxis)
    return type.getElementType();
  if (!perAxisFitsShape(type))
    return failure();
  std::optional<int64_t> axis = newAxis(perAxis.getQuantizedDimension());
  if (!axis)
    return emitOptionalError(loc, "per-axis quantized dimension ",
                             perAxis.getQuantizedDimension(),
                             " does not survive this op");
  return Type(quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), perAxis.getStorageType(),
      perAxis.getExpressedType(), perAxis.getScales(),
      perAxis.getZeroPoints(), *axis, perAxis.getStorageTypeMin(),
      perAxis.getStorageTypeMax()));
}

/// Normalizes and checks a list of axes in [-rank, rank): each in range and
/// distinct.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(std::optional<Location> loc, ArrayRef<int64_t> axes,
              int64_t rank) {
  SmallVector<int64_t> result;
  llvm::SmallBitVector seen(rank);
  for (int64_t axis : axes) {
    std::optional<int64_t> normalized = normalizeAxis(axis, rank);
    if (!normalized)
      return emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                               rank);
    if (seen.test(*normalized))
      return emitOptionalError(loc, "axis ", axis, " is repeated");
    seen.set(*normalized);
    result.push_back(*normalized);
  }
  return result;
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one operand");
  auto first = cast<RankedTensorType>(getInputs().front().getType());
  int64_t signedAxis = getAxis(); // I64Attr getters return uint64_t.
  std::optional<int64_t> axis = normalizeAxis(signedAxis, first.getRank());
  if (!axis)
    return emitOpError("axis ")
           << signedAxis << " is out of range for rank " << first.getRank();
  SmallVector<int64_t> expected(first.getShape());
  expected[*axis] = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != first.getRank())
      return emitOpError("operand #")
             << i << " must have rank " << first.getRank() << ", got "
             << type.getRank();
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (d != *axis && type.getDimSize(d) != first.getDimSize(d))
        return emitOpError("operand #")
               << i << " must match operand #0 in dimension " << d
               << ", expected " << first.getDimSize(d) << ", got "
               << type.getDimSize(d);
    expected[*axis] += type.getDimSize(*axis);
  }
  return verifyResultShape(*this, expected, getOutput().getType().getShape());
}

// Concatenating one tensor into its own type is the identity.
OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 &&
      getInputs().front().getType() == getOutput().getType())
    return getInputs().front();
  return {};
}

//===----------------------------------------------------------------------===//
// ReduceMeanOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceMeanOp::verify() {
  RankedTensorType inputType = getInput().getType();
  int64_t rank = inputType.getRank();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(getLoc(), getAxes(), rank);
  if (failed(axes))
    return failure();
  llvm::SmallBitVector reduced(rank, axes->empty());
  for (int64_t axis : *axes)
    reduced.set(axis);
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < rank; ++d) {
    if (!reduced.test(d))
      expected.push_back(inputType.getDimSize(d));
    else if (getKeepdims())
      expected.push_back(1);
  }
  return verifyResultShape(*this, expected, getOutput().getType().getShape());
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  RankedTensorType inputType = getInput().getType();
  RankedTensorType outputType = getOutput().getType();
  if (inputType.getNumElements() != outputType.getNumElements())
    return emitOpError("element count must be preserved, operand has ")
           << inputType.getNumElements() << ", result has "
           << outputType.getNumElements();
  if (inputType.getElementType() != outputType.getElementType())
    return emitOpError("result must have the operand's element type, "
                       "expected ")
           << inputType.getElementType() << ", got "
           << outputType.getElementType();
  if (getPerAxisType(inputType) ||
      isa<quant::UniformQuantizedSubChannelType>(inputType.getElementType()))
    return emitOpError("cannot reshape a per-axis or sub-channel quantized "
                       "tensor");
  return success();
}

// reshape(x : T) : T -> x; reshape(reshape(x)) -> reshape(x).
OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  return {};
}

namespace {
/// reshape(flatten | squeeze | unsqueeze (x)) -> reshape(x): each of them
/// only renames the shape of a row-major buffer.
template <typename ShapeOnlyOp>
struct FoldShapeOnlyProducer : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<ShapeOnlyOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(op, "operand is not a shape-only op");
    rewriter.modifyOpInPlace(
        op, [&] { op.getInputMutable().assign(producer.getInput()); });
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<FoldShapeOnlyProducer<FlattenOp>, FoldShapeOnlyProducer<SqueezeOp>,
              FoldShapeOnlyProducer<UnsqueezeOp>>(context);
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          FlattenOp::Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  int64_t axis = adaptor.getAxis();
  if (axis < -rank || axis > rank)
    return emitOptionalError(loc, "axis ", axis, " is out of range [", -rank,
                             ", ", rank, "]");
  if (axis < 0)
    axis += rank;
  if (getPerAxisType(type) ||
      isa<quant::UniformQuantizedSubChannelType>(type.getElementType()))
    return emitOptionalError(loc, "cannot flatten a per-axis or sub-channel "
                                  "quantized tensor");
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < axis ? outer : inner) *= type.getDimSize(d);
  inferred.push_back(type.clone({outer, inner}));
  return success();
}

OpFoldResult FlattenOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// SqueezeOp, UnsqueezeOp
//===----------------------------------------------------------------------===//

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          SqueezeOp::Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(loc, adaptor.getAxes(), rank);
  if (failed(axes))
    return failure();
  llvm::SmallBitVector dropped(rank);
  for (int64_t axis : *axes) {
    if (type.getDimSize(axis) != 1)
      return emitOptionalError(loc, "cannot squeeze dimension ", axis,
                               " of size ", type.getDimSize(axis));
    dropped.set(axis);
  }
  if (axes->empty())
    for (int64_t d = 0; d < rank; ++d)
      if (type.getDimSize(d) == 1)
        dropped.set(d);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    if (!dropped.test(d))
      shape.push_back(type.getDimSize(d));
  FailureOr<Type> element = moveQuantizedAxis(
      loc, type, [&](int64_t a) -> std::optional<int64_t> {
        if (dropped.test(a))
          return std::nullopt;
        int64_t before = 0;
        for (int64_t d = 0; d < a; ++d)
          before += dropped.test(d);
        return a - before;
      });
  if (failed(element))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, *element));
  return success();
}

OpFoldResult SqueezeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

LogicalResult UnsqueezeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            UnsqueezeOp::Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!type)
    return failure();
  int64_t rank = type.getRank() + adaptor.getAxes().size();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes(loc, adaptor.getAxes(), rank);
  if (failed(axes))
    return failure();
  llvm::SmallBitVector inserted(rank);
  for (int64_t axis : *axes)
    inserted.set(axis);
  SmallVector<int64_t> shape;
  SmallVector<int64_t> oldToNew;
  for (int64_t d = 0, src = 0; d < rank; ++d) {
    if (inserted.test(d)) {
      shape.push_back(1);
      continue;
    }
    shape.push_back(type.getDimSize(src++));
    oldToNew.push_back(d);
  }
  FailureOr<Type> element = moveQuantizedAxis(
      loc, type,
      [&](int64_t a) -> std::optional<int64_t> { return oldToNew[a]; });
  if (failed(element))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, *element));
  return success();
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            TransposeOp::Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (static_cast<int64_t>(perm.size()) != type.getRank())
    return emitOptionalError(loc, "perm must have one entry per dimension (",
                             type.getRank(), "), got ", perm.size());
  llvm::SmallBitVector seen(perm.size());
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= type.getRank() || seen.test(p))
      return emitOptionalError(loc, "perm must be a permutation of [0, ",
                               type.getRank(), ")");
    seen.set(p);
    shape.push_back(type.getDimSize(p));
  }
  FailureOr<Type> element = moveQuantizedAxis(
      loc, type, [&](int64_t a) -> std::optional<int64_t> {
        return llvm::find(perm, a) - perm.begin();
      });
  if (failed(element))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, *element));
  return success();
}

static bool isIdentityPermutation(ArrayRef<int64_t> perm) {
  for (auto [i, p] : llvm::enumerate(perm))
    if (static_cast<int64_t>(i) != p)
      return false;
  return true;
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  if (isIdentityPermutation(getPerm()))
    return getInput();
  return {};
}

namespace {
/// transpose(transpose(x, p1), p2) -> transpose(x, p) with p[k] = p1[p2[k]].
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<TransposeOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(op, "operand is not a transpose");
    ArrayRef<int64_t> inner = producer.getPerm();
    SmallVector<int64_t> composed;
    for (int64_t p : op.getPerm())
      composed.push_back(inner[p]);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, op.getType(),
                                             producer.getInput(), composed);
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<ComposeTransposes>(context);
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        SliceOp::Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    steps = adaptor.getSteps();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(starts.size()) != rank ||
      static_cast<int64_t>(ends.size()) != rank ||
      static_cast<int64_t>(steps.size()) != rank)
    return emitOptionalError(loc, "starts, ends and steps must each have one "
                                  "entry per dimension (",
                             rank, ")");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (steps[d] < 1)
      return emitOptionalError(loc, "steps must be positive, got ", steps[d],
                               " in dimension ", d);
    if (starts[d] < 0 || starts[d] > ends[d] || ends[d] > type.getDimSize(d))
      return emitOptionalError(loc, "slice bounds must satisfy 0 <= start <= "
                                    "end <= size, got [",
                               starts[d], ", ", ends[d], ") for size ",
                               type.getDimSize(d), " in dimension ", d);
    // ceil((end - start) / step), without overflow for huge steps.
    int64_t size = ends[d] - starts[d];
    shape.push_back(size == 0 ? 0 : (size - 1) / steps[d] + 1);
  }
  // A per-axis type keeps the scales of the channels the slice selects, and
  // does not survive a slice that selects none.
  FailureOr<Type> element = moveQuantizedAxis(
      loc, type, [&](int64_t a) -> std::optional<int64_t> {
        if (shape[a] == 0)
          return std::nullopt;
        return a;
      });
  if (failed(element))
    return failure();
  if (auto perAxis = getPerAxisType(type)) {
    int64_t a = perAxis.getQuantizedDimension();
    SmallVector<double> scales;
    SmallVector<int64_t> zeroPoints;
    for (int64_t j = 0; j < shape[a]; ++j) {
      int64_t c = starts[a] + j * steps[a];
      scales.push_back(perAxis.getScales()[c]);
      zeroPoints.push_back(perAxis.getZeroPoints()[c]);
    }
    element = quant::UniformQuantizedPerAxisType::get(
        perAxis.getFlags(), perAxis.getStorageType(),
        perAxis.getExpressedType(), scales, zeroPoints, a,
        perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
  }
  inferred.push_back(RankedTensorType::get(shape, *element));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      PadOp::Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> pads = adaptor.getPads();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return emitOptionalError(loc, "pads must have 2 * rank = ", 2 * rank,
                             " entries, got ", pads.size());
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return emitOptionalError(loc, "pads must be non-negative");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(pads[d] + type.getDimSize(d) + pads[rank + d]);
  FailureOr<Type> element = moveQuantizedAxis(
      loc, type, [&](int64_t a) -> std::optional<int64_t> {
        if (pads[a] != 0 || pads[rank + a] != 0)
          return std::nullopt;
        return a;
      });
  if (failed(element))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, *element));
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }))
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         GatherOp::Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto data = dyn_cast<RankedTensorType>(adaptor.getData().getType());
  auto indices = dyn_cast<RankedTensorType>(adaptor.getIndices().getType());
  if (!data || !indices)
    return failure();
  int64_t signedAxis = adaptor.getAxis(); // I64Attr getters return uint64_t.
  std::optional<int64_t> axis = normalizeAxis(signedAxis, data.getRank());
  if (!axis)
    return emitOptionalError(loc, "axis ", signedAxis,
                             " is out of range for rank ", data.getRank());
  SmallVector<int64_t> shape(data.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(*axis + 1));
  int64_t added = indices.getRank() - 1;
  FailureOr<Type> element = moveQuantizedAxis(
      loc, data, [&](int64_t a) -> std::optional<int64_t> {
        if (a == *axis)
          return std::nullopt;
        return a < *axis ? a : a + added;
      });
  if (failed(element))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, *element));
  return success();
}
