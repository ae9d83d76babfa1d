//===- EvalLSTM.cpp - qnn.lstm
//---------------------------------------------===//
//
// ONNX LSTM with the default activations, gate order i, o, f, c. Per step and
// direction:
//
//   g = ((X_t W^T + H_{t-1} R^T) + Wb) + Rb          (f32, in this order)
//   i = sigmoid(g_i), o = sigmoid(g_o), f = sigmoid(g_f), c = tanh(g_c)
//   C_t = f * C_{t-1} + i * c,  H_t = o * tanh(C_t)
//
// With quantized W and R (dynamic quantization) each product quantizes its
// left operand at run time: X_t (all of [B, I]) and H_{t-1} (all of [B, H])
// each go through DynamicQuantizeLinear, then the product is the dynamic
// fully_connected rule (dynamicProduct).
//
//===----------------------------------------------------------------------===//

#include "Eval.h"
#include "Kernels.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// One gate matrix (W or R) of one direction, laid out [K x 4H] for the
/// GEMM, in f32 or as quantized storage with its scales.
struct GateWeights {
  int64_t k = 0, n = 0;
  std::vector<float> floats;
  std::vector<int32_t> ints;
  std::vector<float> scales; // n, one per gate row
  bool quantized = false;

  /// y[B x n] = x[B x k] * this, y overwritten.
  void multiply(int64_t batch, const float *x, float *y) const {
    if (!quantized) {
      std::fill(y, y + batch * n, 0.0f);
      kernels::gemm(batch, n, k, x, k, floats.data(), n, y, n);
      return;
    }
    std::vector<int32_t> q(static_cast<size_t>(batch * k));
    float scale;
    int32_t zeroPoint;
    dynamicQuantize(x, batch * k, q.data(), scale, zeroPoint);
    dynamicProduct(batch, n, k, q.data(), scale, zeroPoint, ints.data(),
                   scales.data(), nullptr, y);
  }
};
} // namespace

/// Direction `d` of the [D, 4H, K] operand `w`, transposed to [K, 4H].
static FailureOr<GateWeights> getGateWeights(Operation *op, const HostTensor &w,
                                             int64_t d) {
  GateWeights g;
  ArrayRef<int64_t> shape = w.getShape();
  g.n = shape[1];
  g.k = shape[2];
  int64_t offset = d * g.n * g.k;
  if (w.isFloat()) {
    g.floats.resize(g.n * g.k);
    kernels::transpose(g.n, g.k, w.getFloats().data() + offset,
                       g.floats.data());
    return g;
  }
  FailureOr<QuantInfo> info = getQuantInfoOrError(op, w.getType());
  if (failed(info))
    return failure();
  g.quantized = true;
  g.ints.resize(g.n * g.k);
  kernels::transpose(g.n, g.k, w.getInts().data() + offset, g.ints.data());
  // Per tensor or per gate row (the verifier rejects blocked weights).
  g.scales.resize(g.n);
  for (int64_t j = 0; j < g.n; ++j)
    g.scales[j] = info->scales[info->paramIndex({d, j, 0})];
  return g;
}

static float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

LogicalResult mlir::qnn::evaluate(LSTMOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  const HostTensor &w = *get(op.getWeight());
  const HostTensor &r = *get(op.getRecurrence());
  const float *bias =
      op.getBias() ? get(op.getBias())->getFloats().data() : nullptr;
  const float *h0 =
      op.getInitialH() ? get(op.getInitialH())->getFloats().data() : nullptr;
  const float *c0 =
      op.getInitialC() ? get(op.getInitialC())->getFloats().data() : nullptr;
  int64_t seq = x.getShape()[0], batch = x.getShape()[1],
          features = x.getShape()[2];
  int64_t hidden = op.getHiddenSize();
  int64_t dirs = w.getShape()[0];
  int64_t gates = 4 * hidden, state = batch * hidden;

  results.reserve(3);
  HostTensor &y = results.emplace_back(op.getY().getType());
  HostTensor &yh = results.emplace_back(op.getYH().getType());
  HostTensor &yc = results.emplace_back(op.getYC().getType());

  std::vector<float> h(state), c(state), xw(batch * gates), hr(batch * gates);
  for (int64_t d = 0; d < dirs; ++d) {
    FailureOr<GateWeights> wg = getGateWeights(op, w, d);
    FailureOr<GateWeights> rg = getGateWeights(op, r, d);
    if (failed(wg) || failed(rg))
      return failure();
    bool reverse = op.getDirection() == LSTMDirection::reverse || d == 1;
    const float *wb = bias ? bias + d * 2 * gates : nullptr;
    const float *rb = bias ? bias + d * 2 * gates + gates : nullptr;
    if (h0)
      std::copy_n(h0 + d * state, state, h.begin());
    else
      std::fill(h.begin(), h.end(), 0.0f);
    if (c0)
      std::copy_n(c0 + d * state, state, c.begin());
    else
      std::fill(c.begin(), c.end(), 0.0f);

    for (int64_t step = 0; step < seq; ++step) {
      int64_t t = reverse ? seq - 1 - step : step;
      wg->multiply(batch, x.getFloats().data() + t * batch * features,
                   xw.data());
      rg->multiply(batch, h.data(), hr.data());
      for (int64_t b = 0; b < batch; ++b) {
        float *g = xw.data() + b * gates;
        const float *gh = hr.data() + b * gates;
        for (int64_t j = 0; j < gates; ++j) {
          float v = g[j] + gh[j];
          if (bias)
            v = (v + wb[j]) + rb[j];
          g[j] = v;
        }
        for (int64_t j = 0; j < hidden; ++j) {
          float i = sigmoid(g[j]);
          float o = sigmoid(g[hidden + j]);
          float f = sigmoid(g[2 * hidden + j]);
          float cc = std::tanh(g[3 * hidden + j]);
          float &cell = c[b * hidden + j];
          float keep = f * cell;
          float add = i * cc;
          cell = keep + add;
          h[b * hidden + j] = o * std::tanh(cell);
        }
      }
      std::copy(h.begin(), h.end(),
                y.getFloats().begin() + (t * dirs + d) * state);
    }
    std::copy(h.begin(), h.end(), yh.getFloats().begin() + d * state);
    std::copy(c.begin(), c.end(), yc.getFloats().begin() + d * state);
  }
  return success();
}
