//===- WeightQuantization.h - quantizing constant weights -------*- C++ -*-===//
//
// Constant weights become s8 symmetric (per output channel or per tensor)
// and biases i32 at scale s_in * s_w, both stored as an integer
// `arith.constant` viewed as the quantized type through `quant.scast`.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_WEIGHTQUANTIZATION_H
#define QNN_DIALECT_QNN_UTILS_WEIGHTQUANTIZATION_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::qnn {

/// Integer values of a tensor and the quantized element type they are
/// stored in.
struct QuantizedTensor {
  SmallVector<int64_t> values;
  quant::QuantizedType type;
};

/// Symmetric quantization to [-qmax, qmax] (qmax = 127 for s8, 7 for s4):
/// per channel along `axis` when `perChannel`, else per tensor, with
/// `s = max|w| / qmax` (1 for an all-zero channel) and
/// `q = clamp(rne(w / s), -qmax, qmax)`.
QuantizedTensor quantizeSymmetric(MLIRContext *context, ArrayRef<float> values,
                                  ArrayRef<int64_t> shape, int64_t axis,
                                  bool perChannel, unsigned bits = 8);

/// Blocked (sub-channel) symmetric quantization: one scale per block of
/// `blockSize` consecutive elements along `blockAxis`, every other
/// dimension a block of 1, `s = max|w| / qmax` over the block (1 for an
/// all-zero block), `q = clamp(rne(w / s), -qmax, qmax)`. The type is a
/// `!quant.uniform<iN:f32:{0:1, ..., blockAxis:blockSize, ...}, {...}>`
/// with zero points 0. `shape[blockAxis]` must be a multiple of
/// `blockSize`.
QuantizedTensor quantizeBlockwise(MLIRContext *context, ArrayRef<float> values,
                                  ArrayRef<int64_t> shape, int64_t blockAxis,
                                  int64_t blockSize, unsigned bits);

/// An i32 bias for an op whose input scale is `inputScale` and whose weight
/// type is `weightType`: scale `inputScale * s_w[c]`, zero point 0,
/// `q = rne(b / scale)` saturated to i32.
QuantizedTensor quantizeBias(MLIRContext *context, ArrayRef<float> bias,
                             double inputScale,
                             quant::QuantizedType weightType);

/// `quant.scast(arith.constant <values>)` of type tensor<shape x type>.
Value createQuantizedConstant(OpBuilder &builder, Location loc,
                              ArrayRef<int64_t> shape,
                              const QuantizedTensor &tensor,
                              StringRef nameHint);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_WEIGHTQUANTIZATION_H
