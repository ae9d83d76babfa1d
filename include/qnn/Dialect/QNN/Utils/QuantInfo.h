//===- QuantInfo.h - quantization parameters of a tensor --------*- C++ -*-===//
//
// One description for per-tensor, per-axis and sub-channel (blocked)
// !quant.uniform tensors: the tensor is cut into a grid of equal blocks
// (one block for per-tensor, slices of one channel for per-axis, the type's
// blocks for sub-channel), each with an f32 scale and an i32 zero point.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_QUANTINFO_H
#define QNN_DIALECT_QNN_UTILS_QUANTINFO_H

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::qnn {

struct QuantInfo {
  /// Storage range (narrow ranges included).
  int32_t qmin = 0, qmax = 0;
  /// Tensor shape and, per dimension, the block size (the dimension itself
  /// when the parameters do not change along it).
  SmallVector<int64_t> shape, block;
  /// Row-major strides of the block grid; scales / zeroPoints are indexed by
  /// sum_d (i_d / block_d) * gridStrides[d].
  SmallVector<int64_t> gridStrides;
  /// f32 scales (the f64 scale of the type rounded to f32) and zero points,
  /// one per block.
  SmallVector<float> scales;
  SmallVector<int32_t> zeroPoints;

  bool isPerTensor() const { return scales.size() == 1; }

  /// Parameter index of the element at multi-index `index`.
  int64_t paramIndex(ArrayRef<int64_t> index) const;
  /// Parameter index of the element at row-major position `linear`.
  int64_t paramIndexOfLinear(int64_t linear) const;

  /// Calls `fn(begin, length, param)` for maximal row-major runs of elements
  /// that share one parameter index, in order; they cover the tensor.
  void forEachRun(
      llvm::function_ref<void(int64_t begin, int64_t length, int64_t param)> fn)
      const;
};

/// The parameters of a tensor type with a !quant.uniform element type (per
/// tensor, per axis or sub-channel); failure for anything else.
FailureOr<QuantInfo> getQuantInfo(RankedTensorType type);

/// Storage range of an integer element type (i32 when wider).
void getIntegerRange(Type elementType, int32_t &min, int32_t &max);

/// The real bounds `[lo, hi]` of a fused activation (±Inf on an unbounded
/// side, both infinite without an activation), rounded to f32.
std::pair<float, float> getActivationBounds(ActivationAttr activation);

/// The storage range of a per-tensor quantized result narrowed by a fused
/// activation: `numerics::activationRange` of its bounds. Clamping the real
/// value to [lo, hi] before rounding equals clamping the rounded value to
/// [quantize(lo), quantize(hi)] (rounding is monotonic), so the activation
/// becomes part of the final integer clamp.
std::pair<int32_t, int32_t>
getActivationStorageRange(ActivationAttr activation, const QuantInfo &result);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_QUANTINFO_H
