//===- QuantizeStatic.cpp - static INT8 quantization from statistics ------===//
//
// Three steps (the last two shared with qnn-convert-fake-quant, in
// QDQRewrites.cpp):
//   1. every calibrated qnn.observe becomes quantize + dequantize (Q/DQ);
//   2. dequantizes sink below ops that keep their operand's scale;
//   3. every INT8-capable op fed by dequantizes and followed by a quantize is
//      rewritten to consume and produce the quantized tensors, its constant
//      weights and bias quantized;
// then Q/DQ pairs around tensors that stayed float on both sides are
// dropped.
//
//===----------------------------------------------------------------------===//

#include "QDQRewrites.h"

#include "qnn/Calibration/RangeSelection.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"
#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNQUANTIZESTATIC
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// True when `loc` (or a location nested in it) is named `name`.
static bool hasName(Location loc, StringRef name) {
  bool found = false;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner))
      found |= named.getName() == name;
    return WalkResult::advance();
  });
  return found;
}

/// u8 asymmetric per-tensor type for the range calibration chose.
static quant::UniformQuantizedType activationType(MLIRContext *context,
                                                  RealRange range) {
  AffineParams params = computeAffineParams(range, 0, 255);
  return quant::UniformQuantizedType::get(
      /*flags=*/0, IntegerType::get(context, 8), Float32Type::get(context),
      params.scale, params.zeroPoint, 0, 255);
}

namespace {
struct QuantizeStaticPass
    : qnn::impl::QNNQuantizeStaticBase<QuantizeStaticPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  LogicalResult observersToQDQ(Operation *root, RangeMethod rangeMethod);
  bool isKeptFloat(Operation *op) const;

  llvm::StringSet<> keepFloatNames;
};
} // namespace

bool QuantizeStaticPass::isKeptFloat(Operation *op) const {
  return llvm::any_of(keepFloatNames, [&](const auto &entry) {
    return hasName(op->getLoc(), entry.getKey());
  });
}

/// observe(x) -> dequantize(quantize(x)) with the type its statistics give.
LogicalResult QuantizeStaticPass::observersToQDQ(Operation *root,
                                                 RangeMethod rangeMethod) {
  SmallVector<ObserveOp> observers;
  root->walk([&](ObserveOp op) { observers.push_back(op); });
  for (ObserveOp op : observers) {
    StatsAttr stats = op.getStatsAttr();
    if (!stats)
      return op.emitOpError("has no calibration statistics: run "
                            "`quant-run --calibrate` before quantizing");
    RealRange range = selectRange(stats, rangeMethod, percentile, 256);
    OpBuilder builder(op);
    auto qtype = withElementType(op.getType(),
                                 activationType(op.getContext(), range));
    Value q = QuantizeOp::create(builder, op.getLoc(), qtype, op.getInput());
    Value dq = DequantizeOp::create(builder, op.getLoc(), q);
    op.replaceAllUsesWith(dq);
    op.erase();
  }
  return success();
}

/// A constant float weight of the weighted op `op` quantized s8 symmetric
/// (per output channel when `perChannel`, along the weight's output-channel
/// dimension).
static Value quantizeConstantWeight(OpBuilder &builder, Operation *op,
                                    Value weight, bool perChannel) {
  FailureOr<SmallVector<float>> values = getConstantFloats(weight);
  if (failed(values))
    return {};
  auto weightShape = cast<RankedTensorType>(weight.getType()).getShape();
  int64_t axis = cast<WeightedOpInterface>(op).getWeightOutputChannelDim();
  QuantizedTensor qweight = quantizeSymmetric(builder.getContext(), *values,
                                              weightShape, axis, perChannel);
  return createQuantizedConstant(builder, weight.getLoc(), weightShape, qweight,
                                 getNameHint(weight.getLoc()));
}

void QuantizeStaticPass::runOnOperation() {
  Operation *root = getOperation();
  std::optional<RangeMethod> rangeMethod = parseRangeMethod(method);
  if (!rangeMethod) {
    emitError(root->getLoc(), "unknown calibration method '")
        << method << "', expected minmax, percentile, entropy or mse";
    return signalPassFailure();
  }
  if (!(percentile > 0 && percentile <= 100)) {
    emitError(root->getLoc(), "percentile must be in (0, 100], got ")
        << percentile;
    return signalPassFailure();
  }
  keepFloatNames.clear();
  for (const std::string &name : keepFloat) {
    bool exists = false;
    root->walk([&](Operation *op) {
      exists |= op != root && hasName(op->getLoc(), name);
    });
    if (!exists) {
      emitError(root->getLoc(), "keep-float names '")
          << name << "', which is not the name of any op";
      return signalPassFailure();
    }
    keepFloatNames.insert(name);
  }
  if (failed(observersToQDQ(root, *rangeMethod)))
    return signalPassFailure();
  auto keptFloat = [&](Operation *op) { return isKeptFloat(op); };
  sinkDequantizes(root, keptFloat);
  quantizeComputeOps(
      root, keptFloat, [&](OpBuilder &builder, Operation *op, Value weight) {
        return quantizeConstantWeight(builder, op, weight, perChannel);
      });
  dropFloatQDQ(root);
  eraseDeadOps(root);
}
