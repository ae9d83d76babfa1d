//===- QuantizeStatic.cpp - static INT8 quantization from statistics ------===//
//
// Three steps, each a small function below:
//   1. every calibrated qnn.observe becomes quantize + dequantize (Q/DQ);
//   2. dequantizes sink below ops that keep their operand's scale;
//   3. every INT8-capable op fed by dequantizes and followed by a quantize is
//      rewritten to consume and produce the quantized tensors, its constant
//      weights and bias quantized;
// then Q/DQ pairs around tensors that stayed float on both sides are
// dropped.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/RangeSelection.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"
#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
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

static RankedTensorType withElementType(Type type, Type element) {
  return cast<RankedTensorType>(type).clone(element);
}

namespace {
struct QuantizeStaticPass
    : qnn::impl::QNNQuantizeStaticBase<QuantizeStaticPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  LogicalResult observersToQDQ(Operation *root, RangeMethod rangeMethod);
  void sinkDequantizes(Operation *root);
  void quantizeComputeOps(Operation *root);
  LogicalResult quantizeComputeOp(Operation *op);
  void dropFloatQDQ(Operation *root);
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

/// inherit(dequantize(q)) -> dequantize(inherit(q)) for ops that keep their
/// operand's scale: the result is quantized with the operand's type.
void QuantizeStaticPass::sinkDequantizes(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (inheritsScale(op))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    auto dq = op->getOperand(0).getDefiningOp<DequantizeOp>();
    if (!dq || !getPerTensorType(dq.getInput().getType()) || isKeptFloat(op))
      continue;
    OpBuilder builder(op);
    Operation *quantized = builder.clone(*op);
    quantized->setOperand(0, dq.getInput());
    Type element = getElementTypeOrSelf(dq.getInput().getType());
    quantized->getResult(0).setType(
        withElementType(op->getResult(0).getType(), element));
    Value result =
        DequantizeOp::create(builder, op->getLoc(), quantized->getResult(0));
    op->replaceAllUsesWith(ValueRange{result});
    op->erase();
  }
}

/// The quantized operand behind a dequantize, when per tensor.
static Value quantizedSource(Value value) {
  auto dq = value.getDefiningOp<DequantizeOp>();
  if (!dq || !getPerTensorType(dq.getInput().getType()))
    return {};
  return dq.getInput();
}

LogicalResult QuantizeStaticPass::quantizeComputeOp(Operation *op) {
  // The result must be quantized next (its observer's quantize).
  if (!op->hasOneUse())
    return failure();
  auto requant = dyn_cast<QuantizeOp>(*op->getUsers().begin());
  if (!requant)
    return failure();
  // Activation operands must come out of dequantizes.
  SmallVector<std::pair<unsigned, Value>> replacements;
  for (Value operand : getActivationOperands(op)) {
    Value source = quantizedSource(operand);
    if (!source)
      return failure();
    for (OpOperand &use : op->getOpOperands())
      if (use.get() == operand)
        replacements.emplace_back(use.getOperandNumber(), source);
  }
  MLIRContext *context = op->getContext();
  OpBuilder builder(op);

  // Constant weight (conv2d / fully_connected operand 1, a constant matmul
  // rhs) and bias.
  bool hasWeight = isa<Conv2DOp, FullyConnectedOp>(op) ||
                   (isa<MatMulOp>(op) && !quantizedSource(op->getOperand(1)));
  if (hasWeight) {
    Value weight = op->getOperand(1);
    FailureOr<SmallVector<float>> values = getConstantFloats(weight);
    if (failed(values))
      return failure();
    auto weightShape = cast<RankedTensorType>(weight.getType()).getShape();
    int64_t axis = isa<MatMulOp>(op) ? weightShape.size() - 1 : 0;
    QuantizedTensor qweight = quantizeSymmetric(context, *values, weightShape,
                                                axis, perChannel);
    std::string name = getNameHint(weight.getLoc());
    replacements.emplace_back(
        1, createQuantizedConstant(builder, weight.getLoc(), weightShape,
                                   qweight, name));
    Value bias;
    if (auto conv = dyn_cast<Conv2DOp>(op))
      bias = conv.getBias();
    else if (auto fc = dyn_cast<FullyConnectedOp>(op))
      bias = fc.getBias();
    if (bias) {
      FailureOr<SmallVector<float>> biasValues = getConstantFloats(bias);
      if (failed(biasValues))
        return failure();
      double inputScale =
          getPerTensorType(replacements.front().second.getType()).getScale();
      QuantizedTensor qbias =
          quantizeBias(context, *biasValues, inputScale, qweight.type);
      replacements.emplace_back(
          2, createQuantizedConstant(
                 builder, bias.getLoc(),
                 cast<RankedTensorType>(bias.getType()).getShape(), qbias,
                 name + ".bias"));
    }
  }

  Operation *quantized = builder.clone(*op);
  for (auto [index, value] : replacements)
    quantized->setOperand(index, value);
  quantized->getResult(0).setType(requant.getType());
  if (failed(mlir::verify(quantized))) {
    // Not a combination the dialect accepts (e.g. a per-axis matmul rhs
    // with a non-zero zero point): keep the float op.
    quantized->erase();
    return failure();
  }
  requant.replaceAllUsesWith(quantized->getResult(0));
  requant.erase();
  op->erase();
  return success();
}

void QuantizeStaticPass::quantizeComputeOps(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isQuantizedCompute(op) && !isKeptFloat(op))
      ops.push_back(op);
  });
  for (Operation *op : ops)
    (void)quantizeComputeOp(op);
}

/// dequantize(quantize(x)) with float x on both sides: the tensor stayed
/// float, drop the pair.
void QuantizeStaticPass::dropFloatQDQ(Operation *root) {
  SmallVector<QuantizeOp> quantizes;
  root->walk([&](QuantizeOp op) { quantizes.push_back(op); });
  for (QuantizeOp op : quantizes) {
    if (!llvm::all_of(op->getUsers(),
                      [](Operation *user) { return isa<DequantizeOp>(user); }))
      continue;
    for (Operation *user : llvm::make_early_inc_range(op->getUsers())) {
      user->replaceAllUsesWith(ValueRange{op.getInput()});
      user->erase();
    }
    op.erase();
  }
}

void QuantizeStaticPass::runOnOperation() {
  Operation *root = getOperation();
  std::optional<RangeMethod> rangeMethod = parseRangeMethod(method);
  if (!rangeMethod) {
    root->emitError("unknown calibration method '")
        << method << "', expected minmax, percentile, entropy or mse";
    return signalPassFailure();
  }
  if (!(percentile > 0 && percentile <= 100)) {
    root->emitError("percentile must be in (0, 100], got ") << percentile;
    return signalPassFailure();
  }
  keepFloatNames.clear();
  for (const std::string &name : keepFloat) {
    bool exists = false;
    root->walk([&](Operation *op) {
      exists |= op != root && hasName(op->getLoc(), name);
    });
    if (!exists) {
      root->emitError("keep-float names '")
          << name << "', which is not the name of any op";
      return signalPassFailure();
    }
    keepFloatNames.insert(name);
  }
  if (failed(observersToQDQ(root, *rangeMethod)))
    return signalPassFailure();
  sinkDequantizes(root);
  quantizeComputeOps(root);
  dropFloatQDQ(root);
  // The float weights, and dequantizes no float op reads, are now dead.
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) { ops.push_back(op); });
  // Users come after their operands' producers: erase from the back.
  for (Operation *op : llvm::reverse(ops))
    if (op != root && isOpTriviallyDead(op))
      op->erase();
}
