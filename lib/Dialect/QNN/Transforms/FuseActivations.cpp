//===- FuseActivations.cpp - fold relu / clamp into their producer --------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFUSEACTIVATIONS
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// The activation a relu or clamp applies; null for a clamp to a single
/// value, which is a constant rather than an activation.
static ActivationAttr activationOf(Operation *op) {
  MLIRContext *context = op->getContext();
  if (isa<ReluOp>(op))
    return ActivationAttr::get(context, ActivationKind::relu);
  auto clamp = cast<ClampOp>(op);
  double lo = clamp.getMin().convertToDouble();
  double hi = clamp.getMax().convertToDouble();
  if (!(lo < hi))
    return {};
  if (lo == 0.0 && hi == 6.0)
    return ActivationAttr::get(context, ActivationKind::relu6);
  if (lo == 0.0 && std::isinf(hi))
    return ActivationAttr::get(context, ActivationKind::relu);
  return ActivationAttr::get(context, ActivationKind::clamp, lo, hi);
}

namespace {
/// relu(p) / clamp(p) -> p {activation = ...} for a single-use producer p
/// that can apply an activation and has none yet.
template <typename ActivationOp>
struct FuseIntoProducer : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp op,
                                PatternRewriter &rewriter) const override {
    Operation *producer = op.getInput().getDefiningOp();
    if (!producer ||
        !isa<Conv2DOp, FullyConnectedOp, MatMulOp, AddOp>(producer))
      return rewriter.notifyMatchFailure(op, "producer cannot fuse activations");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(op, "producer has other uses");
    if (producer->hasAttr("activation"))
      return rewriter.notifyMatchFailure(op, "producer already activates");
    if (producer->getResult(0).getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "activation changes the type");
    ActivationAttr activation = activationOf(op);
    if (!activation)
      return rewriter.notifyMatchFailure(op, "clamp to a single value");
    // The producer now computes the activation's tensor: its location names
    // that tensor first (intermediates, reports), then the producer.
    Location loc = rewriter.getFusedLoc({op.getLoc(), producer->getLoc()});
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("activation", activation);
      producer->setLoc(loc);
    });
    rewriter.replaceOp(op, producer->getResults());
    return success();
  }
};

struct FuseActivationsPass
    : qnn::impl::QNNFuseActivationsBase<FuseActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseActivationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::qnn::populateFuseActivationPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseIntoProducer<ReluOp>, FuseIntoProducer<ClampOp>>(
      patterns.getContext());
}
