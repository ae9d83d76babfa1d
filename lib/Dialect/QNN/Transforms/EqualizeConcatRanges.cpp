//===- EqualizeConcatRanges.cpp - equal branch ranges for concat ----------===//
//
// A quantized concat has one scale for all its branches. When their
// calibrated ranges differ by orders of magnitude, the narrow branch is left
// with a handful of levels. This pass rescales the float model so the
// branches agree: branch i is multiplied by k_i at its producer (a weighted
// op: conv2d, fully_connected, matmul; through positively homogeneous ops
// only), and every weighted consumer of the concat divides the weights it
// applies to branch i's channels by k_i. The function computed is unchanged;
// after quantization each branch spans the whole u8 range and the consumer's
// per-channel weights carry the difference.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Statistics.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

#include <algorithm>
#include <limits>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNEQUALIZECONCATRANGES
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// One operand of the concat and what rescaling it takes.
struct Branch {
  /// The observer whose statistics describe the branch.
  ObserveOp observer;
  /// The weighted op to rescale; null when the branch is fixed.
  WeightedOpInterface producer;
  /// Observers between the producer and the concat (rescaled with it).
  SmallVector<ObserveOp> observers;
  /// The other ops between the producer and the concat.
  SmallVector<Operation *> chain;
  /// Channels of the concat this branch fills.
  int64_t size = 0;
  double width = 0;
};
} // namespace

/// Ops with f(k x) = k f(x) for k > 0 in their data operand #0: a branch's
/// factor passes through them.
static bool isPositivelyHomogeneous(Operation *op) {
  return op->hasTrait<qnn::OpTrait::PositivelyHomogeneous>();
}

/// Ops with f(D x) = D f(x) for a positive diagonal D along `axis` (one
/// factor per channel), whose result keeps each channel at its index: a
/// positively homogeneous op that is elementwise, or a 2-D pool for the
/// batch and channel axes of NCHW.
static bool passesChannelFactors(Operation *op, int64_t axis) {
  return isPositivelyHomogeneous(op) &&
         (op->hasTrait<qnn::OpTrait::ElementwiseOperator>() ||
          (op->hasTrait<qnn::OpTrait::Pool2D>() && axis <= 1));
}

static double rangeWidth(StatsAttr stats) {
  return std::max(stats.getMaxValue(), 0.0) -
         std::min(stats.getMinValue(), 0.0);
}

/// `op` when it is a float weighted op with a constant weight (and bias, if
/// any), whose output can be rescaled through them; else null.
static WeightedOpInterface getRescalableProducer(Operation *op) {
  auto weighted = dyn_cast_or_null<WeightedOpInterface>(op);
  if (!weighted || !isF32Tensor(op->getResult(0).getType()) ||
      !isF32Tensor(weighted.getInput().getType()) ||
      failed(getConstantFloats(weighted.getWeight())))
    return {};
  Value bias = weighted.getBias();
  if (bias && failed(getConstantFloats(bias)))
    return {};
  return weighted;
}

/// Walks from a concat operand back to its observer and, when the whole
/// chain can be rescaled, to its producer.
static std::optional<Branch> analyzeBranch(Value operand) {
  Branch branch;
  bool rescalable = true;
  Value value = operand;
  while (Operation *def = value.getDefiningOp()) {
    rescalable &= value.hasOneUse();
    if (auto observer = dyn_cast<ObserveOp>(def)) {
      if (!branch.observer)
        branch.observer = observer;
      branch.observers.push_back(observer);
    } else if (isPositivelyHomogeneous(def)) {
      branch.chain.push_back(def);
    } else {
      break;
    }
    value = def->getOperand(0);
  }
  if (!branch.observer || !branch.observer.getStatsAttr())
    return std::nullopt;
  branch.width = rangeWidth(branch.observer.getStatsAttr());
  if (rescalable && value.hasOneUse())
    branch.producer = getRescalableProducer(value.getDefiningOp());
  return branch;
}

/// The consumers of the concat's (observed) result: weighted ops whose input
/// channels are the concat's axis, with constant f32 weights, reached
/// through ops that pass per-channel factors (relu, pools). Failure when any
/// user is something else.
static FailureOr<SmallVector<WeightedOpInterface>>
findConsumers(Value value, int64_t axis,
              SmallVectorImpl<Operation *> &through) {
  SmallVector<WeightedOpInterface> consumers;
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (OpOperand &use : current.getUses()) {
      Operation *user = use.getOwner();
      if (passesChannelFactors(user, axis) && use.getOperandNumber() == 0) {
        through.push_back(user);
        worklist.push_back(user->getResult(0));
        continue;
      }
      auto weighted = dyn_cast<WeightedOpInterface>(user);
      if (!weighted || use.get() != weighted.getInput() ||
          use.get() == weighted.getWeight() ||
          axis != weighted.getInputChannelDim() ||
          !isF32Tensor(weighted.getWeight().getType()) ||
          failed(getConstantFloats(weighted.getWeight())))
        return failure();
      consumers.push_back(weighted);
    }
  }
  return consumers;
}

/// Records on `op` that its result is the float model's tensor times
/// `factors` (one factor, or one per index of `axis`), for tools that
/// compare the two (quant-run --compare).
static void markEqualized(Operation *op, ArrayRef<double> factors,
                          int64_t axis) {
  SmallVector<double> combined(factors);
  if (auto old = op->getAttrOfType<DenseF64ArrayAttr>(kEqualizedByAttr);
      old && old.size() == static_cast<int64_t>(factors.size()))
    for (auto [c, o] : llvm::zip(combined, old.asArrayRef()))
      c *= o;
  op->setAttr(kEqualizedByAttr,
              DenseF64ArrayAttr::get(op->getContext(), combined));
  if (factors.size() > 1)
    op->setAttr(kEqualizedAxisAttr,
                IntegerAttr::get(IntegerType::get(op->getContext(), 64), axis));
}

/// Replaces `operand` (a constant) by a new constant holding `values`.
static void replaceConstantOperand(OpBuilder &builder, OpOperand &operand,
                                   ArrayRef<float> values) {
  Value old = operand.get();
  builder.setInsertionPoint(operand.getOwner());
  Value replacement = createFloatConstant(
      builder, old.getLoc(), cast<RankedTensorType>(old.getType()).getShape(),
      values, getNameHint(old.getLoc()));
  operand.set(replacement);
  if (Operation *def = old.getDefiningOp(); def && def->use_empty())
    def->erase();
}

/// Multiplies the producer's output by `factor`: its weight, its bias and
/// the bounds of its fused activation (relu stays relu).
static void rescaleProducer(OpBuilder &builder, WeightedOpInterface producer,
                            double factor) {
  SmallVector<float> weight = *getConstantFloats(producer.getWeight());
  for (float &w : weight)
    w = static_cast<float>(w * factor);
  replaceConstantOperand(builder, producer.getWeightMutable(), weight);
  if (Value biasValue = producer.getBias()) {
    SmallVector<float> bias = *getConstantFloats(biasValue);
    for (float &b : bias)
      b = static_cast<float>(b * factor);
    replaceConstantOperand(builder, (*producer.getBiasMutable())[0], bias);
  }
  auto fused = dyn_cast<FusedActivationOpInterface>(producer.getOperation());
  ActivationAttr activation = fused ? fused.getActivation() : nullptr;
  if (activation && activation.getKind() != ActivationKind::relu)
    fused.setActivation(
        ActivationAttr::get(producer->getContext(), ActivationKind::clamp,
                            activation.getLowerBound() * factor,
                            activation.getUpperBound() * factor));
}

/// Divides the weights `consumer` applies to input channel c by
/// `factors[c]`. The weight's input-channel dimension holds C / groups
/// channels (groups = 1 but for a grouped conv2d): input channel c feeds the
/// output channels of group c / (C / groups) at local index c % (C /
/// groups).
static void rescaleConsumer(OpBuilder &builder, WeightedOpInterface consumer,
                            ArrayRef<double> factors) {
  SmallVector<float> weight = *getConstantFloats(consumer.getWeight());
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(consumer.getWeight().getType()).getShape();
  int64_t outDim = consumer.getWeightOutputChannelDim();
  int64_t inDim = consumer.getWeightInputChannelDim();
  int64_t local = shape[inDim];
  int64_t groups = static_cast<int64_t>(factors.size()) / local;
  int64_t perGroup = shape[outDim] / groups;
  // Row-major stride of a dimension: the product of the sizes after it.
  auto strideOf = [&](int64_t dim) {
    int64_t stride = 1;
    for (int64_t size : shape.drop_front(dim + 1))
      stride *= size;
    return stride;
  };
  int64_t outStride = strideOf(outDim), inStride = strideOf(inDim);
  for (int64_t index = 0, e = weight.size(); index < e; ++index) {
    int64_t out = (index / outStride) % shape[outDim];
    int64_t in = (index / inStride) % local;
    int64_t c = (out / perGroup) * local + in;
    weight[index] = static_cast<float>(weight[index] / factors[c]);
  }
  replaceConstantOperand(builder, consumer.getWeightMutable(), weight);
}

namespace {
struct EqualizeConcatRangesPass
    : qnn::impl::QNNEqualizeConcatRangesBase<EqualizeConcatRangesPass> {
  using Base::Base;

  void runOnOperation() override {
    if (!(minRatio >= 1.0)) {
      emitError(getOperation()->getLoc(), "min-ratio must be at least 1, got ")
          << minRatio;
      return signalPassFailure();
    }
    SmallVector<ConcatOp> concats;
    getOperation()->walk([&](ConcatOp op) { concats.push_back(op); });
    for (ConcatOp op : concats)
      (void)equalize(op);
  }

  LogicalResult equalize(ConcatOp op);
};
} // namespace

LogicalResult EqualizeConcatRangesPass::equalize(ConcatOp op) {
  if (!isF32Tensor(op.getType()) || !op->hasOneUse())
    return failure();
  auto resultObserver = dyn_cast<ObserveOp>(*op->getUsers().begin());
  if (!resultObserver || !resultObserver.getStatsAttr())
    return failure();
  int64_t axis = op.getAxis();
  SmallVector<Operation *> through;
  FailureOr<SmallVector<WeightedOpInterface>> consumers =
      findConsumers(resultObserver.getResult(), axis, through);
  if (failed(consumers) || consumers->empty())
    return failure();

  SmallVector<Branch> branches;
  for (Value operand : op.getInputs()) {
    std::optional<Branch> branch = analyzeBranch(operand);
    if (!branch)
      return failure();
    branch->size = cast<RankedTensorType>(operand.getType()).getDimSize(axis);
    branches.push_back(std::move(*branch));
  }
  double narrowest = std::numeric_limits<double>::infinity(), widest = 0;
  double fixedWidest = 0;
  bool anyRescalable = false;
  for (const Branch &branch : branches) {
    if (branch.width <= 0)
      continue;
    narrowest = std::min(narrowest, branch.width);
    widest = std::max(widest, branch.width);
    if (branch.producer)
      anyRescalable = true;
    else
      fixedWidest = std::max(fixedWidest, branch.width);
  }
  if (!anyRescalable || widest < minRatio * narrowest)
    return failure();
  double reference = fixedWidest > 0 ? fixedWidest : widest;

  OpBuilder builder(op);
  SmallVector<StatsAttr> parts;
  SmallVector<double> channelFactors;
  for (Branch &branch : branches) {
    StatsAttr stats = branch.observer.getStatsAttr();
    double factor = branch.width > 0 ? reference / branch.width : 1.0;
    if (!branch.producer || factor == 1.0) {
      parts.push_back(stats);
      channelFactors.append(branch.size, 1.0);
      continue;
    }
    channelFactors.append(branch.size, factor);
    rescaleProducer(builder, branch.producer, factor);
    markEqualized(branch.producer, factor, axis);
    for (Operation *chainOp : branch.chain)
      markEqualized(chainOp, factor, axis);
    for (ObserveOp observer : branch.observers)
      observer.setStatsAttr(scaleStats(observer.getStatsAttr(), factor));
    parts.push_back(branch.observer.getStatsAttr());
  }
  for (WeightedOpInterface consumer : *consumers)
    rescaleConsumer(builder, consumer, channelFactors);
  resultObserver.setStatsAttr(mergeStats(op.getContext(), parts));
  markEqualized(op, channelFactors, axis);
  for (Operation *throughOp : through)
    markEqualized(throughOp, channelFactors, axis);
  return success();
}
