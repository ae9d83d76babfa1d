//===- SinkTransposes.cpp - NHWC inside the model -------------------------===//
//
// Moves linalg.transpose below elementwise linalg.generic ops and folds
// transpose pairs, so that the transposes the conv and pool lowerings put
// around their NHWC linalg ops cancel between consecutive layers. An
// elementwise generic reading a transpose through any other map reads the
// transpose's source instead (a residual add whose second operand is still
// NCHW when the first was sunk).
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNSINKTRANSPOSES
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// A linalg.transpose creating a fresh result.
static Value createTranspose(PatternRewriter &rewriter, Location loc,
                             Value input, ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : permutation)
    shape.push_back(type.getDimSize(d));
  Value init =
      tensor::EmptyOp::create(rewriter, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(rewriter, loc, input, init, permutation)
      .getResult()
      .front();
}

namespace {

/// transpose(transpose(x, p), q) = transpose(x, p o q), or x when p o q is
/// the identity: result dim k of the outer one is dim q[k] of the inner
/// result, which is dim p[q[k]] of x.
struct FoldTransposePair : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getInput().getDefiningOp<linalg::TransposeOp>();
    if (!inner || !outer.hasPureTensorSemantics() ||
        !inner.hasPureTensorSemantics())
      return rewriter.notifyMatchFailure(outer, "not a transpose of one");
    ArrayRef<int64_t> p = inner.getPermutation(), q = outer.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t k : q)
      composed.push_back(p[k]);
    if (llvm::equal(composed, llvm::seq<int64_t>(0, composed.size()))) {
      rewriter.replaceOp(outer, inner.getInput());
      return success();
    }
    rewriter.replaceOp(outer, createTranspose(rewriter, outer.getLoc(),
                                              inner.getInput(), composed));
    return success();
  }
};

/// The map reading y where `map` reads transpose(y, p): the transpose's
/// result at i is y at j with j_{p[k]} = i_k, so r_{p[k]} = map_k.
static AffineMap readThroughTranspose(AffineMap map,
                                      ArrayRef<int64_t> permutation) {
  SmallVector<AffineExpr> exprs(permutation.size());
  for (auto [k, d] : llvm::enumerate(permutation))
    exprs[d] = map.getResult(k);
  return AffineMap::get(map.getNumDims(), map.getNumSymbols(), exprs,
                        map.getContext());
}

/// Whether `op` is an elementwise generic on tensors writing its one result
/// through the identity map without reading it or its loop indices.
static LogicalResult matchElementwise(linalg::GenericOp op,
                                      PatternRewriter &rewriter) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops())
    return rewriter.notifyMatchFailure(op, "not elementwise on tensors");
  OpOperand *init = op.getDpsInitOperand(0);
  if (!op.getMatchingIndexingMap(init).isIdentity() ||
      op.payloadUsesValueFromOperand(init))
    return rewriter.notifyMatchFailure(op, "result not written by identity");
  if (llvm::any_of(op.getBody()->getOps<linalg::IndexOp>(),
                   [](auto) { return true; }))
    return rewriter.notifyMatchFailure(op, "body reads loop indices");
  return success();
}

/// generic(..., transpose(y, p), ...) -> transpose(generic'(..., y, ...), p)
/// for an elementwise generic reading the transpose through the identity
/// map. The new generic iterates over y's index space j; the old index is
/// i_k = j_{p[k]}, so every other operand's map m becomes m o sigma with
/// sigma(j) = (j_{p[0]}, ..., j_{p[n-1]}).
struct SinkTransposeThroughElementwise : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(matchElementwise(op, rewriter)))
      return failure();

    // The first operand that is a transpose read through the identity map.
    OpOperand *sunk = nullptr;
    linalg::TransposeOp transpose;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      auto producer = operand->get().getDefiningOp<linalg::TransposeOp>();
      if (producer && producer.hasPureTensorSemantics() &&
          op.getMatchingIndexingMap(operand).isIdentity()) {
        sunk = operand;
        transpose = producer;
        break;
      }
    }
    if (!sunk)
      return rewriter.notifyMatchFailure(op, "no transposed operand");

    ArrayRef<int64_t> permutation = transpose.getPermutation();
    MLIRContext *context = rewriter.getContext();
    int64_t rank = permutation.size();
    SmallVector<AffineExpr> sigmaExprs;
    for (int64_t d : permutation)
      sigmaExprs.push_back(getAffineDimExpr(d, context));
    AffineMap sigma = AffineMap::get(rank, 0, sigmaExprs, context);

    // Every transposed operand reads the transpose's source (through the
    // identity map when transposed by p and read through the identity).
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(operand).compose(sigma);
      auto producer = operand->get().getDefiningOp<linalg::TransposeOp>();
      if (producer && producer.hasPureTensorSemantics()) {
        inputs.push_back(producer.getInput());
        maps.push_back(readThroughTranspose(map, producer.getPermutation()));
        continue;
      }
      inputs.push_back(operand->get());
      maps.push_back(map);
    }
    maps.push_back(AffineMap::getMultiDimIdentityMap(rank, context));

    auto resultType = cast<RankedTensorType>(op.getResult(0).getType());
    auto sourceType = cast<RankedTensorType>(transpose.getInput().getType());
    Location loc = op.getLoc();
    Value newInit = tensor::EmptyOp::create(
        rewriter, loc, sourceType.getShape(), resultType.getElementType());
    auto generic =
        linalg::GenericOp::create(rewriter, loc, newInit.getType(), inputs,
                                  newInit, maps, op.getIteratorTypesArray());
    rewriter.inlineRegionBefore(op.getRegion(), generic.getRegion(),
                                generic.getRegion().end());
    rewriter.replaceOp(
        op, createTranspose(rewriter, loc, generic.getResult(0), permutation));
    return success();
  }
};

/// generic(..., transpose(y, p) read through m, ...) ->
/// generic(..., y read through readThroughTranspose(m, p), ...) for an
/// elementwise generic with no transpose read through the identity (those
/// SinkTransposeThroughElementwise moves below it).
struct FoldTransposeIntoElementwise : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(matchElementwise(op, rewriter)))
      return failure();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    SmallVector<std::pair<OpOperand *, Value>> folded;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      auto producer = operand->get().getDefiningOp<linalg::TransposeOp>();
      if (!producer || !producer.hasPureTensorSemantics())
        continue;
      AffineMap &map = maps[operand->getOperandNumber()];
      if (map.isIdentity())
        return rewriter.notifyMatchFailure(op, "a transpose to sink");
      map = readThroughTranspose(map, producer.getPermutation());
      folded.push_back({operand, producer.getInput()});
    }
    if (folded.empty())
      return rewriter.notifyMatchFailure(op, "no transposed operand");
    rewriter.modifyOpInPlace(op, [&] {
      for (auto [operand, source] : folded)
        operand->set(source);
      op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    });
    return success();
  }
};

struct QNNSinkTransposesPass
    : qnn::impl::QNNSinkTransposesBase<QNNSinkTransposesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldTransposeIntoElementwise, FoldTransposePair,
                 SinkTransposeThroughElementwise>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
