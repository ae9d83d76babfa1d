//===- Statistics.h - streaming statistics of one tensor --------*- C++ -*-===//
//
// What calibration records per observed tensor: the running minimum and
// maximum and a fixed-size histogram, updated one sample at a time so that
// memory depends on the number of tensors, never on the number of samples.
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

#ifndef QNN_CALIBRATION_STATISTICS_H
#define QNN_CALIBRATION_STATISTICS_H

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include <vector>

namespace mlir::qnn {

class TensorStatistics {
public:
  static constexpr int64_t kNumBins = 2048;

  /// Adds the values of one sample. Values must be finite (the caller
  /// rejects NaN / Inf with a message naming the sample).
  void update(llvm::ArrayRef<float> values);

  bool empty() const { return count == 0; }
  int64_t getCount() const { return count; }
  double getMin() const { return min; }
  double getMax() const { return max; }
  double getRangeLo() const { return lo; }
  double getRangeHi() const { return hi; }
  llvm::ArrayRef<int64_t> getBins() const { return bins; }

  /// The statistics as an attribute (empty statistics: min = max = 0).
  StatsAttr toAttr(MLIRContext *context) const;

private:
  /// Doubles the range until it contains [newMin, newMax].
  void growTo(double newMin, double newMax);

  int64_t count = 0;
  double min = 0, max = 0, lo = 0, hi = 0;
  std::vector<int64_t> bins;
};

/// The statistics of `factor * x` given those of `x` (`factor > 0`): the
/// bounds scale, the counts stay. Exact.
StatsAttr scaleStats(StatsAttr stats, double factor);

/// The statistics of the concatenation of tensors with statistics `parts`:
/// exact minimum and maximum; when every part has a histogram, one with as
/// many bins as the largest part's, over the union of their ranges, in which
/// each source bin's count lands in the bin holding its centre (so a value
/// moves by at most one target bin width).
StatsAttr mergeStats(MLIRContext *context, llvm::ArrayRef<StatsAttr> parts);

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_STATISTICS_H
