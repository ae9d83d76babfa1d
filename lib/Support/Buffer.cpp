//===- Buffer.cpp - a dense array in host memory --------------------------===//

#include "qnn/Support/Buffer.h"

#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <type_traits>

using namespace mlir::qnn;

size_t mlir::qnn::getElementSize(ElementKind kind) {
  switch (kind) {
  case ElementKind::I8:
  case ElementKind::U8:
    return 1;
  case ElementKind::I16:
  case ElementKind::U16:
    return 2;
  case ElementKind::F32:
  case ElementKind::I32:
    return 4;
  case ElementKind::F64:
  case ElementKind::I64:
    return 8;
  }
  return 1;
}

const char *mlir::qnn::getElementKindName(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "f32";
  case ElementKind::F64:
    return "f64";
  case ElementKind::I8:
    return "i8";
  case ElementKind::U8:
    return "u8";
  case ElementKind::I16:
    return "i16";
  case ElementKind::U16:
    return "u16";
  case ElementKind::I32:
    return "i32";
  case ElementKind::I64:
    return "i64";
  }
  return "?";
}

namespace {
/// Calls `f(T())` with T the C++ type of `kind`.
template <typename F> decltype(auto) visitKind(ElementKind kind, F &&f) {
  switch (kind) {
  case ElementKind::F64:
    return f(double());
  case ElementKind::I8:
    return f(int8_t());
  case ElementKind::U8:
    return f(uint8_t());
  case ElementKind::I16:
    return f(int16_t());
  case ElementKind::U16:
    return f(uint16_t());
  case ElementKind::I32:
    return f(int32_t());
  case ElementKind::I64:
    return f(int64_t());
  case ElementKind::F32:
    break;
  }
  return f(float());
}
} // namespace

void Buffer::AlignedDelete::operator()(std::byte *pointer) const {
  ::operator delete(pointer, std::align_val_t(kAlignment));
}

Result<int64_t> mlir::qnn::computeNumElements(const std::vector<int64_t> &shape,
                                              size_t elementSize) {
  int64_t limit = std::numeric_limits<int64_t>::max() /
                  static_cast<int64_t>(elementSize ? elementSize : 1);
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return Status::error("negative dimension " + std::to_string(dim));
    if (dim != 0 && count > limit / dim)
      return Status::error("too many elements");
    count *= dim;
  }
  return count;
}

Buffer::Buffer() : shape{0} {}

Buffer::Buffer(ElementKind kind, std::vector<int64_t> shape)
    : kind(kind), shape(std::move(shape)) {
  numElements = 1;
  for (int64_t dim : this->shape)
    numElements *= dim;
  if (size_t bytes = getSizeInBytes()) {
    data.reset(static_cast<std::byte *>(
        ::operator new(bytes, std::align_val_t(kAlignment))));
    std::memset(data.get(), 0, bytes);
  }
}

Buffer::Buffer(ElementKind kind, std::vector<int64_t> shape,
               int64_t numElements, Storage data)
    : kind(kind), shape(std::move(shape)), numElements(numElements),
      data(std::move(data)) {}

Result<Buffer> Buffer::allocate(ElementKind kind, std::vector<int64_t> shape) {
  Result<int64_t> count = computeNumElements(shape, getElementSize(kind));
  if (!count)
    return count.getStatus();
  size_t bytes = static_cast<size_t>(*count) * getElementSize(kind);
  Storage storage;
  if (bytes) {
    storage.reset(static_cast<std::byte *>(
        ::operator new(bytes, std::align_val_t(kAlignment), std::nothrow)));
    if (!storage)
      return Status::error("cannot allocate " + std::to_string(bytes) +
                           " bytes");
    std::memset(storage.get(), 0, bytes);
  }
  return Buffer(kind, std::move(shape), *count, std::move(storage));
}

Buffer::Buffer(const Buffer &other) : Buffer(other.kind, other.shape) {
  if (size_t bytes = getSizeInBytes())
    std::memcpy(data.get(), other.data.get(), bytes);
}

Buffer &Buffer::operator=(const Buffer &other) {
  if (this != &other)
    *this = Buffer(other);
  return *this;
}

Buffer::Buffer(Buffer &&other) noexcept
    : kind(other.kind), shape(std::move(other.shape)),
      numElements(other.numElements), data(std::move(other.data)) {
  other.shape = {0};
  other.numElements = 0;
}

Buffer &Buffer::operator=(Buffer &&other) noexcept {
  if (this != &other) {
    kind = other.kind;
    shape = std::move(other.shape);
    numElements = other.numElements;
    data = std::move(other.data);
    other.shape = {0};
    other.numElements = 0;
  }
  return *this;
}

Status Buffer::reshape(std::vector<int64_t> newShape) {
  Result<int64_t> count = computeNumElements(newShape, getElementSize(kind));
  if (!count || *count != numElements)
    return Status::error("cannot reshape " + std::to_string(numElements) +
                         " elements to a shape of " +
                         (count ? std::to_string(*count) : "an invalid") +
                         (count ? " elements" : " size"));
  shape = std::move(newShape);
  return Status::success();
}

/// Whether integer `value` is representable as To.
template <typename To, typename From> static bool fitsIn(From value) {
  if constexpr (std::is_signed_v<From> == std::is_signed_v<To>)
    return value >= std::numeric_limits<To>::min() &&
           value <= std::numeric_limits<To>::max();
  else if constexpr (std::is_signed_v<From>) // signed to unsigned
    return value >= 0 && static_cast<std::make_unsigned_t<From>>(value) <=
                             std::numeric_limits<To>::max();
  else // unsigned to signed
    return value <= static_cast<std::make_unsigned_t<To>>(
                        std::numeric_limits<To>::max());
}

Result<Buffer> mlir::qnn::convertElements(const Buffer &buffer,
                                          ElementKind kind) {
  if (buffer.getKind() == kind)
    return buffer;
  if (isFloatKind(buffer.getKind()) != isFloatKind(kind))
    return Status::error(std::string("cannot convert ") +
                         getElementKindName(buffer.getKind()) + " to " +
                         getElementKindName(kind));
  Buffer result(kind, buffer.getShape());
  int64_t count = buffer.getNumElements();
  std::string error;
  visitKind(buffer.getKind(), [&](auto fromTag) {
    using From = decltype(fromTag);
    const From *in = buffer.getData<From>();
    visitKind(kind, [&](auto toTag) {
      using To = decltype(toTag);
      To *out = result.getData<To>();
      for (int64_t i = 0; i < count; ++i) {
        if constexpr (std::is_integral_v<From> && std::is_integral_v<To>) {
          if (!fitsIn<To>(in[i])) {
            error = "value " + std::to_string(in[i]) + " at element " +
                    std::to_string(i) + " does not fit in " +
                    getElementKindName(kind);
            return;
          }
        }
        out[i] = static_cast<To>(in[i]);
      }
    });
  });
  if (!error.empty())
    return Status::error(error);
  return result;
}
