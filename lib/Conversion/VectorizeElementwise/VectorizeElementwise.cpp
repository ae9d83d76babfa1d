//===- VectorizeElementwise.cpp - qnn-vectorize-elementwise ---------------===//
//
// Elementwise linalg.generic ops on tensors (requantize, activations,
// residual adds, bias broadcasts, pads) as vector code: tiled by an
// scf.forall to [1, ..., 1, chunk], each tile vectorized by upstream's
// linalg::vectorize. Lane i of every vector op is the scalar op of the loop
// it replaces on the same operands, so the values are the interpreter's.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNVECTORIZEELEMENTWISE
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// The elements of the innermost dimension (of `size`) per tile: all of
/// them up to `maxChunk`, else the largest divisor not above it (a prime
/// size keeps it whole: one longer vector rather than a scalar tail).
static int64_t getChunk(int64_t size, int64_t maxChunk) {
  if (size <= maxChunk)
    return size;
  for (int64_t chunk = maxChunk; chunk >= maxChunk / 4; --chunk)
    if (size % chunk == 0)
      return chunk;
  return size;
}

/// Whether `op` is an integer contraction of 8-bit operands into i32 (an
/// INT8 convolution or matmul) that the dot-product kernels take.
static bool isInt8Contraction(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp || linalgOp.getNumReductionLoops() == 0 ||
      linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1)
    return false;
  auto isInt = [](Value v, unsigned width) {
    Type element = getElementTypeOrSelf(v.getType());
    return element.isInteger(width);
  };
  // At least 4 output channels (columns): depthwise convolutions take a
  // kernel of their own, which folds nothing in.
  auto outType = dyn_cast<ShapedType>(linalgOp.getDpsInits()[0].getType());
  return isInt(linalgOp.getDpsInputs()[0], 8) &&
         isInt(linalgOp.getDpsInputs()[1], 8) &&
         isInt(linalgOp.getDpsInits()[0], 32) && outType &&
         outType.hasStaticShape() && outType.getShape().back() >= 4;
}

/// Whether `op` initializes an INT8 contraction's accumulator (the bias
/// broadcast) or reads its result, through reshapes (the requantization):
/// the ops qnn-linalg-to-kernels folds into its kernel.
static bool isInt8ContractionNeighbor(linalg::GenericOp op) {
  for (OpOperand &use : op->getUses())
    if (isInt8Contraction(use.getOwner()) &&
        cast<linalg::LinalgOp>(use.getOwner()).isDpsInit(&use))
      return true;
  for (Value input : op.getDpsInputs()) {
    Operation *def = input.getDefiningOp();
    while (isa_and_nonnull<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def))
      def = def->getOperand(0).getDefiningOp();
    if (isInt8Contraction(def))
      return true;
  }
  return false;
}

/// Whether `op` is an elementwise generic (on tensors, or buffers with no
/// loads in its body) that the vectorizer takes whole, with a static
/// iteration space.
static bool isVectorizableElementwise(linalg::GenericOp op) {
  if (!(op.hasPureTensorSemantics() || op.hasPureBufferSemantics()) ||
      op.getNumLoops() == 0)
    return false;
  // Reductions (on tensors) only over outer dimensions, the innermost loop
  // parallel: each lane then adds its own elements in the loops' order
  // (the reduction loops stay sequential loops).
  if (op.getNumParallelLoops() != op.getNumLoops() &&
      (!op.hasPureTensorSemantics() ||
       op.getIteratorTypesArray().back() != utils::IteratorType::parallel))
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return false;
  return succeeded(linalg::vectorizeOpPrecondition(
      op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
      /*vectorizeNDExtract=*/true));
}

namespace {
struct QNNVectorizeElementwisePass
    : qnn::impl::QNNVectorizeElementwiseBase<QNNVectorizeElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> ops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (isVectorizableElementwise(op) &&
          !(leaveContractionNeighbors && isInt8ContractionNeighbor(op)))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : ops) {
      // Unit dimensions dropped first (the operands reshaped), so that
      // vectors have one dimension: a depthwise convolution's bias and
      // outputs end in one.
      rewriter.setInsertionPoint(op);
      linalg::ControlDropUnitDims control;
      FailureOr<linalg::DropUnitDimsResult> dropped =
          op.hasPureTensorSemantics()
              ? linalg::dropUnitDims(rewriter, op, control)
              : FailureOr<linalg::DropUnitDimsResult>(failure());
      if (succeeded(dropped)) {
        rewriter.replaceOp(op, dropped->replacements);
        op = cast<linalg::GenericOp>(dropped->resultOp.getOperation());
      }
      if (failed(vectorizeOne(rewriter, op)))
        return signalPassFailure();
    }
    // vector<1x...x1xNx1...> to vector<N>, and transfers with broadcast or
    // permuted maps to minor-identity ones.
    RewritePatternSet patterns(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorTransferDropUnitDimsPatterns(patterns);
    vector::populateDropUnitDimWithShapeCastPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }

  LogicalResult vectorizeOne(IRRewriter &rewriter, linalg::GenericOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    // The vectorized dimension: the innermost one longer than 1 (a
    // depthwise convolution's outputs end in a unit dimension).
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    bool hasReduction = op.getNumReductionLoops() != 0;
    unsigned vectorDim = ranges.size() - 1;
    while (vectorDim > 0 && ranges[vectorDim] == 1 && !hasReduction)
      --vectorDim;
    int64_t chunk = getChunk(ranges[vectorDim], maxChunk);
    // Parallel dimensions: one element per tile (chunk along vectorDim);
    // reductions: whole here, then one element per step of a loop.
    SmallVector<OpFoldResult> sizes, reductionSizes;
    for (auto [dim, iterator] : llvm::enumerate(iterators)) {
      bool isReduction = iterator == utils::IteratorType::reduction;
      sizes.push_back(rewriter.getIndexAttr(
          isReduction ? 0 : (dim == vectorDim ? chunk : 1)));
      reductionSizes.push_back(rewriter.getIndexAttr(isReduction ? 1 : 0));
    }
    Operation *tile = op;
    bool tiled = chunk != ranges[vectorDim] ||
                 llvm::any_of(llvm::enumerate(ranges), [&](auto it) {
                   return it.index() != vectorDim && it.value() != 1 &&
                          iterators[it.index()] ==
                              utils::IteratorType::parallel;
                 });
    if (tiled) {
      scf::SCFTilingOptions options;
      options.setTileSizes(sizes);
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiling = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiling))
        return op.emitOpError("could not be tiled for vectorization");
      if (op->getNumResults())
        rewriter.replaceOp(op, tiling->replacements);
      else
        rewriter.eraseOp(op);
      tile = tiling->tiledOps.front();
    }
    if (hasReduction) {
      scf::SCFTilingOptions options;
      options.setTileSizes(reductionSizes);
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
      rewriter.setInsertionPoint(tile);
      FailureOr<scf::SCFTilingResult> tiling = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(tile), options);
      if (failed(tiling))
        return tile->emitOpError("could not tile its reduction");
      rewriter.replaceOp(tile, tiling->replacements);
      tile = tiling->tiledOps.front();
    }
    rewriter.setInsertionPoint(tile);
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, tile, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/true);
    if (failed(vectorized))
      return tile->emitOpError("could not be vectorized");
    if (vectorized->replacements.empty())
      rewriter.eraseOp(tile);
    else
      rewriter.replaceOp(tile, vectorized->replacements);
    return success();
  }
};
} // namespace
