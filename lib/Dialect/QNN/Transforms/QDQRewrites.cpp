//===- QDQRewrites.cpp - shared Q/DQ rewrites of the quantization passes --===//

#include "QDQRewrites.h"

#include "qnn/Dialect/QNN/IR/QNNLegality.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"
#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::qnn;

void mlir::qnn::sinkDequantizes(Operation *root, KeepFloatFn keepFloat) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (inheritsScale(op))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    auto dq = op->getOperand(0).getDefiningOp<DequantizeOp>();
    if (!dq || !getPerTensorType(dq.getInput().getType()) || keepFloat(op))
      continue;
    // The op in the operand's type, when that is legal (not, e.g., a relu
    // of an i4 tensor, which a QAT model's fake_quant may give).
    SmallVector<Type> operandTypes(op->getOperandTypes());
    operandTypes[0] = dq.getInput().getType();
    Type resultType =
        withElementType(op->getResult(0).getType(),
                        getElementTypeOrSelf(dq.getInput().getType()));
    if (failed(verifyElementTypes(op, operandTypes, resultType)))
      continue;
    OpBuilder builder(op);
    Operation *quantized = builder.clone(*op);
    quantized->setOperand(0, dq.getInput());
    quantized->getResult(0).setType(resultType);
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

/// The i32 bias for an op with input scale `inputScale` and quantized
/// weight type `weightType`: `dequantize(b)` is given as `b`, a float
/// constant is quantized at `s_in * s_w`; null otherwise.
static Value quantizeBiasOperand(OpBuilder &builder, Value bias,
                                 double inputScale,
                                 quant::QuantizedType weightType,
                                 StringRef name) {
  if (auto dq = bias.getDefiningOp<DequantizeOp>())
    return dq.getInput();
  FailureOr<SmallVector<float>> values = getConstantFloats(bias);
  if (failed(values))
    return {};
  QuantizedTensor qbias =
      quantizeBias(builder.getContext(), *values, inputScale, weightType);
  return createQuantizedConstant(
      builder, bias.getLoc(), cast<RankedTensorType>(bias.getType()).getShape(),
      qbias, (name + ".bias").str());
}

static LogicalResult quantizeComputeOp(Operation *op,
                                       WeightQuantizerFn quantizeWeight) {
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
  OpBuilder builder(op);

  // Weight (a weighted op's, unless it is a second activation that came out
  // of a dequantize, as a matmul rhs can be) and bias.
  auto weighted = dyn_cast<WeightedOpInterface>(op);
  bool hasWeight = weighted && !(weighted.weightMayBeActivation() &&
                                 quantizedSource(weighted.getWeight()));
  if (hasWeight) {
    Value weight = weighted.getWeight();
    Value qweight = quantizeWeight(builder, op, weight);
    if (!qweight)
      return failure();
    replacements.emplace_back(weighted.getWeightMutable().getOperandNumber(),
                              qweight);
    if (Value bias = weighted.getBias()) {
      double inputScale =
          getPerTensorType(replacements.front().second.getType()).getScale();
      Value qbias = quantizeBiasOperand(builder, bias, inputScale,
                                        getQuantElementType(qweight.getType()),
                                        getNameHint(weight.getLoc()));
      if (!qbias)
        return failure();
      replacements.emplace_back(
          (*weighted.getBiasMutable())[0].getOperandNumber(), qbias);
    }
  }

  // Not a combination the dialect accepts (e.g. a per-axis weight with a
  // non-zero zero point, or u8 weights): keep the float op, silently.
  SmallVector<Type> operandTypes(op->getOperandTypes());
  for (auto [index, value] : replacements)
    operandTypes[index] = value.getType();
  Type resultType = requant.getType();
  if (failed(verifyElementTypes(op, operandTypes, resultType)))
    return failure();
  Operation *quantized = builder.clone(*op);
  for (auto [index, value] : replacements)
    quantized->setOperand(index, value);
  quantized->getResult(0).setType(resultType);
  requant.replaceAllUsesWith(quantized->getResult(0));
  requant.erase();
  op->erase();
  return success();
}

void mlir::qnn::quantizeComputeOps(Operation *root, KeepFloatFn keepFloat,
                                   WeightQuantizerFn quantizeWeight) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isQuantizedCompute(op) && !keepFloat(op))
      ops.push_back(op);
  });
  for (Operation *op : ops)
    (void)quantizeComputeOp(op, quantizeWeight);
}

void mlir::qnn::dropFloatQDQ(Operation *root) {
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

void mlir::qnn::eraseDeadOps(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) { ops.push_back(op); });
  // Users come after their operands' producers: erase from the back.
  for (Operation *op : llvm::reverse(ops))
    if (op != root && isOpTriviallyDead(op))
      op->erase();
}
