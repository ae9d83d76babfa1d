//===- FuseActivations.cpp - fold relu / clamp into their producer --------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <algorithm>
#include <cmath>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFUSEACTIVATIONS
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// The activation clamping to [lo, hi] (lo < hi, either may be infinite),
/// in its named form when it has one.
static ActivationAttr makeActivation(MLIRContext *context, double lo,
                                     double hi) {
  if (lo == 0.0 && hi == 6.0)
    return ActivationAttr::get(context, ActivationKind::relu6);
  if (lo == 0.0 && std::isinf(hi))
    return ActivationAttr::get(context, ActivationKind::relu);
  return ActivationAttr::get(context, ActivationKind::clamp, lo, hi);
}

namespace {
/// relu(p) / clamp(p) (an ActivationOpInterface op) -> p {activation = ...}
/// for a single-use producer p that can apply an activation
/// (FusedActivationOpInterface). An activation p already has is composed
/// with the new one: clamp(clamp(x, a, b), c, d) = clamp(x, max(a, c),
/// min(b, d)) (PyTorch exports relu6 as Relu then Clip(0, 6)).
struct FuseIntoProducer : OpInterfaceRewritePattern<ActivationOpInterface> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(ActivationOpInterface op,
                                PatternRewriter &rewriter) const override {
    auto producer =
        op->getOperand(0).getDefiningOp<FusedActivationOpInterface>();
    if (!producer)
      return rewriter.notifyMatchFailure(op, "producer cannot fuse activations");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(op, "producer has other uses");
    if (producer->getResult(0).getType() != op->getResult(0).getType())
      return rewriter.notifyMatchFailure(op, "activation changes the type");
    auto [lo, hi] = op.getBounds();
    if (ActivationAttr existing = producer.getActivation()) {
      lo = std::max(lo, existing.getLowerBound());
      hi = std::min(hi, existing.getUpperBound());
    }
    if (!(lo < hi))
      return rewriter.notifyMatchFailure(op, "clamp to a single value");
    ActivationAttr activation = makeActivation(op->getContext(), lo, hi);
    // The producer now computes the activation's tensor: its location names
    // that tensor first (intermediates, reports), then the producer.
    Location loc = rewriter.getFusedLoc({op->getLoc(), producer->getLoc()});
    rewriter.modifyOpInPlace(producer, [&] {
      producer.setActivation(activation);
      producer->setLoc(loc);
    });
    rewriter.replaceOp(op, producer->getResults());
    return success();
  }
};

/// add(matmul(x, w), b) -> fully_connected(x, w^T, b) (keeping the add's
/// fused activation) for a 2-D x, a
/// constant [K, N] w and a constant b of N values (shape [N] or [1, N]):
/// PyTorch's `x @ w + b` with bare parameters. As a fully_connected the
/// bias is added to the accumulator and quantizes at s_in * s_w like any
/// other, instead of leaving a float add between two INT8 ops.
struct FuseBiasAddIntoMatMul : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp op,
                                PatternRewriter &rewriter) const override {
    for (unsigned i = 0; i < 2; ++i) {
      auto matmul = op->getOperand(i).getDefiningOp<MatMulOp>();
      Value bias = op->getOperand(1 - i);
      if (!matmul || !matmul->hasOneUse() || matmul.getActivationAttr() ||
          matmul.getType() != op.getType() ||
          !isF32Tensor(op.getType()) || !isF32Tensor(matmul.getLhs().getType()))
        continue;
      auto lhsType = cast<RankedTensorType>(matmul.getLhs().getType());
      auto rhsType = cast<RankedTensorType>(matmul.getRhs().getType());
      auto biasType = cast<RankedTensorType>(bias.getType());
      if (lhsType.getRank() != 2 || rhsType.getRank() != 2)
        continue;
      int64_t k = rhsType.getDimSize(0), n = rhsType.getDimSize(1);
      if (biasType.getNumElements() != n ||
          biasType.getDimSize(biasType.getRank() - 1) != n ||
          biasType.getRank() > 2)
        continue;
      FailureOr<SmallVector<float>> w = getConstantFloats(matmul.getRhs());
      FailureOr<SmallVector<float>> b = getConstantFloats(bias);
      if (failed(w) || failed(b))
        continue;
      SmallVector<float> wt(w->size());
      for (int64_t r = 0; r < k; ++r)
        for (int64_t c = 0; c < n; ++c)
          wt[c * k + r] = (*w)[r * n + c];
      std::string name = getNameHint(matmul.getRhs().getLoc());
      rewriter.setInsertionPoint(matmul);
      Value weight = createFloatConstant(rewriter, matmul.getRhs().getLoc(),
                                         {n, k}, wt, name);
      Value newBias =
          createFloatConstant(rewriter, bias.getLoc(), {n}, *b, name + ".bias");
      Location loc = rewriter.getFusedLoc({op.getLoc(), matmul.getLoc()});
      Value fc = FullyConnectedOp::create(
          rewriter, loc, op.getType(), matmul.getLhs(), weight, newBias,
          /*input_scale=*/Value(), /*input_zero_point=*/Value(),
          op.getActivationAttr());
      rewriter.replaceOp(op, fc);
      rewriter.eraseOp(matmul);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not matmul(x, const) + const");
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
  patterns.add<FuseIntoProducer, FuseBiasAddIntoMatMul>(patterns.getContext());
}
