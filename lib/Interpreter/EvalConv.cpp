//===- EvalConv.cpp - qnn.conv2d
//-------------------------------------------===//
//
// Per image and group: depthwise groups (one input channel per group) run a
// direct window loop; the others run im2col (skipped for unpadded 1x1
// stride-1 convolutions, where the input already is the column matrix)
// followed by a GEMM of the group's weights [F/g, C/g*KH*KW] with the
// columns [C/g*KH*KW, OH*OW], built for bands of output rows so that the
// column buffer stays small. The float and the quantized forms share this
// structure; the quantized one works on q_x - z_x in i32 (so padding, which
// reads the zero point, contributes 0) and requantizes per output channel.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"
#include "Kernels.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// The shape of a conv2d, read from its types and attributes.
struct ConvShape {
  int64_t batch, inChannels, outChannels, groups;
  int64_t groupIn, groupOut; // channels per group
  kernels::Window window;

  int64_t columnRows() const {
    return groupIn * window.kernelH * window.kernelW;
  }
  int64_t outPlane() const { return window.outH * window.outW; }
  int64_t inPlane() const { return window.height * window.width; }
  /// The input already is the column matrix.
  bool isPointwise() const {
    const kernels::Window &w = window;
    return w.kernelH == 1 && w.kernelW == 1 && w.strideH == 1 &&
           w.strideW == 1 && w.padTop == 0 && w.padLeft == 0 &&
           w.outH == w.height && w.outW == w.width;
  }
};
} // namespace

static ConvShape getConvShape(Conv2DOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> w = op.getWeight().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  ConvShape s;
  s.batch = in[0];
  s.inChannels = in[1];
  s.outChannels = w[0];
  s.groups = op.getGroups();
  s.groupIn = w[1];
  s.groupOut = w[0] / s.groups;
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPadding(),
                    dilations = op.getDilations();
  s.window = {s.groupIn,  in[2],      in[3],        w[2],         w[3],
              strides[0], strides[1], dilations[0], dilations[1], pads[0],
              pads[1],    out[2],     out[3]};
  return s;
}

/// The column matrix is built for bands of output rows whose columns hold
/// about this many elements, so that its size stays bounded (and close to
/// the caches) whatever the image size.
static constexpr int64_t kColumnBudget = 1 << 20;

/// Runs the convolution of every image and group: `init(y, f0)` fills the
/// output planes of group channels [f0, f0 + F/g) with their initial value
/// (bias), then the window loops accumulate into them.
template <typename T>
static void convolve(const ConvShape &s, const T *x, T offset, const T *w, T *y,
                     llvm::function_ref<void(T *, int64_t)> init) {
  const kernels::Window &win = s.window;
  int64_t k = s.columnRows();
  int64_t plane = s.outPlane();
  bool depthwise = s.groupIn == 1;
  bool direct = !depthwise && s.isPointwise() && offset == T(0);
  // Output rows per band of the column matrix.
  int64_t band =
      std::clamp<int64_t>(kColumnBudget / std::max<int64_t>(1, k * win.outW), 1,
                          std::max<int64_t>(1, win.outH));
  std::vector<T> columns;
  if (!depthwise && !direct)
    columns.resize(static_cast<size_t>(k * band * win.outW));
  for (int64_t n = 0; n < s.batch; ++n) {
    for (int64_t g = 0; g < s.groups; ++g) {
      const T *xg = x + (n * s.inChannels + g * s.groupIn) * s.inPlane();
      const T *wg = w + g * s.groupOut * k;
      T *yg = y + (n * s.outChannels + g * s.groupOut) * plane;
      init(yg, g * s.groupOut);
      if (depthwise) {
        for (int64_t f = 0; f < s.groupOut; ++f)
          kernels::depthwise(win, xg, offset, wg + f * k, yg + f * plane);
        continue;
      }
      if (direct) {
        kernels::gemm(s.groupOut, plane, k, wg, k, xg, plane, yg, plane);
        continue;
      }
      for (int64_t oh = 0; oh < win.outH; oh += band) {
        int64_t ohEnd = std::min(win.outH, oh + band);
        int64_t width = (ohEnd - oh) * win.outW;
        kernels::im2col(win, xg, offset, T(0), oh, ohEnd, columns.data());
        kernels::gemm(s.groupOut, width, k, wg, k, columns.data(), width,
                      yg + oh * win.outW, plane);
      }
    }
  }
}

/// Float and weight-only: y = b + sum x * w (weights dequantized), then the
/// activation.
static LogicalResult evaluateFloat(Conv2DOp op, const ConvShape &s,
                                   ValueLookup get, Results &results) {
  const HostTensor &x = *get(op.getInput());
  FailureOr<std::vector<float>> w = dequantizeTensor(op, *get(op.getWeight()));
  if (failed(w))
    return failure();
  const float *bias =
      op.getBias() ? get(op.getBias())->getFloats().data() : nullptr;
  HostTensor &y = results.emplace_back(op.getOutput().getType());
  int64_t plane = s.outPlane();
  convolve<float>(s, x.getFloats().data(), 0.0f, w->data(),
                  y.getFloats().data(), [&](float *out, int64_t f0) {
                    if (!bias)
                      return;
                    for (int64_t f = 0; f < s.groupOut; ++f)
                      std::fill(out + f * plane, out + (f + 1) * plane,
                                bias[f0 + f]);
                  });
  FloatActivation(op.getActivationAttr()).apply(y.getFloats());
  return success();
}

/// Static INT8: acc = q_b + sum (q_x - z_x) * q_w in i32, then
/// q_y = clamp(rne(float(acc) * M_f) + z_y) with M_f = s_x * s_w[f] / s_y.
static LogicalResult evaluateQuantized(Conv2DOp op, const ConvShape &s,
                                       ValueLookup get, Results &results) {
  const HostTensor &x = *get(op.getInput());
  const HostTensor &w = *get(op.getWeight());
  FailureOr<QuantInfo> xInfo = getQuantInfoOrError(op, x.getType());
  FailureOr<QuantInfo> wInfo = getQuantInfoOrError(op, w.getType());
  FailureOr<QuantInfo> yInfo = getQuantInfoOrError(op, op.getType());
  if (failed(xInfo) || failed(wInfo) || failed(yInfo))
    return failure();
  const int32_t *bias =
      op.getBias() ? get(op.getBias())->getInts().data() : nullptr;
  HostTensor &y = results.emplace_back(op.getOutput().getType());
  int64_t plane = s.outPlane();
  int32_t *acc = y.getInts().data();
  convolve<int32_t>(s, x.getInts().data(), -xInfo->zeroPoints[0],
                    w.getInts().data(), acc, [&](int32_t *out, int64_t f0) {
                      if (!bias)
                        return;
                      for (int64_t f = 0; f < s.groupOut; ++f)
                        std::fill(out + f * plane, out + (f + 1) * plane,
                                  bias[f0 + f]);
                    });

  float sOut = yInfo->scales[0];
  int32_t zOut = yInfo->zeroPoints[0];
  auto [lo, hi] = getActivationStorageRange(op.getActivationAttr(), *yInfo);
  for (int64_t n = 0; n < s.batch; ++n) {
    for (int64_t f = 0; f < s.outChannels; ++f) {
      float sW = wInfo->scales[wInfo->isPerTensor() ? 0 : f];
      float m = numerics::computeMultiplier(xInfo->scales[0], sW, sOut);
      int32_t *row = acc + (n * s.outChannels + f) * plane;
      for (int64_t i = 0; i < plane; ++i)
        row[i] = numerics::requantize(row[i], m, zOut, lo, hi);
    }
  }
  return success();
}

LogicalResult mlir::qnn::evaluate(Conv2DOp op, ValueLookup get,
                                  Results &results) {
  ConvShape shape = getConvShape(op);
  if (op.getInput().getType().getElementType().isF32())
    return evaluateFloat(op, shape, get, results);
  return evaluateQuantized(op, shape, get, results);
}
