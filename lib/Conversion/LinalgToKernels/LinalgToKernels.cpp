//===- LinalgToKernels.cpp - qnn-linalg-to-kernels ------------------------===//
//
// The thin pass: each f32 convolution and matmul, and each f32 or INT8
// depthwise convolution, on buffers that a kernel takes becomes that kernel;
// every other op is left to the loop lowering.
//
//===----------------------------------------------------------------------===//

#include "LinalgToKernels.h"
#include "qnn/Conversion/Passes.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNLINALGTOKERNELS
#include "qnn/Conversion/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// Records the ops a rewrite erases: a kernel erases the elementwise ops it
/// absorbs, which may still be on the list of ops to visit.
struct ErasedOps : RewriterBase::Listener {
  void notifyOperationErased(Operation *op) override { erased.insert(op); }
  llvm::DenseSet<Operation *> erased;
};

struct QNNLinalgToKernelsPass
    : qnn::impl::QNNLinalgToKernelsBase<QNNLinalgToKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (vectorWidth != 4 && vectorWidth != 8 && vectorWidth != 16) {
      getOperation().emitError()
          << "qnn-linalg-to-kernels: vector-width must be 4, 8 or 16, not "
          << static_cast<int64_t>(vectorWidth);
      return signalPassFailure();
    }
    if (int8DotWidth != 0 && int8DotWidth != 8 && int8DotWidth != 16) {
      getOperation().emitError()
          << "qnn-linalg-to-kernels: int8-dot-width must be 0, 8 or 16, not "
          << static_cast<int64_t>(int8DotWidth);
      return signalPassFailure();
    }
    ContractionTile tile = ContractionTile::forVectorWidth(vectorWidth);
    ContractionTile floatTile =
        ContractionTile::forVectorWidth(vectorWidth, /*isFloat=*/true);
    SymbolTable symbols(getOperation());
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    ErasedOps erasedOps;
    IRRewriter rewriter(&getContext(), &erasedOps);
    for (linalg::LinalgOp op : ops) {
      if (erasedOps.erased.contains(op.getOperation()))
        continue;
      if (succeeded(rewriteDepthwiseConv(rewriter, op, symbols, vectorWidth,
                                         int8DotWidth)))
        continue;
      if (succeeded(rewriteFloatConv(rewriter, op, symbols, floatTile)))
        continue;
      if (succeeded(rewriteIntegerContraction(rewriter, op, symbols, tile,
                                              int8DotWidth)))
        continue;
      (void)rewriteFloatMatmul(rewriter, op, symbols, floatTile);
    }
  }
};
} // namespace
