//===- EvalNormalization.cpp - batch_norm, softmax, layer_norm ------------===//
//
// Float only. Sums run in f32 in index order.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

// y = (x - mean[c]) / sqrt(var[c] + eps) * scale[c] + bias[c].
LogicalResult mlir::qnn::evaluate(BatchNormOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  ArrayRef<float> scale = get(op.getScale())->getFloats();
  ArrayRef<float> bias = get(op.getBias())->getFloats();
  ArrayRef<float> mean = get(op.getMean())->getFloats();
  ArrayRef<float> var = get(op.getVariance())->getFloats();
  float eps = op.getEpsilon().convertToFloat();
  ArrayRef<int64_t> shape = x.getShape();
  int64_t channels = shape[1];
  int64_t inner = 1;
  for (int64_t d = 2, e = shape.size(); d < e; ++d)
    inner *= shape[d];
  HostTensor &y = results.emplace_back(op.getType());
  const float *in = x.getFloats().data();
  float *out = y.getFloats().data();
  for (int64_t n = 0; n < shape[0]; ++n) {
    for (int64_t c = 0; c < channels; ++c) {
      float m = mean[c], g = scale[c], b = bias[c];
      float stddev = std::sqrt(var[c] + eps);
      int64_t base = (n * channels + c) * inner;
      for (int64_t i = base; i < base + inner; ++i)
        out[i] = (in[i] - m) / stddev * g + b;
    }
  }
  return success();
}

/// Splits a shape around `axis` into outer x size x inner.
static void splitAround(ArrayRef<int64_t> shape, int64_t axis, int64_t &outer,
                        int64_t &size, int64_t &inner) {
  outer = 1;
  inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  size = shape[axis];
  for (int64_t d = axis + 1, e = shape.size(); d < e; ++d)
    inner *= shape[d];
}

// y = exp(x - max) / sum(exp(x - max)) along the axis.
LogicalResult mlir::qnn::evaluate(SoftmaxOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  int64_t rank = x.getShape().size();
  int64_t axis = normalizeAxis(op.getAxis(), rank).value_or(0);
  int64_t outer, size, inner;
  splitAround(x.getShape(), axis, outer, size, inner);
  HostTensor &y = results.emplace_back(op.getType());
  const float *in = x.getFloats().data();
  float *out = y.getFloats().data();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const float *xs = in + o * size * inner + i;
      float *ys = out + o * size * inner + i;
      float maxValue = -std::numeric_limits<float>::infinity();
      for (int64_t j = 0; j < size; ++j)
        maxValue = xs[j * inner] > maxValue ? xs[j * inner] : maxValue;
      float sum = 0.0f;
      for (int64_t j = 0; j < size; ++j) {
        ys[j * inner] = std::exp(xs[j * inner] - maxValue);
        sum += ys[j * inner];
      }
      for (int64_t j = 0; j < size; ++j)
        ys[j * inner] /= sum;
    }
  }
  return success();
}

// y = (x - mean) / sqrt(var + eps) * scale + bias over dimensions
// [axis, rank), var biased.
LogicalResult mlir::qnn::evaluate(LayerNormOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &x = *get(op.getInput());
  ArrayRef<float> scale = get(op.getScale())->getFloats();
  const float *bias =
      op.getBias() ? get(op.getBias())->getFloats().data() : nullptr;
  int64_t rank = x.getShape().size();
  int64_t axis = normalizeAxis(op.getAxis(), rank).value_or(0);
  int64_t groups = 1, size = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < axis ? groups : size) *= x.getShape()[d];
  float eps = op.getEpsilon().convertToFloat();
  HostTensor &y = results.emplace_back(op.getType());
  for (int64_t g = 0; g < groups; ++g) {
    const float *in = x.getFloats().data() + g * size;
    float *out = y.getFloats().data() + g * size;
    float sum = 0.0f;
    for (int64_t i = 0; i < size; ++i)
      sum += in[i];
    float mean = sum / static_cast<float>(size);
    float squares = 0.0f;
    for (int64_t i = 0; i < size; ++i) {
      float d = in[i] - mean;
      squares += d * d;
    }
    float stddev = std::sqrt(squares / static_cast<float>(size) + eps);
    for (int64_t i = 0; i < size; ++i) {
      float v = (in[i] - mean) / stddev * scale[i];
      out[i] = bias ? v + bias[i] : v;
    }
  }
  return success();
}
