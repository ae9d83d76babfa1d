//===- QuantPolicy.cpp - which ops quantize and how -----------------------===//

#include "qnn/Dialect/QNN/Utils/QuantPolicy.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::isQuantizedCompute(Operation *op) {
  return op->hasTrait<qnn::OpTrait::QuantizedCompute>();
}

bool mlir::qnn::inheritsScale(Operation *op) {
  return op->hasTrait<qnn::OpTrait::InheritsScale>();
}

Value mlir::qnn::getScaleRoot(Value value) {
  // A scale-inheriting op's data operand is operand #0 (QNNBase.td).
  while (Operation *producer = value.getDefiningOp()) {
    if (!inheritsScale(producer))
      break;
    value = producer->getOperand(0);
  }
  return value;
}

SmallVector<Value> mlir::qnn::getActivationOperands(Operation *op) {
  SmallVector<Value> candidates;
  if (auto weighted = dyn_cast<WeightedOpInterface>(op)) {
    candidates.push_back(weighted.getInput());
    if (weighted.weightMayBeActivation())
      candidates.push_back(weighted.getWeight());
  } else {
    llvm::append_range(candidates, op->getOperands());
  }
  SmallVector<Value> activations;
  for (Value operand : candidates)
    if (!matchPattern(operand, m_Constant()))
      activations.push_back(operand);
  return activations;
}
