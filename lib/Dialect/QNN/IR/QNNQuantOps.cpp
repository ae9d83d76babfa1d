//===- QNNQuantOps.cpp - observe, quantize, dequantize, requantize --------===//

#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

using namespace mlir;
using namespace mlir::qnn;

/// The quantized element type must express the float type it comes from or
/// goes to.
static LogicalResult verifyExpressedType(Operation *op, StringRef what,
                                         quant::QuantizedType qtype,
                                         Type floatType) {
  if (qtype.getExpressedType() != getElementTypeOrSelf(floatType))
    return op->emitOpError("expressed type of ")
           << what << " must be " << getElementTypeOrSelf(floatType)
           << ", got " << qtype.getExpressedType();
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  return verifyExpressedType(*this, "the result",
                             getQuantElementType(getOutput().getType()),
                             getInput().getType());
}

// quantize(dequantize(x : T)) : T  ->  x: dequantized values are exactly
// representable in T, so quantizing them again gives back x.
OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  if (auto dequantize = getInput().getDefiningOp<DequantizeOp>())
    if (dequantize.getInput().getType() == getOutput().getType())
      return dequantize.getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, DequantizeOp::Adaptor adaptor,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  // Builders may call this before the verifier checked the operand type,
  // which then reports the error.
  auto inputType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
  if (!inputType)
    return failure();
  auto qtype = getQuantElementType(inputType);
  if (!qtype || !qtype.getExpressedType())
    return failure();
  inferredReturnTypes.push_back(inputType.clone(qtype.getExpressedType()));
  return success();
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult RequantizeOp::verify() {
  auto inType = getQuantElementType(getInput().getType());
  auto outType = getQuantElementType(getOutput().getType());
  if (inType.getExpressedType() != outType.getExpressedType())
    return emitOpError("operand and result must express the same float "
                       "type, got ")
           << inType.getExpressedType() << " and "
           << outType.getExpressedType();
  // Per-channel rescaling pairs channel c of the operand with channel c of
  // the result, so both must count channels along the same axis.
  auto inPerAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(inType);
  auto outPerAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(outType);
  if (inPerAxis && outPerAxis &&
      inPerAxis.getQuantizedDimension() != outPerAxis.getQuantizedDimension())
    return emitOpError("per-axis operand and result must be quantized along "
                       "the same axis, got ")
           << inPerAxis.getQuantizedDimension() << " and "
           << outPerAxis.getQuantizedDimension();
  return success();
}

// Requantizing to the operand's own type is the identity.
OpFoldResult RequantizeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// FakeQuantOp
//===----------------------------------------------------------------------===//

LogicalResult FakeQuantOp::verify() {
  Type qtype = getQtype();
  if (!isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType>(
          qtype))
    return emitOpError("qtype must be a per-tensor or per-axis "
                       "!quant.uniform type, got ")
           << qtype;
  if (failed(verifyExpressedType(*this, "qtype",
                                 cast<quant::QuantizedType>(qtype),
                                 getInput().getType())))
    return failure();
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(qtype);
  if (!perAxis)
    return success();
  auto inputType = getInput().getType();
  int64_t axis = perAxis.getQuantizedDimension();
  if (axis < 0 || axis >= inputType.getRank())
    return emitOpError("qtype quantized dimension ")
           << axis << " is out of range for rank " << inputType.getRank();
  int64_t scales = perAxis.getScales().size();
  if (scales != inputType.getDimSize(axis))
    return emitOpError("qtype must have one scale per channel along axis ")
           << axis << ", expected " << inputType.getDimSize(axis)
           << " scales, got " << scales;
  return success();
}

//===----------------------------------------------------------------------===//
// DynamicQuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DynamicQuantizeOp::verify() {
  if (getInput().getType().getShape() !=
      cast<RankedTensorType>(getOutput().getType()).getShape())
    return emitOpError("storage result must have the operand's shape");
  return success();
}
