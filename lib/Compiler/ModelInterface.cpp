//===- ModelInterface.cpp - the entry's inputs and outputs for the ABI ----===//

#include "ModelCompilerImpl.h"
#include "qnn/Interpreter/Interpreter.h"
#include "qnn/Runtime/qnn_runtime.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;
using namespace mlir::qnn;

/// The ABI element type and its byte size for `type`, or 0. Quantized
/// tensors travel as their storage integers (sub-byte storage in a byte,
/// as the lowering's containers hold it).
static std::pair<uint32_t, uint64_t> getElementType(Type type) {
  if (type.isF32())
    return {QNN_F32, 4};
  if (type.isF64())
    return {QNN_F64, 8};
  bool isSigned = true;
  unsigned width = 0;
  if (auto quantized = dyn_cast<quant::QuantizedType>(type)) {
    isSigned = quantized.isSigned();
    width = quantized.getStorageTypeIntegralWidth();
    if (width < 8)
      width = 8;
  } else if (auto integer = dyn_cast<IntegerType>(type)) {
    if (integer.getWidth() == 1)
      return {QNN_BOOL, 1};
    isSigned = !integer.isUnsigned();
    width = integer.getWidth();
  }
  switch (width) {
  case 8:
    return {isSigned ? QNN_I8 : QNN_U8, 1};
  case 16:
    return {isSigned ? QNN_I16 : QNN_U16, 2};
  case 32:
    return isSigned ? std::pair<uint32_t, uint64_t>{QNN_I32, 4}
                    : std::pair<uint32_t, uint64_t>{0, 0};
  case 64:
    return isSigned ? std::pair<uint32_t, uint64_t>{QNN_I64, 8}
                    : std::pair<uint32_t, uint64_t>{0, 0};
  default:
    return {0, 0};
  }
}

/// Fills `tensor` from `type`, or reports why the ABI cannot carry it.
/// Whether qnn-nhwc-interface marked the argument or result NHWC.
static bool isNhwc(DictionaryAttr attrs) {
  auto layout = attrs ? attrs.getAs<StringAttr>("qnn.layout") : nullptr;
  return layout && layout.getValue() == "nhwc";
}

static LogicalResult describeTensor(func::FuncOp func, StringRef kind,
                                    unsigned index, Type type, bool isNhwc,
                                    TensorInterface &tensor) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape())
    return func.emitError("cannot compile: ")
           << kind << " " << index << " ('" << tensor.name << "') has type "
           << type
           << "; a model library takes tensors of static shape (the batch is "
              "fixed at compile time)";
  auto [elementType, elementSize] = getElementType(ranked.getElementType());
  if (!elementType)
    return func.emitError("cannot compile: ")
           << kind << " " << index << " ('" << tensor.name
           << "') has element type " << ranked.getElementType()
           << ", which the C ABI has no type for";
  tensor.elementType = elementType;
  tensor.shape.assign(ranked.getShape().begin(), ranked.getShape().end());
  // The qnn dialect (and ONNX) lay rank-4 activations out as NCHW, unless
  // qnn-nhwc-interface gave the tensor the NHWC layout.
  tensor.layout = ranked.getRank() != 4 ? QNN_LAYOUT_ROW_MAJOR
                  : isNhwc              ? QNN_LAYOUT_NHWC
                                        : QNN_LAYOUT_NCHW;
  tensor.byteSize =
      static_cast<uint64_t>(ranked.getNumElements()) * elementSize;
  return success();
}

FailureOr<ModelInterface> mlir::qnn::describeModelInterface(func::FuncOp func) {
  ModelInterface interface;
  interface.entry = func.getSymName().str();
  FunctionType type = func.getFunctionType();
  for (auto [i, input] : llvm::enumerate(type.getInputs())) {
    TensorInterface tensor;
    tensor.name = getArgumentName(func, i);
    if (failed(describeTensor(func, "input", i, input,
                              isNhwc(func.getArgAttrDict(i)), tensor)))
      return failure();
    interface.inputs.push_back(std::move(tensor));
  }
  for (auto [i, result] : llvm::enumerate(type.getResults())) {
    TensorInterface tensor;
    tensor.name = getResultName(func, i);
    if (failed(describeTensor(func, "output", i, result,
                              isNhwc(func.getResultAttrDict(i)), tensor)))
      return failure();
    interface.outputs.push_back(std::move(tensor));
  }
  return interface;
}
