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

/// The side of a transpose tile: 16 x 16 elements (a 16 x 16 byte or f32
/// transpose is a few shuffles per row).
static constexpr int64_t kTransposeTile = 16;

/// The loop that indexes the innermost dimension of `op`'s only input when
/// that is not the innermost loop (a transpose), for an all-parallel
/// generic with one input and one identity output.
static std::optional<unsigned> getTransposedDim(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() != 0 || !op.hasPureTensorSemantics())
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!maps[1].isIdentity() || !maps[0].isPermutation())
    return std::nullopt;
  unsigned dim =
      cast<AffineDimExpr>(maps[0].getResults().back()).getPosition();
  if (dim == op.getNumLoops() - 1)
    return std::nullopt;
  return dim;
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
  auto outType = dyn_cast<ShapedType>(linalgOp.getDpsInits()[0].getType());
  return isInt(linalgOp.getDpsInputs()[0], 8) &&
         isInt(linalgOp.getDpsInputs()[1], 8) &&
         isInt(linalgOp.getDpsInits()[0], 32) && outType &&
         outType.hasStaticShape();
}

/// Whether `op` is one of the lowering's NHWC f32 convolutions (dense or
/// depthwise): two inputs, a static f32 [N, OH, OW, C] output indexed by
/// the four leading (parallel) loops, the rest reductions.
static bool isFloatNhwcConv(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp || linalgOp.getNumDpsInputs() != 2 ||
      linalgOp.getNumDpsInits() != 1 || linalgOp.getNumParallelLoops() != 4 ||
      linalgOp.getNumReductionLoops() < 2)
    return false;
  auto outType = dyn_cast<ShapedType>(linalgOp.getDpsInits()[0].getType());
  if (!outType || !outType.hasStaticShape() || outType.getRank() != 4 ||
      !outType.getElementType().isF32())
    return false;
  AffineMap outMap = linalgOp.getIndexingMapsArray().back();
  for (auto [i, expr] : llvm::enumerate(outMap.getResults())) {
    auto dim = dyn_cast<AffineDimExpr>(expr);
    if (!dim || dim.getPosition() != i)
      return false;
  }
  return true;
}

/// Whether `op` initializes the accumulator of a contraction `isKernel`
/// accepts (the bias broadcast) or reads its result, through reshapes (the
/// requantization, an activation), or, for a depthwise one (two reduction
/// loops), writes its input (the padding, which the f32 kernel reads
/// through): the ops qnn-linalg-to-kernels folds into its kernel.
static bool isKernelNeighbor(linalg::GenericOp op,
                             function_ref<bool(Operation *)> isKernel) {
  for (OpOperand &use : op->getUses()) {
    if (!isKernel(use.getOwner()))
      continue;
    auto kernel = cast<linalg::LinalgOp>(use.getOwner());
    if (kernel.isDpsInit(&use) ||
        (use.getOperandNumber() == 0 && kernel.getNumReductionLoops() == 2 &&
         op.getNumDpsInputs() == 0))
      return true;
  }
  for (Value input : op.getDpsInputs()) {
    Operation *def = input.getDefiningOp();
    while (isa_and_nonnull<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def))
      def = def->getOperand(0).getDefiningOp();
    if (isKernel(def))
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

/// Tiles `op` by `sizes` in loops of `loopType`, replacing (or, on buffers,
/// erasing) it; returns the tile's op.
static FailureOr<Operation *>
tileOp(RewriterBase &rewriter, Operation *op, ArrayRef<OpFoldResult> sizes,
       scf::SCFTilingOptions::LoopType loopType) {
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  options.setLoopType(loopType);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiling =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(tiling))
    return failure();
  if (op->getNumResults())
    rewriter.replaceOp(op, tiling->replacements);
  else
    rewriter.eraseOp(op);
  return tiling->tiledOps.front();
}

namespace {
struct QNNVectorizeElementwisePass
    : qnn::impl::QNNVectorizeElementwiseBase<QNNVectorizeElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    // Transposes on tensors as generics, tiled in two dimensions below.
    IRRewriter generalizer(&getContext());
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk([&](linalg::TransposeOp op) {
      auto type = dyn_cast<RankedTensorType>(op.getInit().getType());
      if (op.hasPureTensorSemantics() && type && type.hasStaticShape())
        transposes.push_back(op);
    });
    for (linalg::TransposeOp op : transposes) {
      generalizer.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(generalizer, op);
    }

    SmallVector<linalg::GenericOp> ops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (isVectorizableElementwise(op) &&
          !(leaveContractionNeighbors &&
            isKernelNeighbor(op, isInt8Contraction)) &&
          !(leaveFloatConvNeighbors && isKernelNeighbor(op, isFloatNhwcConv)))
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
    // A transpose (an input whose innermost dimension is another loop's):
    // square tiles of that loop and the innermost one, so that both the
    // reads and the writes are contiguous vectors (a vector.transpose in
    // registers between them).
    std::optional<unsigned> transposedDim = getTransposedDim(op);
    unsigned vectorDim = ranges.size() - 1;
    while (vectorDim > 0 && ranges[vectorDim] == 1 && !hasReduction)
      --vectorDim;
    int64_t chunk = getChunk(ranges[vectorDim], maxChunk);
    // Parallel dimensions: one element per tile (chunk along vectorDim);
    // reductions: whole here, then one element per step of a loop.
    SmallVector<OpFoldResult> sizes, reductionSizes;
    if (transposedDim) {
      vectorDim = ranges.size() - 1;
      chunk = getChunk(ranges[vectorDim], kTransposeTile);
    }
    for (auto [dim, iterator] : llvm::enumerate(iterators)) {
      bool isReduction = iterator == utils::IteratorType::reduction;
      int64_t size = isReduction ? 0 : (dim == vectorDim ? chunk : 1);
      if (transposedDim && dim == *transposedDim)
        size = getChunk(ranges[dim], kTransposeTile);
      sizes.push_back(rewriter.getIndexAttr(size));
      reductionSizes.push_back(rewriter.getIndexAttr(isReduction ? 1 : 0));
    }
    Operation *tile = op;
    bool tiled = transposedDim || chunk != ranges[vectorDim] ||
                 llvm::any_of(llvm::enumerate(ranges), [&](auto it) {
                   return it.index() != vectorDim && it.value() != 1 &&
                          iterators[it.index()] ==
                              utils::IteratorType::parallel;
                 });
    if (tiled) {
      FailureOr<Operation *> inner =
          tileOp(rewriter, op, sizes, scf::SCFTilingOptions::LoopType::ForallOp);
      if (failed(inner))
        return op.emitOpError("could not be tiled for vectorization");
      tile = *inner;
    }
    if (hasReduction) {
      FailureOr<Operation *> inner = tileOp(
          rewriter, tile, reductionSizes, scf::SCFTilingOptions::LoopType::ForOp);
      if (failed(inner))
        return tile->emitOpError("could not tile its reduction");
      tile = *inner;
    }
    if (transposedDim) {
      // The tile's unit dimensions dropped: a 2-D transpose. Rank-reducing
      // slices, not reshapes: a reshape of a strided slice would bufferize
      // to a copy.
      rewriter.setInsertionPoint(tile);
      linalg::ControlDropUnitDims control;
      control.rankReductionStrategy = linalg::ControlDropUnitDims::
          RankReductionStrategy::ExtractInsertSlice;
      FailureOr<linalg::DropUnitDimsResult> dropped = linalg::dropUnitDims(
          rewriter, cast<linalg::GenericOp>(tile), control);
      if (succeeded(dropped)) {
        rewriter.replaceOp(tile, dropped->replacements);
        tile = dropped->resultOp.getOperation();
      }
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
