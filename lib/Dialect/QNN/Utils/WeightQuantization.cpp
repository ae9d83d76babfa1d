//===- WeightQuantization.cpp - quantizing constant weights ---------------===//

#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

/// Symmetric quantization of `values` in groups (a channel, a block):
/// `s_g = max|w| / qmax` over group g (1 for an all-zero group) and
/// `q = clamp(rne(w / s_g), -qmax, qmax)`. Fills `scales` (one per group)
/// and `quantized`.
static void quantizeGroups(ArrayRef<float> values, int64_t numGroups,
                           function_ref<int64_t(int64_t)> groupOf,
                           int64_t qmax, SmallVectorImpl<double> &scales,
                           SmallVectorImpl<int64_t> &quantized) {
  scales.assign(numGroups, 0.0);
  for (int64_t i = 0, e = values.size(); i < e; ++i)
    scales[groupOf(i)] =
        std::max(scales[groupOf(i)], std::fabs(double(values[i])));
  for (double &s : scales)
    s = s > 0 ? s / qmax : 1.0;
  quantized.resize(values.size());
  for (int64_t i = 0, e = values.size(); i < e; ++i) {
    double q = std::nearbyint(values[i] / scales[groupOf(i)]);
    quantized[i] = static_cast<int64_t>(std::clamp<double>(q, -qmax, qmax));
  }
}

QuantizedTensor mlir::qnn::quantizeSymmetric(MLIRContext *context,
                                             ArrayRef<float> values,
                                             ArrayRef<int64_t> shape,
                                             int64_t axis, bool perChannel,
                                             unsigned bits) {
  int64_t qmax = (int64_t(1) << (bits - 1)) - 1;
  int64_t channels = perChannel ? shape[axis] : 1;
  int64_t inner = 1;
  for (int64_t d = axis + 1, e = shape.size(); d < e; ++d)
    inner *= shape[d];
  auto channelOf = [&](int64_t i) {
    return perChannel ? (i / inner) % channels : 0;
  };

  SmallVector<double> scales;
  QuantizedTensor result;
  quantizeGroups(values, channels, channelOf, qmax, scales, result.values);
  Type storage = IntegerType::get(context, bits);
  Type f32 = Float32Type::get(context);
  unsigned flags = quant::QuantizationFlags::Signed;
  if (perChannel)
    result.type = quant::UniformQuantizedPerAxisType::get(
        flags, storage, f32, scales, SmallVector<int64_t>(channels, 0), axis,
        -qmax, qmax);
  else
    result.type = quant::UniformQuantizedType::get(flags, storage, f32,
                                                   scales[0], 0, -qmax, qmax);
  return result;
}

QuantizedTensor mlir::qnn::quantizeBlockwise(MLIRContext *context,
                                             ArrayRef<float> values,
                                             ArrayRef<int64_t> shape,
                                             int64_t blockAxis,
                                             int64_t blockSize, unsigned bits) {
  int64_t qmax = (int64_t(1) << (bits - 1)) - 1;
  // Element (outer, k, inner) lies in block (outer, k / blockSize, inner).
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < blockAxis; ++d)
    outer *= shape[d];
  for (int64_t d = blockAxis + 1, e = shape.size(); d < e; ++d)
    inner *= shape[d];
  int64_t length = shape[blockAxis];
  int64_t blocks = length / blockSize;
  auto blockOf = [&](int64_t i) {
    int64_t o = i / (length * inner), k = (i / inner) % length;
    return (o * blocks + k / blockSize) * inner + i % inner;
  };

  SmallVector<double> scales;
  QuantizedTensor result;
  quantizeGroups(values, outer * blocks * inner, blockOf, qmax, scales,
                 result.values);

  auto storage = IntegerType::get(context, bits);
  Type f32 = Float32Type::get(context);
  SmallVector<int64_t> gridShape(shape);
  gridShape[blockAxis] = blocks;
  SmallVector<float> floatScales(scales.begin(), scales.end());
  auto scaleAttr = DenseElementsAttr::get(RankedTensorType::get(gridShape, f32),
                                          ArrayRef<float>(floatScales));
  auto zeroAttr = DenseElementsAttr::get(
      RankedTensorType::get(gridShape, storage), APInt(bits, 0));
  SmallVector<int32_t> dims;
  SmallVector<int64_t> sizes;
  for (int64_t d = 0, e = shape.size(); d < e; ++d) {
    dims.push_back(static_cast<int32_t>(d));
    sizes.push_back(d == blockAxis ? blockSize : 1);
  }
  result.type = quant::UniformQuantizedSubChannelType::get(
      quant::QuantizationFlags::Signed, storage, f32, scaleAttr, zeroAttr, dims,
      sizes, -qmax, qmax);
  return result;
}

QuantizedTensor mlir::qnn::quantizeBias(MLIRContext *context,
                                        ArrayRef<float> bias,
                                        double inputScale,
                                        quant::QuantizedType weightType) {
  SmallVector<double> scales;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(weightType))
    for (double s : perAxis.getScales())
      scales.push_back(inputScale * s);
  else
    scales.push_back(inputScale *
                     cast<quant::UniformQuantizedType>(weightType).getScale());

  constexpr double lo = std::numeric_limits<int32_t>::min();
  constexpr double hi = std::numeric_limits<int32_t>::max();
  QuantizedTensor result;
  for (auto [c, b] : llvm::enumerate(bias)) {
    double s = scales.size() == 1 ? scales[0] : scales[c];
    result.values.push_back(static_cast<int64_t>(
        std::clamp<double>(std::nearbyint(b / s), lo, hi)));
  }
  Type storage = IntegerType::get(context, 32);
  Type f32 = Float32Type::get(context);
  unsigned flags = quant::QuantizationFlags::Signed;
  if (scales.size() == 1)
    result.type = quant::UniformQuantizedType::get(
        flags, storage, f32, scales[0], 0, static_cast<int64_t>(lo),
        static_cast<int64_t>(hi));
  else
    result.type = quant::UniformQuantizedPerAxisType::get(
        flags, storage, f32, scales, SmallVector<int64_t>(scales.size(), 0),
        /*quantizedDimension=*/0, static_cast<int64_t>(lo),
        static_cast<int64_t>(hi));
  return result;
}

Value mlir::qnn::createQuantizedConstant(OpBuilder &builder, Location loc,
                                         ArrayRef<int64_t> shape,
                                         const QuantizedTensor &tensor,
                                         StringRef nameHint) {
  auto storageType =
      RankedTensorType::get(shape, tensor.type.getStorageType());
  Value storage = arith::ConstantOp::create(
      builder, loc, storageType,
      cast<TypedAttr>(makeIntElements(storageType, tensor.values, nameHint)));
  return quant::StorageCastOp::create(
      builder, loc, RankedTensorType::get(shape, tensor.type), storage);
}
