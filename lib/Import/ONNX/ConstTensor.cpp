//===- ConstTensor.cpp - tensors known at import time ---------------------===//

#include "ConstTensor.h"

#include "onnx/onnx_pb.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::qnn::onnx_import;

StringRef mlir::qnn::onnx_import::dtypeName(int32_t dtype) {
  switch (dtype) {
  case kFloat:
    return "float";
  case kUInt8:
    return "uint8";
  case kInt8:
    return "int8";
  case kUInt16:
    return "uint16";
  case kInt16:
    return "int16";
  case kInt32:
    return "int32";
  case kInt64:
    return "int64";
  case kString:
    return "string";
  case kBool:
    return "bool";
  case kFloat16:
    return "float16";
  case kDouble:
    return "double";
  case kUInt32:
    return "uint32";
  case kUInt64:
    return "uint64";
  case kBFloat16:
    return "bfloat16";
  default:
    return "unsupported element type";
  }
}

bool mlir::qnn::onnx_import::isFloatDType(int32_t dtype) {
  return dtype == kFloat || dtype == kDouble || dtype == kFloat16 ||
         dtype == kBFloat16;
}

bool mlir::qnn::onnx_import::isIntegerDType(int32_t dtype) {
  switch (dtype) {
  case kUInt8:
  case kInt8:
  case kUInt16:
  case kInt16:
  case kInt32:
  case kInt64:
  case kBool:
  case kUInt32:
  case kUInt64:
    return true;
  default:
    return false;
  }
}

/// Bytes per element in raw_data.
static int64_t elementByteSize(int32_t dtype) {
  switch (dtype) {
  case kUInt8:
  case kInt8:
  case kBool:
    return 1;
  case kUInt16:
  case kInt16:
  case kFloat16:
  case kBFloat16:
    return 2;
  case kFloat:
  case kInt32:
  case kUInt32:
    return 4;
  case kInt64:
  case kUInt64:
  case kDouble:
    return 8;
  default:
    return 0;
  }
}

Type mlir::qnn::onnx_import::getElementType(MLIRContext *context,
                                            int32_t dtype) {
  if (isFloatDType(dtype))
    return Float32Type::get(context);
  switch (dtype) {
  case kBool:
    return IntegerType::get(context, 1);
  case kUInt8:
  case kInt8:
    return IntegerType::get(context, 8);
  case kUInt16:
  case kInt16:
    return IntegerType::get(context, 16);
  case kUInt32:
  case kInt32:
    return IntegerType::get(context, 32);
  case kUInt64:
  case kInt64:
    return IntegerType::get(context, 64);
  default:
    return nullptr;
  }
}

int64_t mlir::qnn::onnx_import::getNumElements(ArrayRef<int64_t> shape) {
  constexpr int64_t kMaxElements = int64_t(1) << 40;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return -1;
    if (d != 0 && n > kMaxElements / d)
      return -1;
    n *= d;
  }
  return n;
}

/// Wraps `v` to the range of the integer type `dtype` (two's complement),
/// as a C++ conversion to that type does.
static int64_t wrapInteger(int32_t dtype, int64_t v) {
  switch (dtype) {
  case kBool:
    return v != 0;
  case kUInt8:
    return static_cast<uint8_t>(v);
  case kInt8:
    return static_cast<int8_t>(v);
  case kUInt16:
    return static_cast<uint16_t>(v);
  case kInt16:
    return static_cast<int16_t>(v);
  case kUInt32:
    return static_cast<uint32_t>(v);
  case kInt32:
    return static_cast<int32_t>(v);
  default:
    return v;
  }
}

/// Rounds `v` to the float type `dtype` (round to nearest even).
static float roundToFloatType(int32_t dtype, double v) {
  if (dtype == kFloat)
    return static_cast<float>(v);
  llvm::APFloat value(v);
  bool losesInfo = false;
  value.convert(dtype == kFloat16 ? llvm::APFloat::IEEEhalf()
                                  : llvm::APFloat::BFloat(),
                llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return static_cast<float>(value.convertToDouble());
}

ConstTensor::ConstTensor(int32_t dtype, ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape), numElements(getNumElements(shape)) {
  if (numElements < 0)
    numElements = 0;
  if (dtype == kDouble)
    f64.assign(numElements, 0.0);
  else if (isFloatDType(dtype))
    f32.assign(numElements, 0.0f);
  else
    ints.assign(numElements, 0);
}

double ConstTensor::getDouble(int64_t i) const {
  if (dtype == kDouble)
    return f64[i];
  if (isFloatDType(dtype))
    return f32[i];
  if (dtype == kUInt64)
    return static_cast<double>(static_cast<uint64_t>(ints[i]));
  return static_cast<double>(ints[i]);
}

int64_t ConstTensor::getInt(int64_t i) const {
  if (!isFloat())
    return ints[i];
  double v = getDouble(i);
  if (std::isnan(v))
    return 0;
  if (v >= 9.2233720368547758e18)
    return std::numeric_limits<int64_t>::max();
  if (v <= -9.2233720368547758e18)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

void ConstTensor::set(int64_t i, double v) {
  if (dtype == kDouble) {
    f64[i] = v;
    return;
  }
  if (isFloatDType(dtype)) {
    f32[i] = roundToFloatType(dtype, v);
    return;
  }
  if (dtype == kBool) {
    ints[i] = v != 0.0;
    return;
  }
  // Float to integer truncates toward zero (ONNX Cast); out-of-range values
  // saturate to int64 before wrapping.
  int64_t truncated;
  if (std::isnan(v))
    truncated = 0;
  else if (v >= 9.2233720368547758e18)
    truncated = std::numeric_limits<int64_t>::max();
  else if (v <= -9.2233720368547758e18)
    truncated = std::numeric_limits<int64_t>::min();
  else
    truncated = static_cast<int64_t>(v);
  ints[i] = wrapInteger(dtype, truncated);
}

void ConstTensor::setInt(int64_t i, int64_t v) {
  if (isFloat()) {
    set(i, static_cast<double>(v));
    return;
  }
  ints[i] = wrapInteger(dtype, v);
}

SmallVector<int64_t> ConstTensor::getInts() const {
  SmallVector<int64_t> result;
  result.reserve(numElements);
  for (int64_t i = 0; i < numElements; ++i)
    result.push_back(getInt(i));
  return result;
}

SmallVector<double> ConstTensor::getDoubles() const {
  SmallVector<double> result;
  result.reserve(numElements);
  for (int64_t i = 0; i < numElements; ++i)
    result.push_back(getDouble(i));
  return result;
}

ConstTensor ConstTensor::reshaped(ArrayRef<int64_t> newShape) const {
  ConstTensor result = *this;
  result.shape.assign(newShape.begin(), newShape.end());
  return result;
}

ConstTensor ConstTensor::cast(int32_t newDType) const {
  ConstTensor result(newDType, shape);
  bool fromFloat = isFloat();
  for (int64_t i = 0; i < numElements; ++i) {
    if (fromFloat)
      result.set(i, getDouble(i));
    else if (dtype == kUInt64 && result.isFloat())
      result.set(i, getDouble(i));
    else
      result.setInt(i, ints[i]);
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Decoding a TensorProto
//===----------------------------------------------------------------------===//

/// Decodes little-endian element `i` of `bytes` into `t`.
static void decodeRawElement(ConstTensor &t, int32_t dtype, const char *bytes,
                             int64_t i) {
  using namespace llvm::support;
  const char *p = bytes + i * elementByteSize(dtype);
  switch (dtype) {
  case kFloat: {
    uint32_t bits = endian::read32le(p);
    float f;
    std::memcpy(&f, &bits, sizeof(f));
    t.set(i, f);
    return;
  }
  case kDouble: {
    uint64_t bits = endian::read64le(p);
    double d;
    std::memcpy(&d, &bits, sizeof(d));
    t.set(i, d);
    return;
  }
  case kFloat16: {
    llvm::APFloat h(llvm::APFloat::IEEEhalf(),
                    llvm::APInt(16, endian::read16le(p)));
    t.set(i, h.convertToDouble());
    return;
  }
  case kBFloat16: {
    llvm::APFloat h(llvm::APFloat::BFloat(),
                    llvm::APInt(16, endian::read16le(p)));
    t.set(i, h.convertToDouble());
    return;
  }
  case kUInt8:
  case kBool:
    t.setInt(i, static_cast<uint8_t>(*p));
    return;
  case kInt8:
    t.setInt(i, static_cast<int8_t>(*p));
    return;
  case kUInt16:
    t.setInt(i, endian::read16le(p));
    return;
  case kInt16:
    t.setInt(i, static_cast<int16_t>(endian::read16le(p)));
    return;
  case kUInt32:
    t.setInt(i, endian::read32le(p));
    return;
  case kInt32:
    t.setInt(i, static_cast<int32_t>(endian::read32le(p)));
    return;
  default:
    t.setInt(i, static_cast<int64_t>(endian::read64le(p)));
    return;
  }
}

/// The number of values in the typed repeated field that holds `dtype`.
static int64_t typedFieldSize(const onnx::TensorProto &proto, int32_t dtype) {
  switch (dtype) {
  case kFloat:
    return proto.float_data_size();
  case kDouble:
    return proto.double_data_size();
  case kInt64:
    return proto.int64_data_size();
  case kUInt32:
  case kUInt64:
    return proto.uint64_data_size();
  default:
    return proto.int32_data_size();
  }
}

/// Fills `t` from the typed repeated field of `proto` that holds `dtype`
/// (its size was checked).
static void decodeTypedFields(ConstTensor &t, const onnx::TensorProto &proto,
                              int32_t dtype) {
  int64_t n = t.size();
  switch (dtype) {
  case kFloat:
    for (int64_t i = 0; i < n; ++i)
      t.set(i, proto.float_data(i));
    return;
  case kDouble:
    for (int64_t i = 0; i < n; ++i)
      t.set(i, proto.double_data(i));
    return;
  case kInt64:
    for (int64_t i = 0; i < n; ++i)
      t.setInt(i, proto.int64_data(i));
    return;
  case kUInt32:
  case kUInt64:
    for (int64_t i = 0; i < n; ++i)
      t.setInt(i, static_cast<int64_t>(proto.uint64_data(i)));
    return;
  case kFloat16:
  case kBFloat16:
    for (int64_t i = 0; i < n; ++i) {
      llvm::APFloat h(dtype == kFloat16 ? llvm::APFloat::IEEEhalf()
                                        : llvm::APFloat::BFloat(),
                      llvm::APInt(16, proto.int32_data(i) & 0xffff));
      t.set(i, h.convertToDouble());
    }
    return;
  default:
    for (int64_t i = 0; i < n; ++i)
      t.setInt(i, proto.int32_data(i));
    return;
  }
}

/// Reads the bytes of a tensor stored outside the model file.
static FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
readExternalData(const onnx::TensorProto &proto, StringRef baseDir,
                 std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const onnx::StringStringEntryProto &entry : proto.external_data()) {
    StringRef value = entry.value();
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset") {
      if (value.getAsInteger(10, offset) || offset < 0) {
        error = "has an invalid external data offset '" + entry.value() + "'";
        return failure();
      }
    } else if (entry.key() == "length") {
      if (value.getAsInteger(10, length) || length < 0) {
        error = "has an invalid external data length '" + entry.value() + "'";
        return failure();
      }
    }
  }
  if (location.empty()) {
    error = "is stored externally but names no location";
    return failure();
  }
  SmallString<256> path(baseDir);
  llvm::sys::path::append(path, location);
  auto file = length >= 0
                  ? llvm::MemoryBuffer::getFileSlice(path, length, offset)
                  : llvm::MemoryBuffer::getFile(path);
  if (!file) {
    error = "is stored externally in '" + std::string(path) +
            "', which cannot be read: " + file.getError().message();
    return failure();
  }
  if (length < 0) {
    if (offset > static_cast<int64_t>((*file)->getBufferSize())) {
      error = "has an external data offset past the end of '" +
              std::string(path) + "'";
      return failure();
    }
    return llvm::MemoryBuffer::getMemBufferCopy(
        (*file)->getBuffer().drop_front(offset), path);
  }
  return std::move(*file);
}

FailureOr<ConstTensor> ConstTensor::fromProto(const onnx::TensorProto &proto,
                                              StringRef baseDir,
                                              std::string &error) {
  int32_t dtype = proto.data_type();
  if (!isFloatDType(dtype) && !isIntegerDType(dtype)) {
    error = "has element type '" + dtypeName(dtype).str() +
            "', which is not supported";
    return failure();
  }
  if (proto.has_segment()) {
    error = "is segmented, which is not supported";
    return failure();
  }
  SmallVector<int64_t> shape(proto.dims().begin(), proto.dims().end());
  if (getNumElements(shape) < 0) {
    error = "has an invalid shape";
    return failure();
  }
  int64_t n = getNumElements(shape);

  std::unique_ptr<llvm::MemoryBuffer> external;
  StringRef raw;
  bool hasRaw = proto.has_raw_data();
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<std::unique_ptr<llvm::MemoryBuffer>> data =
        readExternalData(proto, baseDir, error);
    if (failed(data))
      return failure();
    external = std::move(*data);
    raw = external->getBuffer();
    hasRaw = true;
  } else if (hasRaw) {
    raw = proto.raw_data();
  }

  // Sizes are checked before anything is allocated: the dims of a broken
  // file may claim any number of elements.
  if (!hasRaw) {
    int64_t available = typedFieldSize(proto, dtype);
    if (available != n) {
      error = "holds " + std::to_string(available) +
              " values, its shape needs " + std::to_string(n);
      return failure();
    }
    ConstTensor t(dtype, shape);
    decodeTypedFields(t, proto, dtype);
    return t;
  }
  int64_t expected = n * elementByteSize(dtype);
  if (static_cast<int64_t>(raw.size()) != expected) {
    error = "holds " + std::to_string(raw.size()) + " bytes of data, its " +
            "shape and element type need " + std::to_string(expected);
    return failure();
  }
  ConstTensor t(dtype, shape);
  for (int64_t i = 0, e = t.size(); i < e; ++i)
    decodeRawElement(t, dtype, raw.data(), i);
  return t;
}

//===----------------------------------------------------------------------===//
// Materialization
//===----------------------------------------------------------------------===//

/// Dense storage of the elements of `t` converted to `T`.
template <typename T>
static std::vector<T> convertElements(const ConstTensor &t) {
  std::vector<T> data(t.size());
  for (int64_t i = 0, e = t.size(); i < e; ++i) {
    if constexpr (std::is_floating_point_v<T>)
      data[i] = static_cast<T>(t.getDouble(i));
    else
      data[i] = static_cast<T>(t.getInt(i));
  }
  return data;
}

template <typename T>
static ElementsAttr makeAttr(ShapedType type, const std::vector<T> &data,
                             StringRef blobName, int64_t resourceThreshold) {
  bool splat = !data.empty() && llvm::all_of(data, [&](const T &v) {
    return std::memcmp(&v, &data.front(), sizeof(T)) == 0;
  });
  if (splat)
    return DenseElementsAttr::get(type, ArrayRef<T>(data.front()));
  if (static_cast<int64_t>(data.size()) <= resourceThreshold)
    return DenseElementsAttr::get(type, ArrayRef<T>(data));
  return DenseResourceElementsAttr::get(
      type, blobName,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<T>(data)));
}

ElementsAttr ConstTensor::toAttr(ShapedType type, StringRef blobName,
                                 int64_t resourceThreshold) const {
  Type elementType = type.getElementType();
  if (elementType.isF32())
    return makeAttr(type, convertElements<float>(*this), blobName,
                    resourceThreshold);
  switch (elementType.getIntOrFloatBitWidth()) {
  case 1: {
    // i1 has no dense_resource layout we rely on; booleans are tiny.
    SmallVector<bool> data;
    for (int64_t i = 0; i < numElements; ++i)
      data.push_back(getInt(i) != 0);
    return DenseElementsAttr::get(type, ArrayRef<bool>(data));
  }
  case 8:
    return makeAttr(type, convertElements<int8_t>(*this), blobName,
                    resourceThreshold);
  case 16:
    return makeAttr(type, convertElements<int16_t>(*this), blobName,
                    resourceThreshold);
  case 32:
    return makeAttr(type, convertElements<int32_t>(*this), blobName,
                    resourceThreshold);
  default:
    return makeAttr(type, convertElements<int64_t>(*this), blobName,
                    resourceThreshold);
  }
}
