//===- QNNNNOps.cpp - conv, matmul, normalization, pooling, LSTM ----------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

// Element types (float, weight-only, static INT8, dynamic) are checked by
// the LegalQuantizedTypes trait (QNNLegality.cpp); the verifiers below
// check shapes and attributes.

/// Checks an optional bias: rank 1 with one entry per output channel.
static LogicalResult verifyBiasShape(Operation *op, Value bias,
                                     int64_t channels) {
  if (!bias)
    return success();
  auto type = cast<RankedTensorType>(bias.getType());
  if (type.getRank() != 1 || type.getDimSize(0) != channels)
    return op->emitOpError("bias must have shape [")
           << channels << "], got " << formatShape(type.getShape());
  return success();
}

/// Checks the window attributes of conv2d and the pools.
static LogicalResult verifyWindowAttrs(Operation *op, ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> padding,
                                       ArrayRef<int64_t> dilations) {
  if (failed(verifyArraySize(op, "strides", strides, 2)) ||
      failed(verifyArraySize(op, "padding", padding, 4)) ||
      failed(verifyArraySize(op, "dilations", dilations, 2)))
    return failure();
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return op->emitOpError("strides must be positive");
  if (llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return op->emitOpError("dilations must be positive");
  if (llvm::any_of(padding, [](int64_t p) { return p < 0; }))
    return op->emitOpError("padding must be non-negative");
  return success();
}

/// Computes [N, C, OH, OW] of a 2-D window op and checks it is not empty.
static FailureOr<SmallVector<int64_t>>
windowOutputShape(Operation *op, ArrayRef<int64_t> inShape, int64_t channels,
                  ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
                  bool ceilMode) {
  SmallVector<int64_t> shape = {inShape[0], channels};
  for (int i = 0; i < 2; ++i) {
    int64_t out = computeWindowOutputSize(inShape[2 + i], kernel[i],
                                          strides[i], padding[i],
                                          padding[2 + i], dilations[i],
                                          ceilMode);
    if (out < 1)
      return op->emitOpError("window of size ")
             << kernel[i] << " (dilation " << dilations[i]
             << ") does not fit the padded input along spatial dimension "
             << i;
    shape.push_back(out);
  }
  return shape;
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 4)) ||
      failed(verifyRank(*this, "weight", getWeight(), 4)) ||
      failed(verifyWindowAttrs(*this, getStrides(), getPadding(),
                               getDilations())))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  int64_t groups = getGroups();
  if (groups < 1)
    return emitOpError("groups must be positive, got ") << groups;
  if (in[1] != w[1] * groups)
    return emitOpError("input channels must equal weight dimension 1 times "
                       "groups, expected ")
           << w[1] * groups << ", got " << in[1];
  if (w[0] % groups != 0)
    return emitOpError("output channels must be a multiple of groups, got ")
           << w[0] << " channels and " << groups << " groups";
  if (failed(verifyBiasShape(*this, getBias(), w[0])))
    return failure();
  FailureOr<SmallVector<int64_t>> expected =
      windowOutputShape(*this, in, w[0], w.drop_front(2), getStrides(),
                        getPadding(), getDilations(), /*ceilMode=*/false);
  if (failed(expected))
    return failure();
  return verifyResultShape(*this, *expected, getOutput().getType().getShape());
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::verify() {
  auto lhsType = cast<RankedTensorType>(getLhs().getType());
  ArrayRef<int64_t> lhs = lhsType.getShape();
  ArrayRef<int64_t> rhs = getRhs().getType().getShape();
  if (lhs.size() < 2 || rhs.size() < 2)
    return emitOpError("operands must have rank >= 2, got ranks ")
           << lhs.size() << " and " << rhs.size();
  if (lhs.back() != rhs[rhs.size() - 2])
    return emitOpError("contraction sizes must match, lhs has K = ")
           << lhs.back() << ", rhs has K = " << rhs[rhs.size() - 2];
  std::optional<SmallVector<int64_t>> batch =
      broadcastShapes(lhs.drop_back(2), rhs.drop_back(2));
  if (!batch)
    return emitOpError("batch dimensions do not broadcast: ")
           << formatShape(lhs.drop_back(2)) << " and "
           << formatShape(rhs.drop_back(2));
  SmallVector<int64_t> expected = *batch;
  expected.push_back(lhs[lhs.size() - 2]);
  expected.push_back(rhs.back());
  return verifyResultShape(*this, expected, getOutput().getType().getShape());
}

//===----------------------------------------------------------------------===//
// FullyConnectedOp
//===----------------------------------------------------------------------===//

LogicalResult FullyConnectedOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 2)) ||
      failed(verifyRank(*this, "weight", getWeight(), 2)))
    return failure();
  ArrayRef<int64_t> in = cast<RankedTensorType>(getInput().getType()).getShape();
  ArrayRef<int64_t> w = getWeight().getType().getShape();
  if (in[1] != w[1])
    return emitOpError("input features must equal weight dimension 1, "
                       "expected ")
           << w[1] << ", got " << in[1];
  if (failed(verifyBiasShape(*this, getBias(), w[0])))
    return failure();
  return verifyResultShape(*this, {in[0], w[0]},
                           getOutput().getType().getShape());
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (in.size() < 2)
    return emitOpError("input must have rank >= 2 (channels on axis 1), got "
                       "rank ")
           << in.size();
  std::pair<StringRef, Value> params[] = {{"scale", getScale()},
                                          {"bias", getBias()},
                                          {"mean", getMean()},
                                          {"variance", getVariance()}};
  for (auto [name, value] : params) {
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(value.getType()).getShape();
    if (shape.size() != 1 || shape[0] != in[1])
      return emitOpError("operand '")
             << name << "' must have shape [" << in[1] << "], got "
             << formatShape(shape);
  }
  if (getEpsilon().convertToDouble() < 0)
    return emitOpError("epsilon must be non-negative");
  return verifyResultShape(*this, in, getOutput().getType().getShape());
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Shape and attribute checks common to max_pool2d and avg_pool2d.
static LogicalResult verifyPool(Operation *op, Value input, Value output,
                                ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> padding,
                                ArrayRef<int64_t> dilations, bool ceilMode) {
  if (failed(verifyRank(op, "input", input, 4)) ||
      failed(verifyArraySize(op, "kernel", kernel, 2)) ||
      failed(verifyWindowAttrs(op, strides, padding, dilations)))
    return failure();
  if (llvm::any_of(kernel, [](int64_t k) { return k < 1; }))
    return op->emitOpError("kernel sizes must be positive");
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  FailureOr<SmallVector<int64_t>> expected = windowOutputShape(
      op, in, in[1], kernel, strides, padding, dilations, ceilMode);
  if (failed(expected))
    return failure();
  return verifyResultShape(op, *expected,
                           cast<RankedTensorType>(output.getType()).getShape());
}

LogicalResult MaxPool2DOp::verify() {
  if (failed(verifyPool(*this, getInput(), getOutput(), getKernel(),
                        getStrides(), getPadding(), getDilations(),
                        getCeilMode())))
    return failure();
  if (getInput().getType().getElementType() !=
      getOutput().getType().getElementType())
    return emitOpError("result must have the operand's element type, "
                       "expected ")
           << getInput().getType().getElementType() << ", got "
           << getOutput().getType().getElementType();
  return success();
}

LogicalResult AvgPool2DOp::verify() {
  SmallVector<int64_t> noDilation = {1, 1};
  return verifyPool(*this, getInput(), getOutput(), getKernel(), getStrides(),
                    getPadding(), noDilation, getCeilMode());
}

LogicalResult GlobalAvgPool2DOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 4)))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  return verifyResultShape(*this, {in[0], in[1], 1, 1},
                           getOutput().getType().getShape());
}

//===----------------------------------------------------------------------===//
// SoftmaxOp, LayerNormOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  int64_t axis = getAxis(); // I64Attr getters return uint64_t.
  if (!normalizeAxis(axis, getInput().getType().getRank()))
    return emitOpError("axis ")
           << axis << " is out of range for rank "
           << getInput().getType().getRank();
  return success();
}

LogicalResult LayerNormOp::verify() {
  RankedTensorType inputType = getInput().getType();
  int64_t signedAxis = getAxis(); // I64Attr getters return uint64_t.
  std::optional<int64_t> axis = normalizeAxis(signedAxis, inputType.getRank());
  if (!axis)
    return emitOpError("axis ")
           << signedAxis << " is out of range for rank " << inputType.getRank();
  ArrayRef<int64_t> normalized = inputType.getShape().drop_front(*axis);
  for (Value param : {getScale(), getBias()}) {
    if (!param)
      continue;
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(param.getType()).getShape();
    if (shape != normalized)
      return emitOpError("scale and bias must have the normalized shape ")
             << formatShape(normalized) << ", got " << formatShape(shape);
  }
  return verifyResultShape(*this, inputType.getShape(),
                           getOutput().getType().getShape());
}

//===----------------------------------------------------------------------===//
// LSTMOp
//===----------------------------------------------------------------------===//

/// Checks that `value` (when present) has exactly `shape`.
static LogicalResult verifyExactShape(Operation *op, StringRef name,
                                      Value value, ArrayRef<int64_t> shape) {
  if (!value)
    return success();
  ArrayRef<int64_t> actual = cast<RankedTensorType>(value.getType()).getShape();
  if (actual != shape)
    return op->emitOpError("operand '")
           << name << "' must have shape " << formatShape(shape) << ", got "
           << formatShape(actual);
  return success();
}

LogicalResult LSTMOp::verify() {
  if (failed(verifyRank(*this, "input", getInput(), 3)))
    return failure();
  ArrayRef<int64_t> x = getInput().getType().getShape();
  int64_t seq = x[0], batch = x[1], features = x[2];
  int64_t hidden = getHiddenSize();
  if (hidden < 1)
    return emitOpError("hidden_size must be positive, got ") << hidden;
  int64_t dirs = getDirection() == LSTMDirection::bidirectional ? 2 : 1;
  if (failed(verifyExactShape(*this, "weight", getWeight(),
                              {dirs, 4 * hidden, features})) ||
      failed(verifyExactShape(*this, "recurrence", getRecurrence(),
                              {dirs, 4 * hidden, hidden})) ||
      failed(verifyExactShape(*this, "bias", getBias(), {dirs, 8 * hidden})) ||
      failed(verifyExactShape(*this, "initial_h", getInitialH(),
                              {dirs, batch, hidden})) ||
      failed(verifyExactShape(*this, "initial_c", getInitialC(),
                              {dirs, batch, hidden})))
    return failure();
  SmallVector<int64_t> state = {dirs, batch, hidden};
  if (failed(verifyResultShape(*this, {seq, dirs, batch, hidden},
                               getY().getType().getShape())))
    return failure();
  for (Value result : {getYH(), getYC()}) {
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(result.getType()).getShape();
    if (shape != ArrayRef<int64_t>(state))
      return emitOpError("final state results must have shape ")
             << formatShape(state) << ", got " << formatShape(shape);
  }
  return success();
}
