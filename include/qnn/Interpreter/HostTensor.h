//===- HostTensor.h - a tensor in host memory -------------------*- C++ -*-===//
//
// The value the reference interpreter computes with: a static shape, an
// element type (f32, an integer type, or a !quant.uniform type) and its data.
// f32 tensors hold floats; integer and quantized tensors hold their integer
// (storage) values widened to int32. The data is a Buffer (f32 or
// i32), the MLIR-free array the .npy files and the model runtime use, so
// converting to and from one is a move when the kinds agree.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INTERPRETER_HOSTTENSOR_H
#define QNN_INTERPRETER_HOSTTENSOR_H

#include "qnn/Support/Buffer.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/Error.h"
#include <cstdint>

namespace mlir::qnn {

class HostTensor {
public:
  HostTensor() = default;
  /// A zero-filled tensor of `type` (static shape).
  explicit HostTensor(RankedTensorType type);

  /// A tensor of the data in `buffer`. f32 data is taken as it is (no
  /// copy), f64 rounds to f32; integer data gets an integer element type of
  /// the buffer's width and signedness (i8, ui8, i16, ui16, i32, i64) and is
  /// held as int32: an error names the first value that does not fit.
  static llvm::Expected<HostTensor> fromBuffer(MLIRContext *context,
                                               Buffer buffer);
  /// The stored values in the kind of their element type's storage: f32, or
  /// the integer (or quantized storage) width and signedness (i1 and
  /// sub-byte storage such as i4 widen to 8 bits, 17 to 32 bits to i32,
  /// wider to i64). An error for other element types.
  llvm::Expected<Buffer> toBuffer() const;

  RankedTensorType getType() const { return type; }
  ArrayRef<int64_t> getShape() const { return type.getShape(); }
  int64_t getNumElements() const { return type.getNumElements(); }
  Type getElementType() const { return type.getElementType(); }

  /// True for f32 elements (float data), false for integer or quantized
  /// elements (int32 data).
  bool isFloat() const { return type.getElementType().isF32(); }

  /// The float data (empty for an integer or quantized tensor).
  ArrayRef<float> getFloats() const {
    if (!holds(ElementKind::F32))
      return {};
    return {storage.getData<float>(), size()};
  }
  MutableArrayRef<float> getFloats() {
    if (!holds(ElementKind::F32))
      return {};
    return {storage.getData<float>(), size()};
  }
  /// The int32 data (empty for a float tensor).
  ArrayRef<int32_t> getInts() const {
    if (!holds(ElementKind::I32))
      return {};
    return {storage.getData<int32_t>(), size()};
  }
  MutableArrayRef<int32_t> getInts() {
    if (!holds(ElementKind::I32))
      return {};
    return {storage.getData<int32_t>(), size()};
  }

  /// The data as held: f32 or i32, in the shape of the type.
  const Buffer &getStorage() const { return storage; }

  /// Copies `count` elements of `from`, from element `fromOffset` on, to
  /// this tensor at element `toOffset`; both must hold the same kind (both
  /// float or both integer/quantized) and the ranges must be in bounds.
  void copyElements(const HostTensor &from, int64_t fromOffset,
                    int64_t toOffset, int64_t count);

  /// Same data, another type of the same element count and storage kind
  /// (reshape, quant.scast).
  HostTensor withType(RankedTensorType newType) const;

private:
  bool holds(ElementKind kind) const { return storage.getKind() == kind; }
  size_t size() const { return static_cast<size_t>(storage.getNumElements()); }

  RankedTensorType type;
  Buffer storage;
};

} // namespace mlir::qnn

#endif // QNN_INTERPRETER_HOSTTENSOR_H
