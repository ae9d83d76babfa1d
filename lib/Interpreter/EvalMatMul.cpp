//===- EvalMatMul.cpp - qnn.matmul and qnn.fully_connected ----------------===//
//
// Both become GEMMs on [M x K] x [K x N] row-major operands (the
// fully_connected weight [N, K] is transposed first, so the inner loop runs
// over contiguous output columns). Four numeric forms each:
//
//   float        y = sum x * w (+ b), f32
//   weight-only  the same with the weight dequantized to f32 first
//   static INT8  acc = sum (q_x - z_x) * (q_w - z_w) (+ q_b) in i32,
//                q_y = clamp(rne(float(acc) * M_n) + z_y), M_n = s_x s_w[n] /
//                s_y
//   dynamic      acc = sum (q_x - z_x) * q_w in i32 (the weight per tensor or
//                per output channel, zero point 0), y = float(acc) * s_x *
//                s_w[n] (numerics::dequantizeAccumulator) (+ b), f32
//
//===----------------------------------------------------------------------===//

#include "Eval.h"
#include "Kernels.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

using namespace mlir;
using namespace mlir::qnn;

void mlir::qnn::dynamicProduct(int64_t m, int64_t n, int64_t k,
                               const int32_t *qx, float sx, int32_t zx,
                               const int32_t *w, const float *wScales,
                               const float *bias, float *y) {
  std::vector<int32_t> xs(static_cast<size_t>(m * k));
  for (int64_t i = 0; i < m * k; ++i)
    xs[i] = qx[i] - zx;
  std::vector<int32_t> acc(static_cast<size_t>(m * n), 0);
  kernels::gemm(m, n, k, xs.data(), k, w, n, acc.data(), n);
  numerics::ScalarArith arith;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      y[i * n + j] = numerics::dequantizeAccumulator(arith, acc[i * n + j], sx,
                                                     wScales[j]);
  if (bias)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        y[i * n + j] += bias[j];
}

/// Requantizes an [M x N] i32 accumulator with one multiplier per column.
static void requantizeColumns(int64_t m, int64_t n, const int32_t *acc,
                              ArrayRef<float> multipliers, int32_t zOut,
                              int32_t lo, int32_t hi, int32_t *out) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      out[i * n + j] =
          numerics::requantize(acc[i * n + j], multipliers[j], zOut, lo, hi);
}

namespace {
/// The static INT8 epilogue of matmul / fully_connected: the input's zero
/// point, one multiplier per output column (per-tensor or per-column
/// weight scales) and the output range after the fused activation.
struct StaticInt8Epilogue {
  int32_t zIn, zOut, lo, hi;
  SmallVector<float> multipliers;
};
} // namespace

static FailureOr<StaticInt8Epilogue>
getStaticInt8Epilogue(Operation *op, Type x, Type w, Type y,
                      ActivationAttr activation, int64_t n) {
  FailureOr<QuantInfo> xInfo = getQuantInfoOrError(op, x);
  FailureOr<QuantInfo> wInfo = getQuantInfoOrError(op, w);
  FailureOr<QuantInfo> yInfo = getQuantInfoOrError(op, y);
  if (failed(xInfo) || failed(wInfo) || failed(yInfo))
    return failure();
  StaticInt8Epilogue e;
  e.zIn = xInfo->zeroPoints[0];
  float sOut = yInfo->scales[0];
  e.zOut = yInfo->zeroPoints[0];
  std::tie(e.lo, e.hi) = getActivationStorageRange(activation, *yInfo);
  e.multipliers.resize(n);
  for (int64_t j = 0; j < n; ++j)
    e.multipliers[j] = numerics::computeMultiplier(
        xInfo->scales[0], wInfo->scales[wInfo->isPerTensor() ? 0 : j], sOut);
  return e;
}

/// `values - zero`.
static std::vector<int32_t> centered(ArrayRef<int32_t> values, int32_t zero) {
  std::vector<int32_t> result(values.begin(), values.end());
  for (int32_t &v : result)
    v -= zero;
  return result;
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

/// Matrix offsets of a broadcast batch operand for every batch index of
/// the result.
static SmallVector<int64_t> batchOffsets(ArrayRef<int64_t> outBatch,
                                         ArrayRef<int64_t> batch) {
  int64_t count = 1;
  for (int64_t d : outBatch)
    count *= d;
  SmallVector<int64_t> strides = getStrides(batch);
  SmallVector<int64_t> offsets(count, 0);
  int64_t rankDiff = outBatch.size() - batch.size();
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t rest = linear, offset = 0;
    for (int64_t d = static_cast<int64_t>(outBatch.size()) - 1; d >= 0; --d) {
      int64_t i = rest % outBatch[d];
      rest /= outBatch[d];
      int64_t bd = d - rankDiff;
      if (bd >= 0 && batch[bd] != 1)
        offset += i * strides[bd];
    }
    offsets[linear] = offset;
  }
  return offsets;
}

LogicalResult mlir::qnn::evaluate(MatMulOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &lhs = *get(op.getLhs());
  const HostTensor &rhs = *get(op.getRhs());
  ArrayRef<int64_t> lShape = lhs.getShape(), rShape = rhs.getShape();
  ArrayRef<int64_t> oShape = op.getOutput().getType().getShape();
  int64_t m = lShape[lShape.size() - 2], k = lShape.back(), n = rShape.back();
  ArrayRef<int64_t> outBatch = oShape.drop_back(2);
  SmallVector<int64_t> lOff = batchOffsets(outBatch, lShape.drop_back(2));
  SmallVector<int64_t> rOff = batchOffsets(outBatch, rShape.drop_back(2));
  int64_t lhsMatrix = m * k, rhsMatrix = k * n, outMatrix = m * n;
  HostTensor &y = results.emplace_back(op.getOutput().getType());

  // Dynamic: ui8 storage plus its run-time scale and zero point.
  if (op.getLhsScale()) {
    float sx = get(op.getLhsScale())->getFloats()[0];
    int32_t zx = get(op.getLhsZeroPoint())->getInts()[0];
    FailureOr<QuantInfo> wInfo = getQuantInfoOrError(op, rhs.getType());
    if (failed(wInfo))
      return failure();
    int64_t rRank = rShape.size();
    std::vector<float> scales(static_cast<size_t>(n));
    SmallVector<int64_t> index(rRank, 0);
    SmallVector<int64_t> rStrides = getStrides(rShape);
    for (size_t b = 0; b < lOff.size(); ++b) {
      // The batch index of this rhs matrix, for its scales.
      int64_t rest = rOff[b] * rhsMatrix;
      for (int64_t d = 0; d < rRank - 2; ++d) {
        index[d] = rest / rStrides[d];
        rest %= rStrides[d];
      }
      index[rRank - 2] = 0;
      for (int64_t j = 0; j < n; ++j) {
        index[rRank - 1] = j;
        scales[j] = wInfo->scales[wInfo->paramIndex(index)];
      }
      dynamicProduct(m, n, k, lhs.getInts().data() + lOff[b] * lhsMatrix, sx,
                     zx, rhs.getInts().data() + rOff[b] * rhsMatrix,
                     scales.data(), nullptr,
                     y.getFloats().data() + b * outMatrix);
    }
    FloatActivation(op.getActivationAttr()).apply(y.getFloats());
    return success();
  }

  // Float and weight-only.
  if (lhs.isFloat()) {
    FailureOr<std::vector<float>> w = dequantizeTensor(op, rhs);
    if (failed(w))
      return failure();
    for (size_t b = 0; b < lOff.size(); ++b)
      kernels::gemm(m, n, k, lhs.getFloats().data() + lOff[b] * lhsMatrix, k,
                    w->data() + rOff[b] * rhsMatrix, n,
                    y.getFloats().data() + b * outMatrix, n);
    FloatActivation(op.getActivationAttr()).apply(y.getFloats());
    return success();
  }

  // Static INT8.
  FailureOr<StaticInt8Epilogue> e = getStaticInt8Epilogue(
      op, lhs.getType(), rhs.getType(), y.getType(), op.getActivationAttr(), n);
  FailureOr<QuantInfo> wInfo = getQuantInfoOrError(op, rhs.getType());
  if (failed(e) || failed(wInfo))
    return failure();
  std::vector<int32_t> xs = centered(lhs.getInts(), e->zIn);
  // rhs: per tensor (any zero point) or per column (zero point 0).
  std::vector<int32_t> ws =
      centered(rhs.getInts(), wInfo->isPerTensor() ? wInfo->zeroPoints[0] : 0);
  std::vector<int32_t> acc(static_cast<size_t>(outMatrix));
  for (size_t b = 0; b < lOff.size(); ++b) {
    std::fill(acc.begin(), acc.end(), 0);
    kernels::gemm(m, n, k, xs.data() + lOff[b] * lhsMatrix, k,
                  ws.data() + rOff[b] * rhsMatrix, n, acc.data(), n);
    requantizeColumns(m, n, acc.data(), e->multipliers, e->zOut, e->lo, e->hi,
                      y.getInts().data() + b * outMatrix);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// FullyConnectedOp
//===----------------------------------------------------------------------===//

LogicalResult mlir::qnn::evaluate(FullyConnectedOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  const HostTensor &w = *get(op.getWeight());
  const HostTensor *bias = op.getBias() ? get(op.getBias()) : nullptr;
  int64_t m = x.getShape()[0], k = x.getShape()[1], n = w.getShape()[0];
  HostTensor &y = results.emplace_back(op.getOutput().getType());

  // Dynamic.
  if (op.getInputScale()) {
    float sx = get(op.getInputScale())->getFloats()[0];
    int32_t zx = get(op.getInputZeroPoint())->getInts()[0];
    FailureOr<QuantInfo> wInfo = getQuantInfoOrError(op, w.getType());
    if (failed(wInfo))
      return failure();
    std::vector<float> scales(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j)
      scales[j] = wInfo->scales[wInfo->paramIndex({j, 0})];
    std::vector<int32_t> wt(static_cast<size_t>(n * k));
    kernels::transpose(n, k, w.getInts().data(), wt.data());
    dynamicProduct(m, n, k, x.getInts().data(), sx, zx, wt.data(),
                   scales.data(), bias ? bias->getFloats().data() : nullptr,
                   y.getFloats().data());
    FloatActivation(op.getActivationAttr()).apply(y.getFloats());
    return success();
  }

  // Float and weight-only.
  if (x.isFloat()) {
    FailureOr<std::vector<float>> wf = dequantizeTensor(op, w);
    if (failed(wf))
      return failure();
    std::vector<float> wt(static_cast<size_t>(n * k));
    kernels::transpose(n, k, wf->data(), wt.data());
    float *out = y.getFloats().data();
    if (bias)
      for (int64_t i = 0; i < m; ++i)
        std::copy(bias->getFloats().begin(), bias->getFloats().end(),
                  out + i * n);
    kernels::gemm(m, n, k, x.getFloats().data(), k, wt.data(), n, out, n);
    FloatActivation(op.getActivationAttr()).apply(y.getFloats());
    return success();
  }

  // Static INT8: weight zero points are 0 (verified).
  FailureOr<StaticInt8Epilogue> e = getStaticInt8Epilogue(
      op, x.getType(), w.getType(), y.getType(), op.getActivationAttr(), n);
  if (failed(e))
    return failure();
  std::vector<int32_t> xs = centered(x.getInts(), e->zIn);
  std::vector<int32_t> wt(static_cast<size_t>(n * k));
  kernels::transpose(n, k, w.getInts().data(), wt.data());
  std::vector<int32_t> acc(static_cast<size_t>(m * n), 0);
  if (bias)
    for (int64_t i = 0; i < m; ++i)
      std::copy(bias->getInts().begin(), bias->getInts().end(),
                acc.begin() + i * n);
  kernels::gemm(m, n, k, xs.data(), k, wt.data(), n, acc.data(), n);
  requantizeColumns(m, n, acc.data(), e->multipliers, e->zOut, e->lo, e->hi,
                    y.getInts().data());
  return success();
}
