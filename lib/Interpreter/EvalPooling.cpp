//===- EvalPooling.cpp - pools and reduce_mean
//-----------------------------===//
//
// Max pooling works on stored values directly (float or q: max commutes
// with a monotonic quantization). Averaging ops sum in f32 (float) or sum
// q - z_in in i32 (quantized) over the window, then divide by the count
// (float) or requantize with M = s_in / (s_out * count) (quantized, see
// numerics::computeAveragingMultiplier).
//
//===----------------------------------------------------------------------===//

#include "Eval.h"
#include "Kernels.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "llvm/ADT/SmallBitVector.h"
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// Window geometry of a pool on one [H, W] plane.
struct PoolShape {
  int64_t planes; // N * C
  kernels::Window window;
  int64_t padBottom, padRight;
};
} // namespace

static PoolShape getPoolShape(RankedTensorType in, RankedTensorType out,
                              ArrayRef<int64_t> kernel,
                              ArrayRef<int64_t> strides,
                              ArrayRef<int64_t> padding,
                              ArrayRef<int64_t> dilations) {
  ArrayRef<int64_t> x = in.getShape(), y = out.getShape();
  PoolShape s;
  s.planes = x[0] * x[1];
  s.window = {1,          x[2],       x[3],         kernel[0],    kernel[1],
              strides[0], strides[1], dilations[0], dilations[1], padding[0],
              padding[1], y[2],       y[3]};
  s.padBottom = padding[2];
  s.padRight = padding[3];
  return s;
}

//===----------------------------------------------------------------------===//
// MaxPool2DOp
//===----------------------------------------------------------------------===//

/// out = max over the window positions inside the input (padding never
/// wins); a window entirely in the padding yields `empty`. Starts from
/// `lowest` (below every value) and folds one kernel position at a time over
/// contiguous output rows.
template <typename T>
static void maxPoolPlane(const kernels::Window &w, const T *x, T lowest,
                         T empty, T *out) {
  std::fill(out, out + w.outH * w.outW, lowest);
  for (int64_t kh = 0; kh < w.kernelH; ++kh) {
    for (int64_t kw = 0; kw < w.kernelW; ++kw) {
      int64_t lo, hi;
      w.validColumns(kw, lo, hi);
      int64_t shiftW = kw * w.dilationW - w.padLeft;
      for (int64_t oh = 0; oh < w.outH; ++oh) {
        int64_t ih = oh * w.strideH + kh * w.dilationH - w.padTop;
        if (ih < 0 || ih >= w.height)
          continue;
        const T *in = x + ih * w.width + shiftW;
        T *o = out + oh * w.outW;
        for (int64_t ow = lo; ow < hi; ++ow) {
          T v = in[ow * w.strideW];
          o[ow] = v > o[ow] ? v : o[ow];
        }
      }
    }
  }
  // Windows without a position inside the input: a row none of whose
  // kernel rows lands in the input, or likewise a column.
  for (int64_t oh = 0; oh < w.outH; ++oh) {
    bool rowInside = false;
    for (int64_t kh = 0; kh < w.kernelH && !rowInside; ++kh) {
      int64_t ih = oh * w.strideH + kh * w.dilationH - w.padTop;
      rowInside = ih >= 0 && ih < w.height;
    }
    for (int64_t ow = 0; ow < w.outW; ++ow) {
      bool inside = false;
      for (int64_t kw = 0; kw < w.kernelW && rowInside && !inside; ++kw) {
        int64_t iw = ow * w.strideW + kw * w.dilationW - w.padLeft;
        inside = iw >= 0 && iw < w.width;
      }
      if (!inside)
        out[oh * w.outW + ow] = empty;
    }
  }
}

LogicalResult mlir::qnn::evaluate(MaxPool2DOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  PoolShape s =
      getPoolShape(op.getInput().getType(), op.getType(), op.getKernel(),
                   op.getStrides(), op.getPadding(), op.getDilations());
  HostTensor &y = results.emplace_back(op.getType());
  int64_t inPlane = s.window.height * s.window.width;
  int64_t outPlane = s.window.outH * s.window.outW;
  if (x.isFloat()) {
    for (int64_t p = 0; p < s.planes; ++p)
      maxPoolPlane<float>(s.window, x.getFloats().data() + p * inPlane,
                          -std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(),
                          y.getFloats().data() + p * outPlane);
    return success();
  }
  FailureOr<QuantInfo> info = getQuantInfoOrError(op, x.getType());
  if (failed(info))
    return failure();
  for (int64_t p = 0; p < s.planes; ++p)
    maxPoolPlane<int32_t>(s.window, x.getInts().data() + p * inPlane,
                          std::numeric_limits<int32_t>::min(), info->qmin,
                          y.getInts().data() + p * outPlane);
  return success();
}

//===----------------------------------------------------------------------===//
// AvgPool2DOp, GlobalAvgPool2DOp
//===----------------------------------------------------------------------===//

namespace {
/// Per-tensor parameters of a quantized averaging op, with the multipliers
/// cached by count.
struct AveragingParams {
  float sIn, sOut;
  int32_t zIn, zOut, qmin, qmax;
  SmallVector<std::pair<int64_t, float>> multipliers;

  float multiplier(int64_t count) {
    for (auto [c, m] : multipliers)
      if (c == count)
        return m;
    float m = numerics::computeAveragingMultiplier(sIn, sOut, count);
    multipliers.push_back({count, m});
    return m;
  }
  int32_t average(int32_t sum, int64_t count) {
    return numerics::requantize(sum, multiplier(count), zOut, qmin, qmax);
  }
};
} // namespace

static FailureOr<AveragingParams> getAveragingParams(Operation *op) {
  FailureOr<QuantInfo> in =
      getQuantInfoOrError(op, op->getOperand(0).getType());
  FailureOr<QuantInfo> out =
      getQuantInfoOrError(op, op->getResult(0).getType());
  if (failed(in) || failed(out))
    return failure();
  return AveragingParams{in->scales[0],
                         out->scales[0],
                         in->zeroPoints[0],
                         out->zeroPoints[0],
                         out->qmin,
                         out->qmax,
                         {}};
}

// y = sum / cnt over the window, cnt = the positions inside the input, or
// with count_include_pad the positions inside the padded input (KH * KW
// unless a ceil_mode window hangs over the end padding).
LogicalResult mlir::qnn::evaluate(AvgPool2DOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  SmallVector<int64_t> noDilation = {1, 1};
  PoolShape s =
      getPoolShape(op.getInput().getType(), op.getType(), op.getKernel(),
                   op.getStrides(), op.getPadding(), noDilation);
  const kernels::Window &w = s.window;
  bool includePad = op.getCountIncludePad();
  HostTensor &y = results.emplace_back(op.getType());
  FailureOr<AveragingParams> q = failure();
  if (!x.isFloat() && failed(q = getAveragingParams(op)))
    return failure();
  int64_t inPlane = w.height * w.width, outPlane = w.outH * w.outW;
  for (int64_t p = 0; p < s.planes; ++p) {
    for (int64_t oh = 0; oh < w.outH; ++oh) {
      int64_t h0 = oh * w.strideH - w.padTop;
      int64_t hLo = std::max<int64_t>(h0, 0);
      int64_t hHi = std::min(h0 + w.kernelH, w.height);
      int64_t hPad = std::min(h0 + w.kernelH, w.height + s.padBottom) - h0;
      for (int64_t ow = 0; ow < w.outW; ++ow) {
        int64_t w0 = ow * w.strideW - w.padLeft;
        int64_t wLo = std::max<int64_t>(w0, 0);
        int64_t wHi = std::min(w0 + w.kernelW, w.width);
        int64_t wPad = std::min(w0 + w.kernelW, w.width + s.padRight) - w0;
        int64_t count = includePad ? hPad * wPad
                                   : std::max<int64_t>(0, hHi - hLo) *
                                         std::max<int64_t>(0, wHi - wLo);
        int64_t o = p * outPlane + oh * w.outW + ow;
        if (x.isFloat()) {
          const float *in = x.getFloats().data() + p * inPlane;
          float sum = 0.0f;
          for (int64_t ih = hLo; ih < hHi; ++ih)
            for (int64_t iw = wLo; iw < wHi; ++iw)
              sum += in[ih * w.width + iw];
          y.getFloats()[o] = count ? sum / static_cast<float>(count) : 0.0f;
        } else {
          const int32_t *in = x.getInts().data() + p * inPlane;
          int32_t sum = 0;
          for (int64_t ih = hLo; ih < hHi; ++ih)
            for (int64_t iw = wLo; iw < wHi; ++iw)
              sum += in[ih * w.width + iw] - q->zIn;
          y.getInts()[o] = count ? q->average(sum, count) : q->zOut;
        }
      }
    }
  }
  return success();
}

// y[n, c] = sum_{h, w} x[n, c, h, w] / (H * W).
LogicalResult mlir::qnn::evaluate(GlobalAvgPool2DOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  ArrayRef<int64_t> shape = x.getShape();
  int64_t planes = shape[0] * shape[1], count = shape[2] * shape[3];
  HostTensor &y = results.emplace_back(op.getType());
  if (x.isFloat()) {
    for (int64_t p = 0; p < planes; ++p) {
      const float *in = x.getFloats().data() + p * count;
      float sum = 0.0f;
      for (int64_t i = 0; i < count; ++i)
        sum += in[i];
      y.getFloats()[p] = sum / static_cast<float>(count);
    }
    return success();
  }
  FailureOr<AveragingParams> q = getAveragingParams(op);
  if (failed(q))
    return failure();
  for (int64_t p = 0; p < planes; ++p) {
    const int32_t *in = x.getInts().data() + p * count;
    int32_t sum = 0;
    for (int64_t i = 0; i < count; ++i)
      sum += in[i] - q->zIn;
    y.getInts()[p] = count ? q->average(sum, count) : q->zOut;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ReduceMeanOp
//===----------------------------------------------------------------------===//

// y = sum over the reduced axes / their element count; the input is visited
// in row-major order, so each f32 sum adds its terms in that order.
LogicalResult mlir::qnn::evaluate(ReduceMeanOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  ArrayRef<int64_t> shape = x.getShape();
  int64_t rank = shape.size();
  llvm::SmallBitVector reduced(rank, op.getAxes().empty());
  for (int64_t axis : op.getAxes())
    reduced.set(axis < 0 ? axis + rank : axis);
  // Strides of the result indexed by input dimension (0 where reduced).
  SmallVector<int64_t> outStrides(rank, 0);
  int64_t stride = 1, count = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    if (reduced.test(d)) {
      count *= shape[d];
      continue;
    }
    outStrides[d] = stride;
    stride *= shape[d];
  }
  HostTensor &y = results.emplace_back(op.getType());
  int64_t total = x.getNumElements();
  SmallVector<int64_t> index(rank, 0);
  std::vector<float> floatSums;
  std::vector<int32_t> intSums;
  FailureOr<AveragingParams> q = failure();
  if (x.isFloat())
    floatSums.assign(y.getNumElements(), 0.0f);
  else if (failed(q = getAveragingParams(op)))
    return failure();
  else
    intSums.assign(y.getNumElements(), 0);
  int64_t out = 0;
  for (int64_t i = 0; i < total; ++i) {
    if (x.isFloat())
      floatSums[out] += x.getFloats()[i];
    else
      intSums[out] += x.getInts()[i] - q->zIn;
    for (int64_t d = rank - 1; d >= 0; --d) {
      out += outStrides[d];
      if (++index[d] < shape[d])
        break;
      out -= outStrides[d] * shape[d];
      index[d] = 0;
    }
  }
  for (int64_t o = 0, e = y.getNumElements(); o < e; ++o) {
    if (x.isFloat())
      y.getFloats()[o] =
          count ? floatSums[o] / static_cast<float>(count) : 0.0f;
    else
      y.getInts()[o] = count ? q->average(intSums[o], count) : q->zOut;
  }
  return success();
}
