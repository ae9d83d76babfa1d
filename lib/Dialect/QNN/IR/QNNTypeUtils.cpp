//===- QNNTypeUtils.cpp - element-type queries for qnn ops ----------------===//

#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::isF32Tensor(Type type) {
  return getElementTypeOrSelf(type).isF32();
}

quant::QuantizedType mlir::qnn::getQuantElementType(Type type) {
  return dyn_cast<quant::QuantizedType>(getElementTypeOrSelf(type));
}

quant::UniformQuantizedType mlir::qnn::getPerTensorType(Type type) {
  return dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(type));
}

quant::UniformQuantizedPerAxisType mlir::qnn::getPerAxisType(Type type) {
  return dyn_cast<quant::UniformQuantizedPerAxisType>(
      getElementTypeOrSelf(type));
}

RankedTensorType mlir::qnn::withElementType(Type type, Type element) {
  return cast<RankedTensorType>(type).clone(element);
}

bool mlir::qnn::hasZeroZeroPoints(quant::QuantizedType type) {
  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(type))
    return perTensor.getZeroPoint() == 0;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return llvm::all_of(perAxis.getZeroPoints(),
                        [](int64_t z) { return z == 0; });
  if (auto subChannel = dyn_cast<quant::UniformQuantizedSubChannelType>(type))
    return llvm::all_of(subChannel.getZeroPoints().getValues<APInt>(),
                        [](const APInt &z) { return z.isZero(); });
  return false;
}

std::optional<SmallVector<int64_t>>
mlir::qnn::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t r = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    if (l != r && l != 1 && r != 1)
      return std::nullopt;
    result[rank - 1 - i] = l == 1 ? r : l;
  }
  return result;
}

std::optional<int64_t> mlir::qnn::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}
