//===- FoldBatchNorm.cpp - fold batch_norm into the weighted op before it ===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNFOLDBATCHNORM
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// The batch_norm as an affine map per channel: y = x * k[c] + t[c] with
/// k = scale / sqrt(variance + epsilon) and t = bias - mean * k, in f64.
struct ChannelAffine {
  SmallVector<double> k, t;
};
} // namespace

static FailureOr<ChannelAffine> getChannelAffine(BatchNormOp op) {
  FailureOr<SmallVector<float>> scale = getConstantFloats(op.getScale());
  FailureOr<SmallVector<float>> bias = getConstantFloats(op.getBias());
  FailureOr<SmallVector<float>> mean = getConstantFloats(op.getMean());
  FailureOr<SmallVector<float>> variance = getConstantFloats(op.getVariance());
  if (failed(scale) || failed(bias) || failed(mean) || failed(variance))
    return failure();
  double epsilon = op.getEpsilon().convertToDouble();
  ChannelAffine affine;
  for (size_t c = 0, e = scale->size(); c < e; ++c) {
    double k = (*scale)[c] / std::sqrt(double((*variance)[c]) + epsilon);
    affine.k.push_back(k);
    affine.t.push_back((*bias)[c] - (*mean)[c] * k);
  }
  return affine;
}

/// w' = w * k[c] for the weight elements of output channel c (index c
/// along `channelDim`) and b'[c] = b[c] * k[c] + t[c].
static std::pair<Value, Value>
createFoldedParameters(PatternRewriter &rewriter, Location loc, Value weight,
                       int64_t channelDim, Value bias,
                       const ChannelAffine &affine, ArrayRef<float> w,
                       ArrayRef<float> b) {
  auto weightType = cast<RankedTensorType>(weight.getType());
  ArrayRef<int64_t> shape = weightType.getShape();
  int64_t channels = shape[channelDim];
  // Elements of one channel are runs of `inner` consecutive elements.
  int64_t inner = 1;
  for (int64_t size : shape.drop_front(channelDim + 1))
    inner *= size;
  SmallVector<float> newWeight(w.size()), newBias(channels);
  for (size_t i = 0, e = w.size(); i < e; ++i) {
    int64_t c = (static_cast<int64_t>(i) / inner) % channels;
    newWeight[i] = static_cast<float>(w[i] * affine.k[c]);
  }
  for (int64_t c = 0; c < channels; ++c) {
    double oldBias = b.empty() ? 0.0 : b[c];
    newBias[c] = static_cast<float>(oldBias * affine.k[c] + affine.t[c]);
  }
  std::string name = getNameHint(weight.getLoc());
  Value foldedWeight = createFloatConstant(
      rewriter, weight.getLoc(), weightType.getShape(), newWeight, name);
  Value foldedBias = createFloatConstant(
      rewriter, bias ? bias.getLoc() : loc, {channels}, newBias, name + ".bias");
  return {foldedWeight, foldedBias};
}

namespace {
/// batch_norm(p) -> p with folded weight and bias, for a weighted op p
/// (conv2d, fully_connected) that can take a bias and whose output channels
/// are on the batch_norm's axis 1.
struct FoldIntoProducer : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<ChannelAffine> affine = getChannelAffine(op);
    if (failed(affine))
      return rewriter.notifyMatchFailure(op, "parameters are not constants");
    auto producer = op.getInput().getDefiningOp<WeightedOpInterface>();
    if (!producer || !producer.getBiasMutable() ||
        producer.getResultChannelDim() != 1)
      return rewriter.notifyMatchFailure(
          op, "producer is not a weighted op with a bias and channels on "
              "axis 1");
    auto activation =
        dyn_cast<FusedActivationOpInterface>(producer.getOperation());
    if (!producer->hasOneUse() || (activation && activation.getActivation()))
      return rewriter.notifyMatchFailure(op, "producer result needed as is");
    Value weight = producer.getWeight();
    Value bias = producer.getBias();
    if (!isF32Tensor(weight.getType()) ||
        !isF32Tensor(producer.getInput().getType()))
      return rewriter.notifyMatchFailure(op, "producer is not float");
    FailureOr<SmallVector<float>> w = getConstantFloats(weight);
    FailureOr<SmallVector<float>> b = SmallVector<float>();
    if (bias)
      b = getConstantFloats(bias);
    if (failed(w) || failed(b))
      return rewriter.notifyMatchFailure(op, "weight or bias not constant");

    // The folded op now computes the batch_norm's tensor: its location
    // names that tensor first (intermediates, reports), then the producer.
    Location loc = rewriter.getFusedLoc({op.getLoc(), producer->getLoc()});
    rewriter.setInsertionPoint(producer);
    std::pair<Value, Value> parameters = createFoldedParameters(
        rewriter, loc, weight, producer.getWeightOutputChannelDim(), bias,
        *affine, *w, *b);
    auto folded = cast<WeightedOpInterface>(rewriter.clone(*producer));
    rewriter.modifyOpInPlace(folded, [&] {
      folded.getWeightMutable().set(parameters.first);
      folded.getBiasMutable()->assign(parameters.second);
      folded->setLoc(loc);
    });
    rewriter.replaceOp(op, folded->getResults());
    rewriter.eraseOp(producer);
    return success();
  }
};

/// batch_norm(x) -> x * k + t with per-channel constants shaped [C, 1, ...]
/// to broadcast along axis 1. Lower benefit than folding.
struct RewriteAsMulAdd : OpRewritePattern<BatchNormOp> {
  RewriteAsMulAdd(MLIRContext *context)
      : OpRewritePattern<BatchNormOp>(context, /*benefit=*/0) {}

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<ChannelAffine> affine = getChannelAffine(op);
    if (failed(affine))
      return rewriter.notifyMatchFailure(op, "parameters are not constants");
    RankedTensorType type = op.getInput().getType();
    SmallVector<int64_t> shape(type.getRank() - 1, 1);
    shape[0] = type.getDimSize(1);
    SmallVector<float> k(affine->k.begin(), affine->k.end());
    SmallVector<float> t(affine->t.begin(), affine->t.end());
    std::string name = getNameHint(op.getLoc());
    Location loc = op.getLoc();
    Value scale = createFloatConstant(rewriter, loc, shape, k, name + ".k");
    Value shift = createFloatConstant(rewriter, loc, shape, t, name + ".t");
    Value mul = MulOp::create(rewriter, loc, type, op.getInput(), scale,
                              ActivationAttr());
    rewriter.replaceOpWithNewOp<AddOp>(op, type, mul, shift, ActivationAttr());
    return success();
  }
};

struct FoldBatchNormPass : qnn::impl::QNNFoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::qnn::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldIntoProducer, RewriteAsMulAdd>(patterns.getContext());
}
