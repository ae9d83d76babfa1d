//===- HostTensor.cpp - a tensor in host memory ---------------------------===//

#include "qnn/Interpreter/HostTensor.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>

using namespace mlir;
using namespace mlir::qnn;

/// What a tensor of element type `element` holds: f32 or i32.
static ElementKind getStorageKind(Type element) {
  return element.isF32() ? ElementKind::F32 : ElementKind::I32;
}

static std::vector<int64_t> toVector(ArrayRef<int64_t> shape) {
  return std::vector<int64_t>(shape.begin(), shape.end());
}

HostTensor::HostTensor(RankedTensorType type)
    : type(type), storage(getStorageKind(type.getElementType()),
                          toVector(type.getShape())) {}

HostTensor HostTensor::withType(RankedTensorType newType) const {
  HostTensor result;
  result.type = newType;
  result.storage = storage;
  // Same element count: only the shape the buffer records changes.
  (void)result.storage.reshape(toVector(newType.getShape())).ok();
  return result;
}

/// The integer element type HostTensor reads values of `kind` as.
static Type getIntegerType(MLIRContext *context, ElementKind kind) {
  unsigned width = static_cast<unsigned>(getElementSize(kind)) * 8;
  bool isUnsigned = kind == ElementKind::U8 || kind == ElementKind::U16;
  return IntegerType::get(context, width,
                          isUnsigned ? IntegerType::Unsigned
                                     : IntegerType::Signless);
}

llvm::Expected<HostTensor> HostTensor::fromBuffer(MLIRContext *context,
                                                  Buffer buffer) {
  bool isFloat = isFloatKind(buffer.getKind());
  Type element = isFloat ? Type(Float32Type::get(context))
                         : getIntegerType(context, buffer.getKind());
  ElementKind held = isFloat ? ElementKind::F32 : ElementKind::I32;
  if (buffer.getKind() != held) {
    Result<Buffer> converted = convertElements(buffer, held);
    if (!converted)
      return llvm::createStringError(
          converted.getError() +
          (isFloat ? "" : ", the widest integer the interpreter holds"));
    buffer = std::move(*converted);
  }
  HostTensor tensor;
  tensor.type = RankedTensorType::get(buffer.getShape(), element);
  tensor.storage = std::move(buffer);
  return tensor;
}

llvm::Expected<Buffer> HostTensor::toBuffer() const {
  Type element = getElementType();
  if (element && element.isF32())
    return storage;
  unsigned width;
  bool isSigned;
  if (auto quantized = dyn_cast_if_present<quant::QuantizedType>(element)) {
    width = quantized.getStorageTypeIntegralWidth();
    isSigned = quantized.isSigned();
  } else if (auto integer = dyn_cast_if_present<IntegerType>(element)) {
    width = integer.getWidth();
    isSigned = !integer.isUnsigned() && width > 1;
  } else {
    std::string name = "<none>";
    if (element) {
      name.clear();
      llvm::raw_string_ostream os(name);
      os << element;
    }
    return llvm::createStringError("cannot store element type " + name);
  }
  ElementKind kind = width <= 8 ? (isSigned ? ElementKind::I8 : ElementKind::U8)
                     : width <= 16
                         ? (isSigned ? ElementKind::I16 : ElementKind::U16)
                     : width <= 32 ? ElementKind::I32
                                   : ElementKind::I64;
  Result<Buffer> converted = convertElements(storage, kind);
  if (!converted)
    return llvm::createStringError(converted.getError());
  return std::move(*converted);
}

void HostTensor::copyElements(const HostTensor &from, int64_t fromOffset,
                              int64_t toOffset, int64_t count) {
  assert(from.storage.getKind() == storage.getKind() &&
         "copy between tensors of different storage kinds");
  size_t elementSize = getElementSize(storage.getKind());
  std::memcpy(static_cast<char *>(storage.getRawData()) +
                  toOffset * elementSize,
              static_cast<const char *>(from.storage.getRawData()) +
                  fromOffset * elementSize,
              count * elementSize);
}
