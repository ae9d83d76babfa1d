//===- QNNVerifyUtils.h - helpers shared by qnn op verifiers ----*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNVERIFYUTILS_H
#define QNN_DIALECT_QNN_IR_QNNVERIFYUTILS_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::qnn {

/// Prints a static shape as `[1, 4, 8, 8]` for diagnostics.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Checks that `value`'s type has rank `rank`; `name` names the operand.
LogicalResult verifyRank(Operation *op, llvm::StringRef name, Value value,
                         int64_t rank);

/// Checks that `actual` (the shape of result #0) equals the shape the op's
/// semantics imply.
LogicalResult verifyResultShape(Operation *op, llvm::ArrayRef<int64_t> expected,
                                llvm::ArrayRef<int64_t> actual);

/// Checks that a dense i64 array attribute has `size` entries.
LogicalResult verifyArraySize(Operation *op, llvm::StringRef name,
                              llvm::ArrayRef<int64_t> values, size_t size);

/// Output size of a sliding window (conv2d, pools) along one dimension,
/// ONNX's rule: floor((in + pads - dilation * (kernel - 1) - 1) / stride) + 1,
/// rounded up with `ceilMode`, where the last window may start in the input
/// or the begin padding but never only in the end padding. 0 when the
/// window does not fit.
int64_t computeWindowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t padBegin, int64_t padEnd,
                                int64_t dilation, bool ceilMode);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QNNVERIFYUTILS_H
