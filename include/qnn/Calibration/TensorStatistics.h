//===- TensorStatistics.h - streaming statistics of one tensor --*- C++ -*-===//
//
// What calibration records per observed tensor: the running minimum and
// maximum and a fixed-size histogram, updated one sample at a time so that
// memory depends on the number of tensors, never on the number of samples.
// Plain C++17 without MLIR or LLVM, so that compiled models (observers
// lowered to runtime calls) can accumulate exactly what the interpreter
// does; Statistics.h converts to and from `#qnn.stats`.
//
// The histogram has kNumBins equal-width bins over [lo, hi]. Its range is
// set by the first sample ([min(0, min x), max(0, max x)], or [0, 1] when
// that is empty: quantized ranges always contain 0) and only ever grows by
// doubling its width, away from the side it already covers:
//
//   a value above hi:  [lo, hi] -> [lo, lo + 2 (hi - lo)], bins 2i, 2i+1 -> i
//   a value below lo:  [lo, hi] -> [hi - 2 (hi - lo), hi], bins merged likewise
//                      into the upper half
//
// Each new bin is exactly the union of two old ones, so merging loses no
// count and the result depends only on the data, in order.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_TENSORSTATISTICS_H
#define QNN_CALIBRATION_TENSORSTATISTICS_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlir::qnn {

/// The statistics of one tensor as `#qnn.stats` stores them: min and max
/// and, when `bins` is not empty, a histogram of `bins.size()` equal-width
/// bins over [rangeLo, rangeHi].
struct CalibrationStats {
  double min = 0, max = 0;
  double rangeLo = 0, rangeHi = 0;
  std::vector<int64_t> bins;

  bool hasHistogram() const { return !bins.empty(); }
};

/// The bin of `numBins` equal-width bins over [lo, hi] that counts x:
/// floor((x - lo) * (numBins / (hi - lo))), clamped to [0, numBins - 1] (hi
/// itself lands in the last bin, values beyond an end in its edge bin). The
/// one binning rule of the histogram, its merge and range selection.
class HistogramBinning {
public:
  /// `numBins` < 2^31.
  HistogramBinning(double lo, double hi, int64_t numBins)
      : lo(lo), scale(static_cast<double>(numBins) / (hi - lo)),
        lastPosition(static_cast<double>(numBins - 1)) {}

  int64_t getBin(double x) const {
    // Selects rather than branches, so that a loop over values vectorizes.
    double position = (x - lo) * scale;
    position = position >= 0 ? position : 0; // also NaN
    position = position >= lastPosition ? lastPosition : position;
    // Through int32 (bins are fewer than 2^31), which SSE2 converts to.
    return static_cast<int32_t>(position);
  }

private:
  double lo, scale, lastPosition;
};

/// Whether every value is finite (no NaN, no Inf): one pass over the bits,
/// which vectorizes (std::isfinite in a search loop does not).
bool allFinite(const float *values, size_t size);

class TensorStatistics {
public:
  static constexpr int64_t kNumBins = 2048;

  /// Adds the values of one sample. Values must be finite (the caller
  /// rejects NaN / Inf with a message naming the sample).
  void update(const float *values, size_t size);
  void update(const std::vector<float> &values) {
    update(values.data(), values.size());
  }

  bool empty() const { return count == 0; }
  int64_t getCount() const { return count; }
  double getMin() const { return min; }
  double getMax() const { return max; }
  double getRangeLo() const { return lo; }
  double getRangeHi() const { return hi; }
  const std::vector<int64_t> &getBins() const { return bins; }

  /// The statistics to store (empty statistics: min = max = 0, no
  /// histogram).
  CalibrationStats getStats() const;

private:
  /// Doubles the range until it contains [newMin, newMax].
  void growTo(double newMin, double newMax);
  /// Counts `values` in the bins of [lo, hi].
  void addToBins(const float *values, size_t size);

  int64_t count = 0;
  double min = 0, max = 0, lo = 0, hi = 0;
  std::vector<int64_t> bins;
};

/// The statistics of `factor * x` given those of `x` (`factor > 0`): the
/// bounds scale, the counts stay. Exact.
CalibrationStats scaleStats(const CalibrationStats &stats, double factor);

/// The statistics of the concatenation of tensors with statistics `parts`:
/// exact minimum and maximum; when every part has a histogram, one with as
/// many bins as the largest part's, over the union of their ranges, in which
/// each source bin's count lands in the bin holding its centre (so a value
/// moves by at most one target bin width).
CalibrationStats mergeStats(const std::vector<CalibrationStats> &parts);

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_TENSORSTATISTICS_H
