//===- QNNVerifyUtils.cpp - helpers shared by qnn op verifiers ------------===//

#include "qnn/Dialect/QNN/IR/QNNVerifyUtils.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::qnn;

std::string mlir::qnn::formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

LogicalResult mlir::qnn::verifyRank(Operation *op, StringRef name, Value value,
                                    int64_t rank) {
  int64_t actual = cast<ShapedType>(value.getType()).getRank();
  if (actual != rank)
    return op->emitOpError("operand '")
           << name << "' must have rank " << rank << ", got rank " << actual;
  return success();
}

LogicalResult mlir::qnn::verifyResultShape(Operation *op,
                                           ArrayRef<int64_t> expected,
                                           ArrayRef<int64_t> actual) {
  if (expected != actual)
    return op->emitOpError("result shape must be ")
           << formatShape(expected) << ", got " << formatShape(actual);
  return success();
}

LogicalResult mlir::qnn::verifyArraySize(Operation *op, StringRef name,
                                         ArrayRef<int64_t> values,
                                         size_t size) {
  if (values.size() != size)
    return op->emitOpError("attribute '")
           << name << "' must have " << size << " entries, got "
           << values.size();
  return success();
}

int64_t mlir::qnn::computeWindowOutputSize(int64_t in, int64_t kernel,
                                           int64_t stride, int64_t padBegin,
                                           int64_t padEnd, int64_t dilation,
                                           bool ceilMode) {
  int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0)
    return 0;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}
