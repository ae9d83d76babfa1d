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

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNQUANTIZEDYNAMIC
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

/// `value` quantized to s8 symmetric along `axis` (or per tensor) as a
/// `quant.scast` of an integer constant; failure when it is not a f32
/// constant.
static FailureOr<Value> quantizeConstantWeight(OpBuilder &builder, Value value,
                                               int64_t axis, bool perChannel) {
  FailureOr<SmallVector<float>> values = getConstantFloats(value);
  if (failed(values))
    return failure();
  auto shape = cast<RankedTensorType>(value.getType()).getShape();
  QuantizedTensor q =
      quantizeSymmetric(value.getContext(), *values, shape, axis, perChannel);
  return createQuantizedConstant(builder, value.getLoc(), shape, q,
                                 getNameHint(value.getLoc()));
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
  auto type = cast<RankedTensorType>(activation.getType());
  MLIRContext *context = activation.getContext();
  Type storage =
      type.clone(IntegerType::get(context, 8, IntegerType::Unsigned));
  Type scale = RankedTensorType::get({}, Float32Type::get(context));
  Type zeroPoint = RankedTensorType::get({}, IntegerType::get(context, 32));
  cached = DynamicQuantizeOp::create(builder, activation.getLoc(), storage,
                                     scale, zeroPoint, activation);
  return cached;
}

/// Replaces `op` by `replacement` when the dialect accepts it, else drops
/// the replacement and keeps the float op.
static void replaceIfValid(Operation *op, Operation *replacement) {
  // A rejected combination is not an error: the op stays float.
  ScopedDiagnosticHandler silence(op->getContext(),
                                  [](Diagnostic &) { return success(); });
  if (failed(mlir::verify(replacement))) {
    replacement->erase();
    return;
  }
  op->replaceAllUsesWith(replacement->getResults());
  op->erase();
}

static bool isFloatOp(Operation *op) {
  return llvm::all_of(op->getResultTypes(), isF32Tensor) &&
         isF32Tensor(op->getOperand(0).getType());
}

void QuantizeDynamicPass::quantizeFullyConnected(FullyConnectedOp op) {
  if (!isFloatOp(op) || op.getInputScale() ||
      !isF32Tensor(op.getWeight().getType()))
    return;
  OpBuilder builder(op);
  FailureOr<Value> weight = quantizeConstantWeight(
      builder, op.getWeight(), op.getWeightOutputChannelDim(), perChannel);
  if (failed(weight))
    return;
  DynamicQuantizeOp dq = getDynamicQuantize(op.getInput());
  auto quantized = FullyConnectedOp::create(
      builder, op.getLoc(), op.getType(), dq.getOutput(), *weight, op.getBias(),
      dq.getScale(), dq.getZeroPoint(), op.getActivationAttr());
  replaceIfValid(op, quantized);
}

void QuantizeDynamicPass::quantizeMatMul(MatMulOp op) {
  if (!isFloatOp(op) || op.getLhsScale() || !isF32Tensor(op.getRhs().getType()))
    return;
  OpBuilder builder(op);
  FailureOr<Value> rhs = quantizeConstantWeight(
      builder, op.getRhs(), op.getWeightOutputChannelDim(), perChannel);
  if (failed(rhs))
    return;
  DynamicQuantizeOp dq = getDynamicQuantize(op.getLhs());
  auto quantized = MatMulOp::create(builder, op.getLoc(), op.getType(),
                                    dq.getOutput(), *rhs, dq.getScale(),
                                    dq.getZeroPoint(), op.getActivationAttr());
  replaceIfValid(op, quantized);
}

/// W [D, 4H, I] and R [D, 4H, H]: one scale per gate row (axis 1, shared
/// by the directions) or per tensor.
void QuantizeDynamicPass::quantizeLSTM(LSTMOp op) {
  if (!isF32Tensor(op.getWeight().getType()) ||
      !isF32Tensor(op.getRecurrence().getType()) ||
      failed(getConstantFloats(op.getWeight())) ||
      failed(getConstantFloats(op.getRecurrence())))
    return;
  OpBuilder builder(op);
  FailureOr<Value> w =
      quantizeConstantWeight(builder, op.getWeight(), /*axis=*/1, perChannel);
  FailureOr<Value> r = quantizeConstantWeight(builder, op.getRecurrence(),
                                              /*axis=*/1, perChannel);
  Operation *quantized = builder.clone(*op);
  quantized->setOperand(1, *w);
  quantized->setOperand(2, *r);
  replaceIfValid(op, quantized);
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
    if (isa<FullyConnectedOp, MatMulOp, LSTMOp>(op))
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
  // The float weights (and dynamic_quantizes of rejected ops) are now dead;
  // nothing else the module holds is touched.
  SmallVector<Operation *> orphans;
  root->walk([&](Operation *op) {
    if (isa<arith::ConstantOp, quant::QuantizeCastOp, DynamicQuantizeOp>(op))
      orphans.push_back(op);
  });
  for (Operation *op : llvm::reverse(orphans))
    if (isOpTriviallyDead(op))
      op->erase();
}
