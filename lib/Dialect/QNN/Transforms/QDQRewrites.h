//===- QDQRewrites.h - shared Q/DQ rewrites of the quantization passes ----===//
//
// The steps qnn-quantize-static and qnn-convert-fake-quant share once every
// tensor to quantize sits between a qnn.quantize and a qnn.dequantize (see
// docs/Rationale.md, "Static quantization goes through Q/DQ"): sinking
// dequantizes, rewriting INT8-capable ops, dropping Q/DQ pairs that stayed
// float, erasing what is dead.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_DIALECT_QNN_TRANSFORMS_QDQREWRITES_H
#define QNN_LIB_DIALECT_QNN_TRANSFORMS_QDQREWRITES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::qnn {

/// True for an op that must stay float (e.g. named in `keep-float`).
using KeepFloatFn = llvm::function_ref<bool(Operation *op)>;

/// The quantized weight operand of `op` (conv2d, fully_connected, or a
/// matmul with a constant right-hand side) given its float weight operand
/// `weight`, created with `builder`; a null Value leaves `op` float.
using WeightQuantizerFn =
    llvm::function_ref<Value(OpBuilder &builder, Operation *op, Value weight)>;

/// inherit(dequantize(q)) -> dequantize(inherit(q)) for ops that keep their
/// operand's scale (max pool, reshape, relu, ...), q per tensor, when the
/// op accepts q's type.
void sinkDequantizes(Operation *root, KeepFloatFn keepFloat);

/// Rewrites every INT8-capable op whose activation operands come out of
/// per-tensor dequantizes and whose only use is a quantize to consume and
/// produce the quantized tensors. Its weight comes from `quantizeWeight`;
/// a float constant bias becomes i32 at `s_in * s_w` (quantizeBias), a bias
/// given as `dequantize(b)` is used as `b`. Combinations the legality
/// predicates (QNNLegality.h) reject stay float.
void quantizeComputeOps(Operation *root, KeepFloatFn keepFloat,
                        WeightQuantizerFn quantizeWeight);

/// dequantize(quantize(x)) where every user of the quantize is a
/// dequantize: the tensor stayed float, drop the pair.
void dropFloatQDQ(Operation *root);

/// Erases the trivially dead ops under `root` (float weights replaced by
/// quantized ones, dequantizes no float op reads).
void eraseDeadOps(Operation *root);

} // namespace mlir::qnn

#endif // QNN_LIB_DIALECT_QNN_TRANSFORMS_QDQREWRITES_H
