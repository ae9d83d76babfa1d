//===- QuantInfo.cpp - quantization parameters of a tensor ----------------===//

#include "qnn/Dialect/QNN/Utils/QuantInfo.h"

#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

void mlir::qnn::getIntegerRange(Type elementType, int32_t &min, int32_t &max) {
  auto type = cast<IntegerType>(elementType);
  unsigned width = type.getWidth();
  if (width == 1) {
    min = 0;
    max = 1;
    return;
  }
  if (width >= 32) {
    min = type.isUnsigned() ? 0 : std::numeric_limits<int32_t>::min();
    max = std::numeric_limits<int32_t>::max();
    return;
  }
  if (type.isUnsigned()) {
    min = 0;
    max = static_cast<int32_t>((int64_t(1) << width) - 1);
    return;
  }
  min = static_cast<int32_t>(-(int64_t(1) << (width - 1)));
  max = static_cast<int32_t>((int64_t(1) << (width - 1)) - 1);
}

/// Clamps a storage bound of the type into the i32 range the interpreter
/// holds integers in.
static int32_t toInt32(int64_t value) {
  if (value < std::numeric_limits<int32_t>::min())
    return std::numeric_limits<int32_t>::min();
  if (value > std::numeric_limits<int32_t>::max())
    return std::numeric_limits<int32_t>::max();
  return static_cast<int32_t>(value);
}

FailureOr<QuantInfo> mlir::qnn::getQuantInfo(RankedTensorType type) {
  auto qtype = dyn_cast<quant::QuantizedType>(type.getElementType());
  if (!qtype || !type.hasStaticShape())
    return failure();
  QuantInfo info;
  info.qmin = toInt32(qtype.getStorageTypeMin());
  info.qmax = toInt32(qtype.getStorageTypeMax());
  info.shape.assign(type.getShape().begin(), type.getShape().end());
  info.block = info.shape;
  int64_t rank = type.getRank();

  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(qtype)) {
    info.scales.push_back(static_cast<float>(perTensor.getScale()));
    info.zeroPoints.push_back(static_cast<int32_t>(perTensor.getZeroPoint()));
  } else if (auto perAxis =
                 dyn_cast<quant::UniformQuantizedPerAxisType>(qtype)) {
    int64_t axis = perAxis.getQuantizedDimension();
    if (axis < 0 || axis >= rank ||
        static_cast<int64_t>(perAxis.getScales().size()) != info.shape[axis])
      return failure();
    info.block[axis] = 1;
    for (double s : perAxis.getScales())
      info.scales.push_back(static_cast<float>(s));
    for (int64_t z : perAxis.getZeroPoints())
      info.zeroPoints.push_back(static_cast<int32_t>(z));
  } else if (auto sub =
                 dyn_cast<quant::UniformQuantizedSubChannelType>(qtype)) {
    for (auto [dim, size] : sub.getBlockSizeInfo()) {
      if (dim < 0 || dim >= rank || size < 1 || info.shape[dim] % size != 0)
        return failure();
      info.block[dim] = size;
    }
    for (const APFloat &s : sub.getScales().getValues<APFloat>())
      info.scales.push_back(static_cast<float>(s.convertToDouble()));
    for (const APInt &z : sub.getZeroPoints().getValues<APInt>())
      info.zeroPoints.push_back(static_cast<int32_t>(z.getSExtValue()));
  } else {
    return failure();
  }

  // Grid strides (row-major over the block grid).
  info.gridStrides.assign(rank, 0);
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    int64_t blocks = info.block[d] == 0 ? 1 : info.shape[d] / info.block[d];
    info.gridStrides[d] = blocks == 1 ? 0 : stride;
    stride *= blocks;
  }
  if (static_cast<int64_t>(info.scales.size()) != stride ||
      info.zeroPoints.size() != info.scales.size())
    return failure();
  return info;
}

int64_t QuantInfo::paramIndex(ArrayRef<int64_t> index) const {
  int64_t param = 0;
  for (size_t d = 0; d < index.size(); ++d)
    if (gridStrides[d])
      param += index[d] / block[d] * gridStrides[d];
  return param;
}

int64_t QuantInfo::paramIndexOfLinear(int64_t linear) const {
  if (isPerTensor())
    return 0;
  int64_t param = 0;
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    int64_t i = linear % shape[d];
    linear /= shape[d];
    if (gridStrides[d])
      param += i / block[d] * gridStrides[d];
  }
  return param;
}

void QuantInfo::forEachRun(
    llvm::function_ref<void(int64_t, int64_t, int64_t)> fn) const {
  int64_t total = 1;
  for (int64_t s : shape)
    total *= s;
  if (total == 0)
    return;
  if (isPerTensor()) {
    fn(0, total, 0);
    return;
  }
  // The innermost dimension along which the parameters change: everything
  // after it is one contiguous run of `inner` elements per block.
  int64_t rank = shape.size();
  int64_t last = rank - 1;
  while (last >= 0 && gridStrides[last] == 0)
    --last;
  int64_t inner = 1;
  for (int64_t d = last + 1; d < rank; ++d)
    inner *= shape[d];
  int64_t runLength = block[last] * inner;
  int64_t blocksAlongLast = shape[last] / block[last];

  // Odometer over dimensions [0, last).
  SmallVector<int64_t> index(last, 0);
  int64_t begin = 0;
  while (true) {
    int64_t base = 0;
    for (int64_t d = 0; d < last; ++d)
      if (gridStrides[d])
        base += index[d] / block[d] * gridStrides[d];
    for (int64_t b = 0; b < blocksAlongLast; ++b) {
      fn(begin, runLength, base + b * gridStrides[last]);
      begin += runLength;
    }
    int64_t d = last - 1;
    for (; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
    if (d < 0)
      break;
  }
}

std::pair<float, float>
mlir::qnn::getActivationBounds(ActivationAttr activation) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  if (!activation)
    return {-inf, inf};
  return {static_cast<float>(activation.getLowerBound()),
          static_cast<float>(activation.getUpperBound())};
}

std::pair<int32_t, int32_t>
mlir::qnn::getActivationStorageRange(ActivationAttr activation,
                                     const QuantInfo &result) {
  if (!activation)
    return {result.qmin, result.qmax};
  auto [lo, hi] = getActivationBounds(activation);
  return numerics::activationRange(lo, hi, result.scales[0],
                                   result.zeroPoints[0], result.qmin,
                                   result.qmax);
}
