//===- QNNTraits.cpp - checks shared by every qnn op ----------------------===//

#include "qnn/Dialect/QNN/IR/QNNTraits.h"
#include "qnn/Dialect/QNN/IR/QNNLegality.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::qnn;

/// Checks a per-axis type: the axis exists and holds one scale per channel.
static LogicalResult verifyPerAxis(Operation *op, StringRef what,
                                   quant::UniformQuantizedPerAxisType type,
                                   RankedTensorType tensor) {
  int64_t axis = type.getQuantizedDimension();
  if (axis < 0 || axis >= tensor.getRank())
    return op->emitOpError("per-axis quantized dimension of ")
           << what << " is out of range: axis " << axis << " for rank "
           << tensor.getRank();
  int64_t channels = tensor.getDimSize(axis);
  int64_t scales = type.getScales().size();
  if (scales != channels)
    return op->emitOpError("per-axis scale count of ")
           << what << " must equal the size of dimension " << axis
           << ", expected " << channels << " scales, got " << scales;
  return success();
}

/// Checks a sub-channel (blocked) type: each quantized dimension exists, its
/// block size divides it and the scale tensor has one entry per block.
static LogicalResult verifySubChannel(Operation *op, StringRef what,
                                      quant::UniformQuantizedSubChannelType type,
                                      RankedTensorType tensor) {
  ArrayRef<int64_t> scaleShape = type.getScales().getType().getShape();
  if (static_cast<int64_t>(scaleShape.size()) != tensor.getRank())
    return op->emitOpError("sub-channel scale tensor of ")
           << what << " must have the tensor's rank " << tensor.getRank()
           << ", got " << scaleShape.size();
  // A dimension without a block size is one block (even when it is empty).
  SmallVector<int64_t> blockCounts(tensor.getRank(), 1);
  for (auto [dim, size] : type.getBlockSizeInfo()) {
    if (dim < 0 || dim >= tensor.getRank())
      return op->emitOpError("sub-channel quantized dimension of ")
             << what << " is out of range: axis " << dim << " for rank "
             << tensor.getRank();
    if (size <= 0 || tensor.getDimSize(dim) % size != 0)
      return op->emitOpError("sub-channel block size of ")
             << what << " must divide dimension " << dim << " ("
             << tensor.getDimSize(dim) << "), got " << size;
    blockCounts[dim] = tensor.getDimSize(dim) / size;
  }
  for (int64_t d = 0; d < tensor.getRank(); ++d)
    if (scaleShape[d] != blockCounts[d])
      return op->emitOpError("sub-channel scale tensor of ")
             << what << " must have " << blockCounts[d]
             << " blocks along dimension " << d << ", got " << scaleShape[d];
  return success();
}

static LogicalResult verifyValueType(Operation *op, StringRef what,
                                     Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return success();
  if (auto perAxis = getPerAxisType(tensor))
    return verifyPerAxis(op, what, perAxis, tensor);
  if (auto subChannel = dyn_cast<quant::UniformQuantizedSubChannelType>(
          tensor.getElementType()))
    return verifySubChannel(op, what, subChannel, tensor);
  return success();
}

LogicalResult
mlir::qnn::OpTrait::impl::verifyQuantTypesMatchShapes(Operation *op) {
  for (OpOperand &operand : op->getOpOperands()) {
    std::string what = "operand #" + std::to_string(operand.getOperandNumber());
    if (failed(verifyValueType(op, what, operand.get().getType())))
      return failure();
  }
  for (OpResult result : op->getResults()) {
    std::string what = "result #" + std::to_string(result.getResultNumber());
    if (failed(verifyValueType(op, what, result.getType())))
      return failure();
  }
  return success();
}

LogicalResult
mlir::qnn::OpTrait::impl::verifyLegalQuantizedTypes(Operation *op) {
  return verifyElementTypes(op, op->getOperandTypes(), op->getResultTypes(),
                            [op] { return op->emitOpError(); });
}
