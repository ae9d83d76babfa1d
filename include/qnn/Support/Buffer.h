//===- Buffer.h - a dense array in host memory ------------------*- C++ -*-===//
//
// The data of a tensor outside MLIR: a shape, an element kind and the
// elements, contiguous in row-major (C) order, 64-byte aligned (one cache
// line, one AVX-512 register). Plain C++17, so that the model runtime and
// its AArch64 build can use it; .npy files read into and write from it
// (Npy.h), and the interpreter's HostTensor keeps its data in one.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_BUFFER_H
#define QNN_SUPPORT_BUFFER_H

#include "qnn/Support/Result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace mlir::qnn {

/// What one element is. Integers are two's complement, floats IEEE 754.
enum class ElementKind : uint8_t { F32, F64, I8, U8, I16, U16, I32, I64 };

/// Bytes per element.
size_t getElementSize(ElementKind kind);
/// "f32", "f64", "i8", "u8", "i16", "u16", "i32", "i64".
const char *getElementKindName(ElementKind kind);
inline bool isFloatKind(ElementKind kind) {
  return kind == ElementKind::F32 || kind == ElementKind::F64;
}

/// The C++ type of each kind: ElementKindOf<float>::value == F32, ...
template <typename T> struct ElementKindOf;
template <> struct ElementKindOf<float> {
  static constexpr ElementKind value = ElementKind::F32;
};
template <> struct ElementKindOf<double> {
  static constexpr ElementKind value = ElementKind::F64;
};
template <> struct ElementKindOf<int8_t> {
  static constexpr ElementKind value = ElementKind::I8;
};
template <> struct ElementKindOf<uint8_t> {
  static constexpr ElementKind value = ElementKind::U8;
};
template <> struct ElementKindOf<int16_t> {
  static constexpr ElementKind value = ElementKind::I16;
};
template <> struct ElementKindOf<uint16_t> {
  static constexpr ElementKind value = ElementKind::U16;
};
template <> struct ElementKindOf<int32_t> {
  static constexpr ElementKind value = ElementKind::I32;
};
template <> struct ElementKindOf<int64_t> {
  static constexpr ElementKind value = ElementKind::I64;
};

class Buffer {
public:
  static constexpr size_t kAlignment = 64;

  /// An f32 buffer of shape [0].
  Buffer();
  /// A zero-filled buffer. Every dimension must be >= 0 and the byte size
  /// must fit in memory; use allocate() when the shape comes from outside.
  Buffer(ElementKind kind, std::vector<int64_t> shape);
  /// Like the constructor, but a negative dimension, an element count whose
  /// byte size overflows, or a failed allocation is an error, not an abort.
  static Result<Buffer> allocate(ElementKind kind, std::vector<int64_t> shape);

  Buffer(const Buffer &other);
  Buffer &operator=(const Buffer &other);
  Buffer(Buffer &&other) noexcept;
  Buffer &operator=(Buffer &&other) noexcept;
  ~Buffer() = default;

  ElementKind getKind() const { return kind; }
  const std::vector<int64_t> &getShape() const { return shape; }
  int64_t getNumElements() const { return numElements; }
  size_t getSizeInBytes() const {
    return static_cast<size_t>(numElements) * getElementSize(kind);
  }

  void *getRawData() { return data.get(); }
  const void *getRawData() const { return data.get(); }
  /// The elements as T, which must be the C++ type of getKind()
  /// (ElementKindOf<T>::value == getKind()).
  template <typename T> T *getData() {
    return reinterpret_cast<T *>(data.get());
  }
  template <typename T> const T *getData() const {
    return reinterpret_cast<const T *>(data.get());
  }

  /// Gives the same elements another shape; an error when its element count
  /// differs.
  Status reshape(std::vector<int64_t> newShape);

private:
  struct AlignedDelete {
    void operator()(std::byte *pointer) const;
  };
  using Storage = std::unique_ptr<std::byte[], AlignedDelete>;

  Buffer(ElementKind kind, std::vector<int64_t> shape, int64_t numElements,
         Storage data);

  ElementKind kind = ElementKind::F32;
  std::vector<int64_t> shape;
  int64_t numElements = 0;
  Storage data;
};

/// The element count of `shape`; an error when a dimension is negative or
/// the count times `elementSize` overflows a signed 64-bit byte count.
Result<int64_t> computeNumElements(const std::vector<int64_t> &shape,
                                   size_t elementSize);

/// The elements of `buffer` as `kind`, same shape. Integers convert to any
/// integer kind whose range holds every value (otherwise an error naming the
/// first value that does not fit and its element index); f64 and f32
/// convert to each other (rounding to nearest, as a C++ cast); a float
/// kind never converts to an integer kind or back. Converting to the same
/// kind copies.
Result<Buffer> convertElements(const Buffer &buffer, ElementKind kind);

} // namespace mlir::qnn

#endif // QNN_SUPPORT_BUFFER_H
