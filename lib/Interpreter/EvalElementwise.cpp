//===- EvalElementwise.cpp - binary and unary elementwise ops -------------===//

#include "Eval.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

//===----------------------------------------------------------------------===//
// Broadcasting
//===----------------------------------------------------------------------===//

/// out[i] = fn(a[ia], b[ib]) over the NumPy broadcast of the operand shapes.
/// Equal shapes run as one flat loop; otherwise rows of the last dimension,
/// each operand read contiguously or as a repeated scalar.
template <typename TA, typename TB, typename TO, typename Fn>
static void broadcastBinary(ArrayRef<int64_t> outShape,
                            ArrayRef<int64_t> aShape, ArrayRef<int64_t> bShape,
                            const TA *a, const TB *b, TO *out, Fn fn) {
  int64_t total = 1;
  for (int64_t d : outShape)
    total *= d;
  if (total == 0)
    return;
  if (aShape == bShape) {
    for (int64_t i = 0; i < total; ++i)
      out[i] = fn(a[i], b[i]);
    return;
  }
  int64_t rank = outShape.size();
  // Strides of each operand in the result's index space (0 where it
  // broadcasts).
  auto broadcastStrides = [&](ArrayRef<int64_t> shape) {
    SmallVector<int64_t> strides(rank, 0);
    SmallVector<int64_t> own = getStrides(shape);
    int64_t shift = rank - static_cast<int64_t>(shape.size());
    for (int64_t d = shift; d < rank; ++d)
      strides[d] = shape[d - shift] == 1 ? 0 : own[d - shift];
    return strides;
  };
  SmallVector<int64_t> sa = broadcastStrides(aShape);
  SmallVector<int64_t> sb = broadcastStrides(bShape);
  int64_t inner = rank ? outShape[rank - 1] : 1;
  int64_t ia = rank ? sa[rank - 1] : 0, ib = rank ? sb[rank - 1] : 0;
  SmallVector<int64_t> index(std::max<int64_t>(rank - 1, 0), 0);
  int64_t offA = 0, offB = 0;
  for (int64_t row = 0, rows = total / inner; row < rows; ++row) {
    TO *o = out + row * inner;
    const TA *pa = a + offA;
    const TB *pb = b + offB;
    if (ia && ib)
      for (int64_t j = 0; j < inner; ++j)
        o[j] = fn(pa[j], pb[j]);
    else if (ia)
      for (int64_t j = 0; j < inner; ++j)
        o[j] = fn(pa[j], pb[0]);
    else if (ib)
      for (int64_t j = 0; j < inner; ++j)
        o[j] = fn(pa[0], pb[j]);
    else
      for (int64_t j = 0; j < inner; ++j)
        o[j] = fn(pa[0], pb[0]);
    // Next row: odometer over the leading dimensions.
    for (int64_t d = rank - 2; d >= 0; --d) {
      offA += sa[d];
      offB += sb[d];
      if (++index[d] < outShape[d])
        break;
      offA -= sa[d] * outShape[d];
      offB -= sb[d] * outShape[d];
      index[d] = 0;
    }
  }
}

/// A float binary op: y = fn(a, b), then the fused activation when given.
template <typename Fn>
static LogicalResult evaluateFloatBinary(Operation *op, ValueLookup get,
                                         Results &results, Fn fn,
                                         ActivationAttr activation = {}) {
  const HostTensor &a = *get(op->getOperand(0));
  const HostTensor &b = *get(op->getOperand(1));
  HostTensor &y =
      results.emplace_back(cast<RankedTensorType>(op->getResult(0).getType()));
  broadcastBinary(y.getShape(), a.getShape(), b.getShape(),
                  a.getFloats().data(), b.getFloats().data(),
                  y.getFloats().data(), fn);
  FloatActivation(activation).apply(y.getFloats());
  return success();
}

//===----------------------------------------------------------------------===//
// add, mul (float or per-tensor quantized)
//===----------------------------------------------------------------------===//

namespace {
/// Per-tensor parameters of the two operands and the result of a quantized
/// binary op, the result range narrowed by the fused activation.
struct QuantizedBinary {
  float sa, sb, sy;
  int32_t za, zb, zy, lo, hi;
};
} // namespace

static FailureOr<QuantizedBinary> getQuantizedBinary(Operation *op,
                                                     ActivationAttr act) {
  FailureOr<QuantInfo> a = getQuantInfoOrError(op, op->getOperand(0).getType());
  FailureOr<QuantInfo> b = getQuantInfoOrError(op, op->getOperand(1).getType());
  FailureOr<QuantInfo> y = getQuantInfoOrError(op, op->getResult(0).getType());
  if (failed(a) || failed(b) || failed(y))
    return failure();
  QuantizedBinary q{a->scales[0],
                    b->scales[0],
                    y->scales[0],
                    a->zeroPoints[0],
                    b->zeroPoints[0],
                    y->zeroPoints[0],
                    0,
                    0};
  std::tie(q.lo, q.hi) = getActivationStorageRange(act, *y);
  return q;
}

template <typename Fn>
static LogicalResult evaluateQuantizedBinary(Operation *op, ValueLookup get,
                                             Results &results, Fn fn) {
  const HostTensor &a = *get(op->getOperand(0));
  const HostTensor &b = *get(op->getOperand(1));
  HostTensor &y =
      results.emplace_back(cast<RankedTensorType>(op->getResult(0).getType()));
  broadcastBinary(y.getShape(), a.getShape(), b.getShape(), a.getInts().data(),
                  b.getInts().data(), y.getInts().data(), fn);
  return success();
}

// Quantized: q_y = clamp(rne(M_a (q_a - z_a) + M_b (q_b - z_b)) + z_y),
// M_x = s_x * (1 / s_y); two f32 products, one f32 add, no FMA.
LogicalResult mlir::qnn::evaluate(AddOp op, ValueLookup get, Results &results) {
  if (op.getType().getElementType().isF32())
    return evaluateFloatBinary(
        op, get, results, [](float a, float b) { return a + b; },
        op.getActivationAttr());
  FailureOr<QuantizedBinary> q = getQuantizedBinary(op, op.getActivationAttr());
  if (failed(q))
    return failure();
  float ma = numerics::computeMultiplier(q->sa, q->sy);
  float mb = numerics::computeMultiplier(q->sb, q->sy);
  int32_t za = q->za, zb = q->zb, zy = q->zy, lo = q->lo, hi = q->hi;
  return evaluateQuantizedBinary(op, get, results, [=](int32_t a, int32_t b) {
    numerics::ScalarArith arith;
    return numerics::addQuantized(arith, a, za, ma, b, zb, mb, zy, lo, hi);
  });
}

// Quantized: q_y = clamp(rne(float((q_a - z_a) * (q_b - z_b)) * M) + z_y),
// the product exact in i32, M = (s_a * s_b) * (1 / s_y).
LogicalResult mlir::qnn::evaluate(MulOp op, ValueLookup get, Results &results) {
  if (op.getType().getElementType().isF32())
    return evaluateFloatBinary(
        op, get, results, [](float a, float b) { return a * b; },
        op.getActivationAttr());
  FailureOr<QuantizedBinary> q = getQuantizedBinary(op, op.getActivationAttr());
  if (failed(q))
    return failure();
  float m = numerics::computeMultiplier(q->sa, q->sb, q->sy);
  int32_t za = q->za, zb = q->zb, zy = q->zy, lo = q->lo, hi = q->hi;
  return evaluateQuantizedBinary(op, get, results, [=](int32_t a, int32_t b) {
    numerics::ScalarArith arith;
    return numerics::mulQuantized(arith, a, za, b, zb, m, zy, lo, hi);
  });
}

LogicalResult mlir::qnn::evaluate(SubOp op, ValueLookup get, Results &results) {
  return evaluateFloatBinary(op, get, results,
                             [](float a, float b) { return a - b; });
}

LogicalResult mlir::qnn::evaluate(DivOp op, ValueLookup get, Results &results) {
  return evaluateFloatBinary(op, get, results,
                             [](float a, float b) { return a / b; });
}

LogicalResult mlir::qnn::evaluate(PowOp op, ValueLookup get, Results &results) {
  return evaluateFloatBinary(op, get, results,
                             [](float a, float b) { return std::pow(a, b); });
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

template <typename Fn>
static LogicalResult evaluateFloatUnary(Operation *op, ValueLookup get,
                                        Results &results, Fn fn) {
  const HostTensor &x = *get(op->getOperand(0));
  HostTensor &y =
      results.emplace_back(cast<RankedTensorType>(op->getResult(0).getType()));
  const float *in = x.getFloats().data();
  float *out = y.getFloats().data();
  for (int64_t i = 0, e = x.getNumElements(); i < e; ++i)
    out[i] = fn(in[i]);
  return success();
}

LogicalResult mlir::qnn::evaluate(SqrtOp op, ValueLookup get,
                                  Results &results) {
  return evaluateFloatUnary(op, get, results,
                            [](float x) { return std::sqrt(x); });
}

LogicalResult mlir::qnn::evaluate(ExpOp op, ValueLookup get, Results &results) {
  return evaluateFloatUnary(op, get, results,
                            [](float x) { return std::exp(x); });
}

LogicalResult mlir::qnn::evaluate(TanhOp op, ValueLookup get,
                                  Results &results) {
  return evaluateFloatUnary(op, get, results,
                            [](float x) { return std::tanh(x); });
}

LogicalResult mlir::qnn::evaluate(SigmoidOp op, ValueLookup get,
                                  Results &results) {
  return evaluateFloatUnary(
      op, get, results, [](float x) { return 1.0f / (1.0f + std::exp(-x)); });
}

/// relu and clamp with real bounds [lo, hi]: `numerics::clampFloat` on
/// f32; quantized (operand and result share their type), q_y = min(max(q_x,
/// lo_p), hi_p) with `[lo_p, hi_p] = numerics::activationRange(lo, hi)` per
/// parameter block, no rescaling (relu: lo_p = max(z, qmin)).
static LogicalResult evaluateClamp(Operation *op, ValueLookup get,
                                   Results &results, float lo, float hi) {
  if (cast<RankedTensorType>(op->getResult(0).getType())
          .getElementType()
          .isF32())
    return evaluateFloatUnary(op, get, results, [=](float x) {
      return numerics::clampFloat(x, lo, hi);
    });
  const HostTensor &x = *get(op->getOperand(0));
  FailureOr<QuantInfo> info = getQuantInfoOrError(op, x.getType());
  if (failed(info))
    return failure();
  HostTensor &y = results.emplace_back(x.getType());
  const int32_t *in = x.getInts().data();
  int32_t *out = y.getInts().data();
  info->forEachRun([&](int64_t begin, int64_t length, int64_t param) {
    auto [qlo, qhi] =
        numerics::activationRange(lo, hi, info->scales[param],
                                  info->zeroPoints[param], info->qmin,
                                  info->qmax);
    for (int64_t i = begin; i < begin + length; ++i) {
      int32_t v = in[i] < qlo ? qlo : in[i];
      out[i] = v > qhi ? qhi : v;
    }
  });
  return success();
}

LogicalResult mlir::qnn::evaluate(ReluOp op, ValueLookup get,
                                  Results &results) {
  return evaluateClamp(op, get, results, 0.0f,
                       std::numeric_limits<float>::infinity());
}

LogicalResult mlir::qnn::evaluate(ClampOp op, ValueLookup get,
                                  Results &results) {
  return evaluateClamp(op, get, results, op.getMin().convertToFloat(),
                       op.getMax().convertToFloat());
}
