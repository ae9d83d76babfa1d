//===- EvalUtils.cpp - helpers shared by the op families ------------------===//

#include "Eval.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

using namespace mlir;
using namespace mlir::qnn;

SmallVector<int64_t> mlir::qnn::getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

FailureOr<QuantInfo> mlir::qnn::getQuantInfoOrError(Operation *op, Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  FailureOr<QuantInfo> info =
      tensorType ? getQuantInfo(tensorType) : FailureOr<QuantInfo>(failure());
  if (failed(info))
    return op->emitError("the interpreter does not support the quantized "
                         "type ")
           << type;
  return info;
}

FailureOr<std::vector<float>>
mlir::qnn::dequantizeTensor(Operation *op, const HostTensor &tensor) {
  if (tensor.isFloat()) {
    ArrayRef<float> data = tensor.getFloats();
    return std::vector<float>(data.begin(), data.end());
  }
  FailureOr<QuantInfo> info = getQuantInfoOrError(op, tensor.getType());
  if (failed(info))
    return failure();
  std::vector<float> result(tensor.getNumElements());
  const int32_t *q = tensor.getInts().data();
  info->forEachRun([&](int64_t begin, int64_t length, int64_t param) {
    float scale = info->scales[param];
    int32_t zp = info->zeroPoints[param];
    for (int64_t i = begin; i < begin + length; ++i)
      result[i] = numerics::dequantize(q[i], scale, zp);
  });
  return result;
}

FloatActivation::FloatActivation(ActivationAttr attr)
    : enabled(static_cast<bool>(attr)) {
  std::tie(lo, hi) = getActivationBounds(attr);
}

void FloatActivation::apply(MutableArrayRef<float> values) const {
  if (!enabled)
    return;
  for (float &y : values)
    y = numerics::clampFloat(y, lo, hi);
}
