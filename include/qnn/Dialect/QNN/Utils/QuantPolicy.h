//===- QuantPolicy.h - which ops quantize and how ---------------*- C++ -*-===//
//
// The one place that says which qnn ops compute in INT8 with a scale of
// their own, which ones pass their operand's scale through, and which stay
// float. Observer placement and the quantization passes both ask here.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_QUANTPOLICY_H
#define QNN_DIALECT_QNN_UTILS_QUANTPOLICY_H

#include "mlir/IR/Operation.h"

namespace mlir::qnn {

/// Ops with an integer lowering whose result gets a scale of its own
/// (conv2d, fully_connected, matmul, add, mul, concat, avg_pool2d,
/// global_avg_pool2d, reduce_mean).
bool isQuantizedCompute(Operation *op);

/// Ops that move or select elements (or apply a monotonic clamp) and so
/// keep their data operand's scale: max_pool2d, reshape, flatten, squeeze,
/// unsqueeze, transpose, slice, pad, relu, clamp, gather.
bool inheritsScale(Operation *op);

/// The value whose scale `value` carries: walks up through scale-inheriting
/// producers to the first value that is not produced by one.
Value getScaleRoot(Value value);

/// The bias of a conv2d or fully_connected (operand 2 of both), null when it
/// has none or `op` is neither.
Value getBias(Operation *op);

/// The operands of a quantized-compute op that are activations (not
/// constant weights or biases).
SmallVector<Value> getActivationOperands(Operation *op);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_QUANTPOLICY_H
