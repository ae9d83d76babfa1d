//===- QuantizeWeightsInt4.cpp - blocked INT4 weight-only quantization ----===//
//
// Constant fully_connected weights [N, K] and matmul right-hand sides
// [..., K, N] become i4 symmetric with one scale per block of `block-size`
// elements along K (an upstream sub-channel type); everything else stays
// f32, so the op takes its weight-only form.
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

#include <algorithm>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNQUANTIZEWEIGHTSINT4
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
struct QuantizeWeightsInt4Pass
    : qnn::impl::QNNQuantizeWeightsInt4Base<QuantizeWeightsInt4Pass> {
  using Base::Base;

  void runOnOperation() override;

private:
  void quantizeWeight(Operation *op, unsigned operandIndex, int64_t kAxis);
};
} // namespace

/// Replaces operand `operandIndex` of the f32 op `op`, a constant whose
/// contraction dimension is `kAxis`, by its blocked i4 quantization.
void QuantizeWeightsInt4Pass::quantizeWeight(Operation *op,
                                             unsigned operandIndex,
                                             int64_t kAxis) {
  Value weight = op->getOperand(operandIndex);
  if (!isF32Tensor(op->getOperand(0).getType()) ||
      !isF32Tensor(weight.getType()) ||
      !isF32Tensor(op->getResult(0).getType()))
    return;
  FailureOr<SmallVector<float>> values = getConstantFloats(weight);
  if (failed(values))
    return;
  auto shape = cast<RankedTensorType>(weight.getType()).getShape();
  // A contraction dimension shorter than a block is one block.
  int64_t block = std::min<int64_t>(blockSize, shape[kAxis]);
  if (shape[kAxis] % block != 0) {
    op->emitWarning("stays f32: the weight's contraction dimension (")
        << shape[kAxis] << ") is not a multiple of block-size "
        << static_cast<int64_t>(blockSize);
    return;
  }
  QuantizedTensor q = quantizeBlockwise(op->getContext(), *values, shape, kAxis,
                                        block, /*bits=*/4);
  // Not a form the dialect accepts (QNNLegality.h): the op stays f32.
  SmallVector<Type> operandTypes(op->getOperandTypes());
  operandTypes[operandIndex] = withElementType(weight.getType(), q.type);
  if (failed(verifyElementTypes(op, operandTypes, op->getResultTypes())))
    return;
  OpBuilder builder(op);
  Value quantized = createQuantizedConstant(builder, weight.getLoc(), shape, q,
                                            getNameHint(weight.getLoc()));
  op->setOperand(operandIndex, quantized);
}

void QuantizeWeightsInt4Pass::runOnOperation() {
  Operation *root = getOperation();
  int64_t size = blockSize;
  if (size != 32 && size != 64 && size != 128) {
    emitError(root->getLoc(), "block-size must be 32, 64 or 128, got ") << size;
    return signalPassFailure();
  }
  // Observers are for static quantization; weight-only needs no statistics.
  root->walk([](ObserveOp op) {
    op.replaceAllUsesWith(op.getInput());
    op.erase();
  });
  // The pass's scope (docs/Rationale.md, "INT4 weight-only"): conv2d, the
  // other weighted op, keeps its weight.
  root->walk([&](WeightedOpInterface op) {
    if (isa<FullyConnectedOp, MatMulOp>(op))
      quantizeWeight(op, op.getWeightMutable().getOperandNumber(),
                     op.getWeightInputChannelDim());
  });
  // The float weights are now dead; nothing else is touched.
  SmallVector<Operation *> constants;
  root->walk([&](Operation *op) {
    if (isa<arith::ConstantOp, quant::QuantizeCastOp>(op))
      constants.push_back(op);
  });
  for (Operation *op : llvm::reverse(constants))
    if (isOpTriviallyDead(op))
      op->erase();
}
