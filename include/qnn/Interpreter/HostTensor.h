//===- HostTensor.h - a tensor in host memory -------------------*- C++ -*-===//
//
// The value the reference interpreter computes with: a static shape, an
// element type (f32, an integer type, or a !quant.uniform type) and its data.
// f32 tensors hold floats; integer and quantized tensors hold their integer
// (storage) values widened to int32.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INTERPRETER_HOSTTENSOR_H
#define QNN_INTERPRETER_HOSTTENSOR_H

#include "mlir/IR/BuiltinTypes.h"
#include <cstdint>
#include <vector>

namespace mlir::qnn {

class HostTensor {
public:
  HostTensor() = default;
  /// A zero-filled tensor of `type` (static shape).
  explicit HostTensor(RankedTensorType type);

  RankedTensorType getType() const { return type; }
  ArrayRef<int64_t> getShape() const { return type.getShape(); }
  int64_t getNumElements() const { return type.getNumElements(); }
  Type getElementType() const { return type.getElementType(); }

  /// True for f32 elements (float data), false for integer or quantized
  /// elements (int32 data).
  bool isFloat() const { return type.getElementType().isF32(); }

  ArrayRef<float> getFloats() const { return floats; }
  MutableArrayRef<float> getFloats() { return floats; }
  ArrayRef<int32_t> getInts() const { return ints; }
  MutableArrayRef<int32_t> getInts() { return ints; }

  /// Same data, another type of the same element count and storage kind
  /// (reshape, quant.scast).
  HostTensor withType(RankedTensorType newType) const;

private:
  RankedTensorType type;
  std::vector<float> floats;
  std::vector<int32_t> ints;
};

} // namespace mlir::qnn

#endif // QNN_INTERPRETER_HOSTTENSOR_H
