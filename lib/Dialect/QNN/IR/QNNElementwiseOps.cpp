//===- QNNElementwiseOps.cpp - binary and unary elementwise ops -----------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"

using namespace mlir;
using namespace mlir::qnn;

/// The result of a binary op has the NumPy broadcast of the operand shapes.
static LogicalResult verifyBroadcast(Operation *op) {
  auto lhs = cast<RankedTensorType>(op->getOperand(0).getType());
  auto rhs = cast<RankedTensorType>(op->getOperand(1).getType());
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return op->emitOpError("operand shapes do not broadcast: ")
           << formatShape(lhs.getShape()) << " and "
           << formatShape(rhs.getShape());
  return verifyResultShape(
      op, *shape, cast<RankedTensorType>(op->getResult(0).getType()).getShape());
}

// Element types (all f32, or all per-tensor activations) are checked by the
// LegalQuantizedTypes trait (QNNLegality.cpp).
LogicalResult AddOp::verify() { return verifyBroadcast(*this); }
LogicalResult MulOp::verify() { return verifyBroadcast(*this); }
LogicalResult SubOp::verify() { return verifyBroadcast(*this); }
LogicalResult DivOp::verify() { return verifyBroadcast(*this); }
LogicalResult PowOp::verify() { return verifyBroadcast(*this); }

// relu(relu(x)) = relu(x).
OpFoldResult ReluOp::fold(FoldAdaptor) {
  if (auto producer = getInput().getDefiningOp<ReluOp>())
    return getInput();
  return {};
}

LogicalResult ClampOp::verify() {
  APFloat lo = getMin(), hi = getMax();
  if (lo.isNaN() || hi.isNaN() || lo.compare(hi) == APFloat::cmpGreaterThan)
    return emitOpError("min must not exceed max, got [")
           << lo.convertToDouble() << ", " << hi.convertToDouble() << "]";
  return success();
}
