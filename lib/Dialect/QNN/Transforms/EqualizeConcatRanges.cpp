//===- EqualizeConcatRanges.cpp - equal branch ranges for concat ----------===//
//
// A quantized concat has one scale for all its branches. When their
// calibrated ranges differ by orders of magnitude, the narrow branch is left
// with a handful of levels. This pass rescales the float model so the
// branches agree: branch i is multiplied by k_i at its producer (a conv2d or
// fully_connected, through positively homogeneous ops only), and every
// consumer of the concat divides the weights it applies to branch i's
// channels by k_i. The function computed is unchanged; after quantization
// each branch spans the whole u8 range and the consumer's per-channel
// weights carry the difference.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Statistics.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"

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
  /// The conv2d / fully_connected to rescale; null when the branch is fixed.
  Operation *producer = nullptr;
  /// Observers between the producer and the concat (rescaled with it).
  SmallVector<ObserveOp> observers;
  /// The other ops between the producer and the concat.
  SmallVector<Operation *> chain;
  /// Channels of the concat this branch fills.
  int64_t size = 0;
  double width = 0;
};
} // namespace

/// Ops with f(k x) = k f(x) for k > 0 that move values without mixing
/// channels' magnitudes.
static bool isPositivelyHomogeneous(Operation *op) {
  return isa<MaxPool2DOp, ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp,
             TransposeOp, SliceOp, ReluOp>(op);
}

static double rangeWidth(StatsAttr stats) {
  return std::max(stats.getMaxValue(), 0.0) -
         std::min(stats.getMinValue(), 0.0);
}

/// The producer of a float conv2d / fully_connected with constant weight
/// (and bias, if any) whose weight can be rescaled.
static bool isRescalableProducer(Operation *op) {
  if (!isa_and_nonnull<Conv2DOp, FullyConnectedOp>(op) ||
      !isF32Tensor(op->getResult(0).getType()) ||
      !isF32Tensor(op->getOperand(0).getType()) ||
      failed(getConstantFloats(op->getOperand(1))))
    return false;
  Value bias = getBias(op);
  return !bias || succeeded(getConstantFloats(bias));
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
  Operation *def = value.getDefiningOp();
  if (rescalable && value.hasOneUse() && isRescalableProducer(def))
    branch.producer = def;
  return branch;
}

/// The consumers of the concat's (observed) result: conv2d on NCHW channels,
/// fully_connected / matmul on the last axis, all with constant weights,
/// reached through max_pool2d and relu. Failure when any user is something
/// else.
static FailureOr<SmallVector<Operation *>>
findConsumers(Value value, int64_t axis, int64_t rank,
              SmallVectorImpl<Operation *> &through) {
  SmallVector<Operation *> consumers;
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (OpOperand &use : current.getUses()) {
      Operation *user = use.getOwner();
      if (isa<MaxPool2DOp, ReluOp>(user)) {
        through.push_back(user);
        worklist.push_back(user->getResult(0));
        continue;
      }
      bool absorbs = false;
      if (isa<Conv2DOp>(user))
        absorbs = use.getOperandNumber() == 0 && rank == 4 && axis == 1;
      else if (isa<FullyConnectedOp>(user))
        absorbs = use.getOperandNumber() == 0 && axis == rank - 1;
      else if (auto matmul = dyn_cast<MatMulOp>(user))
        absorbs = use.getOperandNumber() == 0 && axis == rank - 1 &&
                  cast<RankedTensorType>(matmul.getRhs().getType()).getRank() ==
                      2;
      if (!absorbs || !isF32Tensor(user->getOperand(1).getType()) ||
          failed(getConstantFloats(user->getOperand(1))))
        return failure();
      consumers.push_back(user);
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

/// Replaces operand `index` of `op` (a constant) by a new constant holding
/// `values`.
static void replaceConstantOperand(OpBuilder &builder, Operation *op,
                                   unsigned index, ArrayRef<float> values) {
  Value old = op->getOperand(index);
  builder.setInsertionPoint(op);
  Value replacement = createFloatConstant(
      builder, old.getLoc(), cast<RankedTensorType>(old.getType()).getShape(),
      values, getNameHint(old.getLoc()));
  op->setOperand(index, replacement);
  if (Operation *def = old.getDefiningOp(); def && def->use_empty())
    def->erase();
}

/// Multiplies the producer's output by `factor`.
static void rescaleProducer(OpBuilder &builder, Operation *producer,
                            double factor) {
  SmallVector<float> weight = *getConstantFloats(producer->getOperand(1));
  for (float &w : weight)
    w = static_cast<float>(w * factor);
  replaceConstantOperand(builder, producer, 1, weight);
  if (Value biasValue = getBias(producer)) {
    SmallVector<float> bias = *getConstantFloats(biasValue);
    for (float &b : bias)
      b = static_cast<float>(b * factor);
    replaceConstantOperand(builder, producer, 2, bias);
  }
  auto activation = producer->getAttrOfType<ActivationAttr>("activation");
  if (activation && activation.getKind() != ActivationKind::relu)
    producer->setAttr(
        "activation",
        ActivationAttr::get(producer->getContext(), ActivationKind::clamp,
                            activation.getLowerBound() * factor,
                            activation.getUpperBound() * factor));
}

/// Divides the weights `consumer` applies to input channel c by
/// `factors[c]`.
static void rescaleConsumer(OpBuilder &builder, Operation *consumer,
                            ArrayRef<double> factors) {
  SmallVector<float> weight = *getConstantFloats(consumer->getOperand(1));
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(consumer->getOperand(1).getType()).getShape();
  auto scale = [&](int64_t index, int64_t c) {
    weight[index] = static_cast<float>(weight[index] / factors[c]);
  };
  int64_t channels = factors.size();
  if (auto conv = dyn_cast<Conv2DOp>(consumer)) {
    // w: [F, C / groups, KH, KW]; input channel c feeds the output channels
    // of group c / (C / groups) at local index c % (C / groups).
    int64_t filters = shape[0], local = shape[1], window = shape[2] * shape[3];
    int64_t perGroup = filters / conv.getGroups();
    for (int64_t c = 0; c < channels; ++c) {
      int64_t group = c / local, l = c % local;
      for (int64_t f = group * perGroup; f < (group + 1) * perGroup; ++f)
        for (int64_t i = 0; i < window; ++i)
          scale((f * local + l) * window + i, c);
    }
  } else if (isa<FullyConnectedOp>(consumer)) {
    // w: [N, K], column k multiplies input feature k.
    for (int64_t n = 0; n < shape[0]; ++n)
      for (int64_t k = 0; k < channels; ++k)
        scale(n * shape[1] + k, k);
  } else {
    // matmul rhs: [K, N], row k multiplies input feature k.
    for (int64_t k = 0; k < channels; ++k)
      for (int64_t n = 0; n < shape[1]; ++n)
        scale(k * shape[1] + n, k);
  }
  replaceConstantOperand(builder, consumer, 1, weight);
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
  int64_t rank = op.getType().getRank();
  int64_t axis = op.getAxis();
  SmallVector<Operation *> through;
  FailureOr<SmallVector<Operation *>> consumers =
      findConsumers(resultObserver.getResult(), axis, rank, through);
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
  for (Operation *consumer : *consumers)
    rescaleConsumer(builder, consumer, channelFactors);
  resultObserver.setStatsAttr(mergeStats(op.getContext(), parts));
  markEqualized(op, channelFactors, axis);
  for (Operation *throughOp : through)
    markEqualized(throughOp, channelFactors, axis);
  return success();
}
