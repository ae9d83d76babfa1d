//===- EvalQuantOps.cpp - quantize, dequantize, requantize, ... -----------===//

#include "Eval.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

// q = clamp(rne(x / s) + z, qmin, qmax), per block of the result type.
LogicalResult mlir::qnn::evaluate(QuantizeOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  FailureOr<QuantInfo> info = getQuantInfoOrError(op, op.getType());
  if (failed(info))
    return failure();
  HostTensor &y = results.emplace_back(op.getType());
  const float *in = x.getFloats().data();
  int32_t *out = y.getInts().data();
  info->forEachRun([&](int64_t begin, int64_t length, int64_t param) {
    float s = info->scales[param];
    int32_t z = info->zeroPoints[param];
    for (int64_t i = begin; i < begin + length; ++i)
      out[i] = numerics::quantize(in[i], s, z, info->qmin, info->qmax);
  });
  return success();
}

// x = float(q - z) * s.
LogicalResult mlir::qnn::evaluate(DequantizeOp op, ValueLookup get,
                                  Results &results) {
  FailureOr<std::vector<float>> values =
      dequantizeTensor(op, *get(op.getInput()));
  if (failed(values))
    return failure();
  HostTensor &y = results.emplace_back(op.getType());
  std::copy(values->begin(), values->end(), y.getFloats().begin());
  return success();
}

// q_out = clamp(rne(float(q_in - z_in) * M) + z_out), M = s_in * (1 / s_out)
// per pair of blocks.
LogicalResult mlir::qnn::evaluate(RequantizeOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  FailureOr<QuantInfo> in = getQuantInfoOrError(op, x.getType());
  FailureOr<QuantInfo> out = getQuantInfoOrError(op, op.getType());
  if (failed(in) || failed(out))
    return failure();
  HostTensor &y = results.emplace_back(op.getType());
  const int32_t *q = x.getInts().data();
  int32_t *r = y.getInts().data();
  if (in->isPerTensor() && out->isPerTensor()) {
    float m = numerics::computeMultiplier(in->scales[0], out->scales[0]);
    int32_t zIn = in->zeroPoints[0], zOut = out->zeroPoints[0];
    for (int64_t i = 0, e = x.getNumElements(); i < e; ++i)
      r[i] = numerics::requantize(q[i] - zIn, m, zOut, out->qmin, out->qmax);
    return success();
  }
  // Per-channel on either side: the output's runs, each element's input
  // parameters looked up.
  out->forEachRun([&](int64_t begin, int64_t length, int64_t po) {
    for (int64_t i = begin; i < begin + length; ++i) {
      int64_t pi = in->paramIndexOfLinear(i);
      float m = numerics::computeMultiplier(in->scales[pi], out->scales[po]);
      r[i] = numerics::requantize(q[i] - in->zeroPoints[pi], m,
                                  out->zeroPoints[po], out->qmin, out->qmax);
    }
  });
  return success();
}

// y = (clamp(rne(x / s) + z) - z) * s.
LogicalResult mlir::qnn::evaluate(FakeQuantOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  auto qtype = RankedTensorType::get(x.getShape(), op.getQtype());
  FailureOr<QuantInfo> info = getQuantInfoOrError(op, qtype);
  if (failed(info))
    return failure();
  HostTensor &y = results.emplace_back(op.getType());
  const float *in = x.getFloats().data();
  float *out = y.getFloats().data();
  info->forEachRun([&](int64_t begin, int64_t length, int64_t param) {
    float s = info->scales[param];
    int32_t z = info->zeroPoints[param];
    for (int64_t i = begin; i < begin + length; ++i)
      out[i] = numerics::fakeQuantize(in[i], s, z, info->qmin, info->qmax);
  });
  return success();
}

void mlir::qnn::dynamicQuantize(const float *x, int64_t count, int32_t *q,
                                float &scale, int32_t &zeroPoint) {
  std::tie(scale, zeroPoint) = numerics::dynamicQuantizationParams(x, count);
  for (int64_t i = 0; i < count; ++i)
    q[i] = numerics::quantize(x[i], scale, zeroPoint, 0, 255);
}

// ONNX DynamicQuantizeLinear (see the op description).
LogicalResult mlir::qnn::evaluate(DynamicQuantizeOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  HostTensor &q =
      results.emplace_back(cast<RankedTensorType>(op.getOutput().getType()));
  float scale;
  int32_t zeroPoint;
  dynamicQuantize(x.getFloats().data(), x.getNumElements(), q.getInts().data(),
                  scale, zeroPoint);
  HostTensor &s =
      results.emplace_back(cast<RankedTensorType>(op.getScale().getType()));
  s.getFloats()[0] = scale;
  HostTensor &z =
      results.emplace_back(cast<RankedTensorType>(op.getZeroPoint().getType()));
  z.getInts()[0] = zeroPoint;
  return success();
}
