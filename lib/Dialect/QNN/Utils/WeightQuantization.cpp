//===- WeightQuantization.cpp - quantizing constant weights ---------------===//

#include "qnn/Dialect/QNN/Utils/WeightQuantization.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

/// Symmetric quantization of `values` in groups (a channel, a block):
/// `s_g = numerics::symmetricWeightScale(max|w|, qmax)` over group g and
/// `q = numerics::quantize(w, f32(s_g), 0, -qmax, qmax)`. Fills `scales` (one
/// per group) and `quantized`.
static void quantizeGroups(ArrayRef<float> values, int64_t numGroups,
                           function_ref<int64_t(int64_t)> groupOf,
                           int32_t qmax, SmallVectorImpl<double> &scales,
                           SmallVectorImpl<int64_t> &quantized) {
  scales.assign(numGroups, 0.0);
  for (int64_t i = 0, e = values.size(); i < e; ++i)
    scales[groupOf(i)] =
        std::max(scales[groupOf(i)], std::fabs(double(values[i])));
  for (double &s : scales)
    s = numerics::symmetricWeightScale(s, qmax);
  quantized.resize(values.size());
  for (int64_t i = 0, e = values.size(); i < e; ++i)
    quantized[i] = numerics::quantize(
        values[i], static_cast<float>(scales[groupOf(i)]), 0, -qmax, qmax);
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
  // The weight scales; the bias scale is `inputScale * s_w` (f64).
  SmallVector<double> scales;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(weightType))
    llvm::append_range(scales, perAxis.getScales());
  else
    scales.push_back(cast<quant::UniformQuantizedType>(weightType).getScale());

  constexpr int64_t lo = std::numeric_limits<int32_t>::min();
  constexpr int64_t hi = std::numeric_limits<int32_t>::max();
  QuantizedTensor result;
  for (auto [c, b] : llvm::enumerate(bias))
    result.values.push_back(numerics::quantizeBias(
        b, inputScale, scales.size() == 1 ? scales[0] : scales[c]));
  Type storage = IntegerType::get(context, 32);
  Type f32 = Float32Type::get(context);
  unsigned flags = quant::QuantizationFlags::Signed;
  for (double &s : scales)
    s *= inputScale;
  if (scales.size() == 1)
    result.type = quant::UniformQuantizedType::get(flags, storage, f32,
                                                   scales[0], 0, lo, hi);
  else
    result.type = quant::UniformQuantizedPerAxisType::get(
        flags, storage, f32, scales, SmallVector<int64_t>(scales.size(), 0),
        /*quantizedDimension=*/0, lo, hi);
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
