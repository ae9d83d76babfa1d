//===- QuantPolicy.h - which ops quantize and how ---------------*- C++ -*-===//
//
// Observer placement and the quantization passes ask here which qnn ops
// compute in INT8 with a scale of their own, which ones pass their
// operand's scale through, and which operands are activations. The answers
// come from the ops' traits and interfaces (QNNBase.td, QNNInterfaces.td),
// so a new op is classified by its TableGen entry alone.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_QUANTPOLICY_H
#define QNN_DIALECT_QNN_UTILS_QUANTPOLICY_H

#include "mlir/IR/Operation.h"

namespace mlir::qnn {

/// Ops with an integer lowering whose result gets a scale of its own (the
/// `QNN_QuantizedCompute` trait: conv2d, add, concat, average pools, ...).
bool isQuantizedCompute(Operation *op);

/// Ops that move or select elements (or apply a monotonic clamp) and so
/// keep their data operand's scale (the `QNN_InheritsScale` trait:
/// max_pool2d, reshape, relu, gather, ...).
bool inheritsScale(Operation *op);

/// The value whose scale `value` carries: walks up through scale-inheriting
/// producers to the first value that is not produced by one.
Value getScaleRoot(Value value);

/// The operands of a quantized-compute op that are activations, in operand
/// order: every operand that is not a constant, except that a weighted
/// op's weight (unless it may be a second activation, as a matmul's rhs)
/// and bias are parameters.
SmallVector<Value> getActivationOperands(Operation *op);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_UTILS_QUANTPOLICY_H
