//===- QuantPolicy.cpp - which ops quantize and how -----------------------===//

#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::isQuantizedCompute(Operation *op) {
  return isa<Conv2DOp, FullyConnectedOp, MatMulOp, AddOp, MulOp, ConcatOp,
             AvgPool2DOp, GlobalAvgPool2DOp, ReduceMeanOp>(op);
}

bool mlir::qnn::inheritsScale(Operation *op) {
  return isa<MaxPool2DOp, ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp,
             TransposeOp, SliceOp, PadOp, ReluOp, ClampOp, GatherOp>(op);
}

Value mlir::qnn::getScaleRoot(Value value) {
  while (Operation *producer = value.getDefiningOp()) {
    if (!inheritsScale(producer))
      break;
    value = producer->getOperand(0);
  }
  return value;
}

Value mlir::qnn::getBias(Operation *op) {
  if (auto conv = dyn_cast<Conv2DOp>(op))
    return conv.getBias();
  if (auto fc = dyn_cast<FullyConnectedOp>(op))
    return fc.getBias();
  return {};
}

SmallVector<Value> mlir::qnn::getActivationOperands(Operation *op) {
  SmallVector<Value> activations;
  // Weights and biases of conv2d / fully_connected are operands 1 and 2.
  unsigned limit = isa<Conv2DOp, FullyConnectedOp>(op) ? 1 : op->getNumOperands();
  for (Value operand : op->getOperands().take_front(limit))
    if (!matchPattern(operand, m_Constant()))
      activations.push_back(operand);
  return activations;
}
