//===- RangeSelection.h - pick a quantization range from stats --*- C++ -*-===//
//
// From a tensor's calibration statistics (#qnn.stats: min, max and a
// histogram) to the real range [lo, hi] that its quantized type covers, and
// from that range to a scale and zero point. The methods:
//
// * minmax:     [min(0, min), max(0, max)];
// * percentile: the range holding all but (100 - p)% of the values, the
//               excess split between the tails in proportion to their mass;
// * entropy:    the clipping range minimizing KL(P || Q) between the
//               histogram P (outliers folded into the edge bins) and its
//               quantization Q to the type's levels (TensorRT's method),
//               with the bin holding 0 lowered to its neighbours' mean (0
//               is exact in every range, so a spike of zeros after a ReLU
//               must not steer the choice), among the candidates whose
//               expected squared error is no worse than min-max's;
// * mse:        the clipping range minimizing the expected squared error
//               of quantize-dequantize over the histogram.
//
// Entropy and MSE search a common set of candidate ranges: the minmax range
// shrunk towards 0 by factors a = k / 128, k = 1 .. 128, each end snapped
// outwards to a histogram bin boundary and kept within [min, max].
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_RANGESELECTION_H
#define QNN_CALIBRATION_RANGESELECTION_H

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace mlir::qnn {

enum class RangeMethod { MinMax, Percentile, Entropy, MSE };

/// Parses "minmax" | "percentile" | "entropy" | "mse".
std::optional<RangeMethod> parseRangeMethod(llvm::StringRef name);

struct RealRange {
  double lo = 0, hi = 0;
};

/// The range to quantize to for a type with `levels` levels (256 for u8),
/// always containing 0. `percentile` is used by RangeMethod::Percentile
/// (e.g. 99.99). Methods other than minmax need a histogram; without one
/// they fall back to minmax.
RealRange selectRange(StatsAttr stats, RangeMethod method, double percentile,
                      int64_t levels);

/// Asymmetric parameters for [lo, hi] (widened to contain 0) on storage
/// [qmin, qmax]: s = (hi - lo) / (qmax - qmin), z = clamp(rne(qmin - lo / s)).
/// The empty range [0, 0] gets s = 1 and z = clamp(0, qmin, qmax).
struct AffineParams {
  double scale = 1;
  int64_t zeroPoint = 0;
};
AffineParams computeAffineParams(RealRange range, int64_t qmin, int64_t qmax);

/// Expected squared quantize-dequantize error of the histogram in `stats`
/// under `params` on [qmin, qmax], each bin's mass placed at its center.
/// Used by the MSE search and by tests comparing methods.
double histogramQuantizationMSE(StatsAttr stats, AffineParams params,
                                int64_t qmin, int64_t qmax);

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_RANGESELECTION_H
