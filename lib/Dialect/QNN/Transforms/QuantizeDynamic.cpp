//===- QuantizeDynamic.cpp - INT8 weights, run-time activations -----------===//
//
// Dynamic quantization needs no calibration: constant weights become s8
// symmetric, and each activation feeding a fully_connected / matmul goes
// through qnn.dynamic_quantize, whose run-time scale and zero point the op
// takes in its dynamic form
//   y = float(sum_k (q_x - z_x) * q_w) * (s_x * s_w[n]) + b[n].
// An LSTM with quantized W and R quantizes X_t and H_{t-1} itself.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNLegality.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNQUANTIZEDYNAMIC
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// `value` quantized to s8 symmetric along `axis` (or per tensor); failure
/// when it is not a f32 constant.
static FailureOr<QuantizedTensor>
quantizeConstantWeight(Value value, int64_t axis, bool perChannel) {
  FailureOr<SmallVector<float>> values = getConstantFloats(value);
  if (failed(values))
    return failure();
  auto shape = cast<RankedTensorType>(value.getType()).getShape();
  return quantizeSymmetric(value.getContext(), *values, shape, axis,
                           perChannel);
}

/// `weight` replaced by its quantization `q`: a `quant.scast` of an
/// integer constant.
static Value createWeight(OpBuilder &builder, Value weight,
                          const QuantizedTensor &q) {
  return createQuantizedConstant(
      builder, weight.getLoc(),
      cast<RankedTensorType>(weight.getType()).getShape(), q,
      getNameHint(weight.getLoc()));
}

/// The types of qnn.dynamic_quantize's results for `activation`: its ui8
/// storage, the f32 scale and the i32 zero point.
struct DynamicTypes {
  Type storage, scale, zeroPoint;
};
static DynamicTypes getDynamicTypes(Value activation) {
  MLIRContext *context = activation.getContext();
  return {withElementType(activation.getType(),
                          IntegerType::get(context, 8, IntegerType::Unsigned)),
          RankedTensorType::get({}, Float32Type::get(context)),
          RankedTensorType::get({}, IntegerType::get(context, 32))};
}

namespace {
struct QuantizeDynamicPass
    : qnn::impl::QNNQuantizeDynamicBase<QuantizeDynamicPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  DynamicQuantizeOp getDynamicQuantize(Value activation);
  void quantizeFullyConnected(FullyConnectedOp op);
  void quantizeMatMul(MatMulOp op);
  void quantizeLSTM(LSTMOp op);

  /// One dynamic_quantize per activation, shared by all its consumers.
  DenseMap<Value, DynamicQuantizeOp> dynamicQuantizes;
};
} // namespace

/// The dynamic_quantize of `activation`, created right after its producer
/// (or at the start of its block) so that it dominates every use.
DynamicQuantizeOp QuantizeDynamicPass::getDynamicQuantize(Value activation) {
  DynamicQuantizeOp &cached = dynamicQuantizes[activation];
  if (cached)
    return cached;
  OpBuilder builder(activation.getContext());
  builder.setInsertionPointAfterValue(activation);
  DynamicTypes types = getDynamicTypes(activation);
  cached =
      DynamicQuantizeOp::create(builder, activation.getLoc(), types.storage,
                                types.scale, types.zeroPoint, activation);
  return cached;
}

static bool isFloatOp(Operation *op) {
  return llvm::all_of(op->getResultTypes(), isF32Tensor) &&
         isF32Tensor(op->getOperand(0).getType());
}

// Each rewrite asks the legality predicates (QNNLegality.h) first: a form
// the dialect rejects leaves the op float.

void QuantizeDynamicPass::quantizeFullyConnected(FullyConnectedOp op) {
  if (!isFloatOp(op) || op.getInputScale() ||
      !isF32Tensor(op.getWeight().getType()))
    return;
  FailureOr<QuantizedTensor> weight = quantizeConstantWeight(
      op.getWeight(), op.getWeightOutputChannelDim(), perChannel);
  if (failed(weight))
    return;
  DynamicTypes input = getDynamicTypes(op.getInput());
  Value bias = op.getBias();
  if (failed(verifyWeightedOpTypes(WeightedOpTypes::fullyConnected(
          input.storage,
          withElementType(op.getWeight().getType(), weight->type),
          bias ? bias.getType() : Type(), input.scale, input.zeroPoint,
          op.getType()))))
    return;
  OpBuilder builder(op);
  Value qweight = createWeight(builder, op.getWeight(), *weight);
  DynamicQuantizeOp dq = getDynamicQuantize(op.getInput());
  auto quantized = FullyConnectedOp::create(
      builder, op.getLoc(), op.getType(), dq.getOutput(), qweight, bias,
      dq.getScale(), dq.getZeroPoint(), op.getActivationAttr());
  op.replaceAllUsesWith(quantized.getResult());
  op.erase();
}

void QuantizeDynamicPass::quantizeMatMul(MatMulOp op) {
  if (!isFloatOp(op) || op.getLhsScale() || !isF32Tensor(op.getRhs().getType()))
    return;
  FailureOr<QuantizedTensor> rhs = quantizeConstantWeight(
      op.getRhs(), op.getWeightOutputChannelDim(), perChannel);
  if (failed(rhs))
    return;
  DynamicTypes lhs = getDynamicTypes(op.getLhs());
  if (failed(verifyWeightedOpTypes(WeightedOpTypes::matmul(
          lhs.storage, withElementType(op.getRhs().getType(), rhs->type),
          lhs.scale, lhs.zeroPoint, op.getType()))))
    return;
  OpBuilder builder(op);
  Value qrhs = createWeight(builder, op.getRhs(), *rhs);
  DynamicQuantizeOp dq = getDynamicQuantize(op.getLhs());
  auto quantized = MatMulOp::create(builder, op.getLoc(), op.getType(),
                                    dq.getOutput(), qrhs, dq.getScale(),
                                    dq.getZeroPoint(), op.getActivationAttr());
  op.replaceAllUsesWith(quantized.getResult());
  op.erase();
}

/// W [D, 4H, I] and R [D, 4H, H]: one scale per gate row (axis 1, shared
/// by the directions) or per tensor.
void QuantizeDynamicPass::quantizeLSTM(LSTMOp op) {
  if (!isF32Tensor(op.getWeight().getType()) ||
      !isF32Tensor(op.getRecurrence().getType()))
    return;
  FailureOr<QuantizedTensor> w =
      quantizeConstantWeight(op.getWeight(), /*axis=*/1, perChannel);
  FailureOr<QuantizedTensor> r =
      quantizeConstantWeight(op.getRecurrence(), /*axis=*/1, perChannel);
  if (failed(w) || failed(r) ||
      failed(verifyLSTMTypes(
          withElementType(op.getWeight().getType(), w->type),
          withElementType(op.getRecurrence().getType(), r->type))))
    return;
  OpBuilder builder(op);
  Value qw = createWeight(builder, op.getWeight(), *w);
  Value qr = createWeight(builder, op.getRecurrence(), *r);
  op.getWeightMutable().assign(qw);
  op.getRecurrenceMutable().assign(qr);
}

void QuantizeDynamicPass::runOnOperation() {
  Operation *root = getOperation();
  dynamicQuantizes.clear();
  // Observers are for static quantization; dynamic needs no statistics.
  root->walk([](ObserveOp op) {
    op.replaceAllUsesWith(op.getInput());
    op.erase();
  });
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isa<LSTMOp>(op) || (!onlyLSTM && isa<FullyConnectedOp, MatMulOp>(op)))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    if (auto fc = dyn_cast<FullyConnectedOp>(op))
      quantizeFullyConnected(fc);
    else if (auto matmul = dyn_cast<MatMulOp>(op))
      quantizeMatMul(matmul);
    else
      quantizeLSTM(cast<LSTMOp>(op));
  }
  // The float weights are now dead; nothing else the module holds is
  // touched.
  SmallVector<Operation *> orphans;
  root->walk([&](Operation *op) {
    if (isa<arith::ConstantOp, quant::QuantizeCastOp>(op))
      orphans.push_back(op);
  });
  for (Operation *op : llvm::reverse(orphans))
    if (isOpTriviallyDead(op))
      op->erase();
}
