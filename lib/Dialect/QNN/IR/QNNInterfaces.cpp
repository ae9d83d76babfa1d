//===- QNNInterfaces.cpp - qnn op interfaces and their implementations ----===//
//
// The interface definitions, and the per-op methods the interfaces declare:
// the layout of each weighted op's operands, the bounds of each standalone
// activation.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNInterfaces.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;

#include "qnn/Dialect/QNN/IR/QNNInterfaces.cpp.inc"

static int64_t getRank(Value value) {
  return cast<ShapedType>(value.getType()).getRank();
}

static int64_t getNumElements(Value value) {
  return cast<ShapedType>(value.getType()).getNumElements();
}

//===----------------------------------------------------------------------===//
// WeightedOpInterface
//===----------------------------------------------------------------------===//

// conv2d: x [N, C, H, W], w [F, C/groups, KH, KW], y [N, F, OH, OW].
int64_t Conv2DOp::getInputChannelDim() { return 1; }
int64_t Conv2DOp::getResultChannelDim() { return 1; }
int64_t Conv2DOp::getWeightOutputChannelDim() { return 0; }
int64_t Conv2DOp::getWeightInputChannelDim() { return 1; }

// Each output element sums C/groups * KH * KW products.
int64_t Conv2DOp::getMultiplyAccumulateCount() {
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  return getNumElements(getOutput()) * w[1] * w[2] * w[3];
}

// fully_connected: x [M, K], w [N, K], y [M, N].
int64_t FullyConnectedOp::getInputChannelDim() { return 1; }
int64_t FullyConnectedOp::getResultChannelDim() { return 1; }
int64_t FullyConnectedOp::getWeightOutputChannelDim() { return 0; }
int64_t FullyConnectedOp::getWeightInputChannelDim() { return 1; }

int64_t FullyConnectedOp::getMultiplyAccumulateCount() {
  return getNumElements(getOutput()) * getWeight().getType().getDimSize(1);
}

// matmul: lhs [..., M, K], rhs [..., K, N], y [..., M, N]; the rhs is the
// weight.
Value MatMulOp::getInput() { return getLhs(); }
Value MatMulOp::getWeight() { return getRhs(); }
OpOperand &MatMulOp::getWeightMutable() { return getRhsMutable(); }
Value MatMulOp::getBias() { return {}; }
std::optional<MutableOperandRange> MatMulOp::getBiasMutable() {
  return std::nullopt;
}
bool MatMulOp::weightMayBeActivation() { return true; }
int64_t MatMulOp::getInputChannelDim() { return getRank(getLhs()) - 1; }
int64_t MatMulOp::getResultChannelDim() { return getRank(getOutput()) - 1; }
int64_t MatMulOp::getWeightOutputChannelDim() { return getRank(getRhs()) - 1; }
int64_t MatMulOp::getWeightInputChannelDim() { return getRank(getRhs()) - 2; }

int64_t MatMulOp::getMultiplyAccumulateCount() {
  return getNumElements(getOutput()) *
         cast<ShapedType>(getLhs().getType()).getShape().back();
}

//===----------------------------------------------------------------------===//
// ActivationOpInterface
//===----------------------------------------------------------------------===//

std::pair<double, double> ReluOp::getBounds() {
  return {0.0, std::numeric_limits<double>::infinity()};
}

std::pair<double, double> ClampOp::getBounds() {
  return {getMin().convertToDouble(), getMax().convertToDouble()};
}
