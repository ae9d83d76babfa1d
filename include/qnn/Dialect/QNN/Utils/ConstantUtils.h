//===- ConstantUtils.h - reading and making constant tensors ----*- C++ -*-===//
//
// Weights are `arith.constant` tensors holding dense or dense_resource data
// (the importer puts large initializers in resources). Passes that compute
// new weights read and write them through these helpers.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_CONSTANTUTILS_H
#define QNN_DIALECT_QNN_UTILS_CONSTANTUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::qnn {

/// Constants with more elements than this are stored as dense_resource
/// blobs, so that printed IR stays readable.
constexpr int64_t kResourceThreshold = 1024;

/// The values of `value` when it is an `arith.constant` of a statically
/// shaped f32 tensor (dense, splat or dense_resource); failure otherwise.
FailureOr<SmallVector<float>> getConstantFloats(Value value);

/// The integer values of `value` when it is an `arith.constant` of a
/// statically shaped integer tensor of 8, 16, 32 or 64 bits; failure
/// otherwise.
FailureOr<SmallVector<int64_t>> getConstantInts(Value value);

/// An elements attribute of `type` (f32 or an integer type of at most 64
/// bits) holding `values`: dense for splats and small tensors, a
/// dense_resource blob named after `nameHint` otherwise. Sub-byte integer
/// types (i4) are always dense.
ElementsAttr makeFloatElements(RankedTensorType type, ArrayRef<float> values,
                               StringRef nameHint);
ElementsAttr makeIntElements(RankedTensorType type, ArrayRef<int64_t> values,
                             StringRef nameHint);

/// Creates an `arith.constant` of f32 `values` with shape `shape`.
Value createFloatConstant(OpBuilder &builder, Location loc,
                          ArrayRef<int64_t> shape, ArrayRef<float> values,
                          StringRef nameHint);

/// A readable name for values derived from `loc` (its NameLoc, else
/// "const").
std::string getNameHint(Location loc);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_CONSTANTUTILS_H
