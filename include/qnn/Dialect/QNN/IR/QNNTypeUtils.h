//===- QNNTypeUtils.h - element-type queries for qnn ops --------*- C++ -*-===//
//
// Small queries on the element types qnn ops accept, shared by the verifiers,
// the passes and the interpreter.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNTYPEUTILS_H
#define QNN_DIALECT_QNN_IR_QNNTYPEUTILS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace mlir::qnn {

/// True when `type` is a tensor (or scalar) whose element type is f32.
bool isF32Tensor(Type type);

/// The quantized element type of `type`, or null.
quant::QuantizedType getQuantElementType(Type type);

/// The per-tensor uniform quantized element type of `type`, or null.
quant::UniformQuantizedType getPerTensorType(Type type);

/// The per-axis uniform quantized element type of `type`, or null.
quant::UniformQuantizedPerAxisType getPerAxisType(Type type);

/// The ranked tensor `type` with element type `element`.
RankedTensorType withElementType(Type type, Type element);

/// True when every zero point of the quantized element type is 0.
bool hasZeroZeroPoints(quant::QuantizedType type);

/// The NumPy broadcast of two static shapes, or std::nullopt when they do
/// not broadcast.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Normalizes an axis in [-rank, rank) to [0, rank); std::nullopt when out of
/// range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QNNTYPEUTILS_H
