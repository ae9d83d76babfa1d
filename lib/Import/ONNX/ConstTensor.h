//===- ConstTensor.h - tensors known at import time -------------*- C++ -*-===//
//
// Initializers, Constant nodes and the results of import-time folding live
// on the host as ConstTensor until a run-time op needs them, when they become
// an arith.constant.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_IMPORT_ONNX_CONSTTENSOR_H
#define QNN_LIB_IMPORT_ONNX_CONSTTENSOR_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace mlir::qnn::onnx_import {

/// ONNX element types (the values of onnx::TensorProto::DataType) we need to
/// name without including the protobuf headers everywhere.
enum DType : int32_t {
  kUndefined = 0,
  kFloat = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUInt32 = 12,
  kUInt64 = 13,
  kBFloat16 = 16,
};

/// The ONNX name of a data type ("float", "int64", ...).
StringRef dtypeName(int32_t dtype);
/// True for FLOAT, DOUBLE, FLOAT16 and BFLOAT16.
bool isFloatDType(int32_t dtype);
/// True for the integer types and BOOL.
bool isIntegerDType(int32_t dtype);
/// The MLIR element type a run-time value of `dtype` has (f32 for every float
/// type, signless integers otherwise), or null when unsupported.
Type getElementType(MLIRContext *context, int32_t dtype);

/// Product of the dimensions; -1 when one is negative or the product
/// exceeds 2^40 elements.
int64_t getNumElements(ArrayRef<int64_t> shape);

/// A tensor whose value is known at import time. Floats are kept in f32 (or
/// f64 for DOUBLE) and rounded to the element type on every store; integers
/// and booleans in int64, wrapped to the element type on every store.
class ConstTensor {
public:
  ConstTensor() = default;
  /// A zero-filled tensor; `dtype` must be a float or integer type.
  ConstTensor(int32_t dtype, ArrayRef<int64_t> shape);

  /// Decodes an initializer or a Constant node's tensor. Fails with a
  /// message (in `error`) on a truncated or inconsistent proto, an
  /// unsupported element type or unreadable external data; `baseDir` is the
  /// directory of the model file, where external data is looked up.
  static FailureOr<ConstTensor> fromProto(const onnx::TensorProto &proto,
                                          StringRef baseDir,
                                          std::string &error);

  int32_t getDType() const { return dtype; }
  ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getRank() const { return shape.size(); }
  int64_t size() const { return numElements; }
  bool isFloat() const { return isFloatDType(dtype); }

  double getDouble(int64_t i) const;
  /// The integer value of element `i` (floats truncated toward zero).
  int64_t getInt(int64_t i) const;
  /// Stores `v` rounded (floats) or converted and wrapped (integers) to the
  /// element type.
  void set(int64_t i, double v);
  void setInt(int64_t i, int64_t v);

  /// All elements as int64 / double.
  SmallVector<int64_t> getInts() const;
  SmallVector<double> getDoubles() const;

  /// The same elements with another shape (same element count).
  ConstTensor reshaped(ArrayRef<int64_t> newShape) const;
  /// Converts to `newDType` (ONNX Cast semantics).
  ConstTensor cast(int32_t newDType) const;

  /// The builtin attribute of this tensor with element type `elementType`
  /// (f32 or a signless integer of any width, which wraps): a
  /// DenseElementsAttr, or a dense_resource blob named `blobName` when the
  /// tensor has more than `resourceThreshold` elements and is not a splat.
  ElementsAttr toAttr(ShapedType type, StringRef blobName,
                      int64_t resourceThreshold) const;

private:
  int32_t dtype = kUndefined;
  SmallVector<int64_t> shape;
  int64_t numElements = 0;
  std::vector<float> f32;
  std::vector<double> f64;
  std::vector<int64_t> ints;
};

} // namespace mlir::qnn::onnx_import

#endif // QNN_LIB_IMPORT_ONNX_CONSTTENSOR_H
