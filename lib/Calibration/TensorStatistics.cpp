//===- TensorStatistics.cpp - streaming statistics of one tensor ----------===//

#include "qnn/Calibration/TensorStatistics.h"

#include <algorithm>

using namespace mlir::qnn;

void TensorStatistics::growTo(double newMin, double newMax) {
  while (newMax > hi || newMin < lo) {
    double width = hi - lo;
    bool up = newMax > hi;
    std::vector<int64_t> merged(kNumBins, 0);
    // The merged pairs fill the lower half when growing up, the upper half
    // when growing down.
    int64_t offset = up ? 0 : kNumBins / 2;
    for (int64_t i = 0; i < kNumBins; ++i)
      merged[offset + i / 2] += bins[i];
    bins = std::move(merged);
    if (up)
      hi = lo + 2 * width;
    else
      lo = hi - 2 * width;
  }
}

void TensorStatistics::update(const float *values, size_t size) {
  if (size == 0)
    return;
  auto [minIt, maxIt] = std::minmax_element(values, values + size);
  double sampleMin = *minIt, sampleMax = *maxIt;
  if (count == 0) {
    min = sampleMin;
    max = sampleMax;
    lo = std::min(0.0, sampleMin);
    hi = std::max(0.0, sampleMax);
    if (!(lo < hi))
      hi = lo + 1.0;
    bins.assign(kNumBins, 0);
  } else {
    min = std::min(min, sampleMin);
    max = std::max(max, sampleMax);
    growTo(sampleMin, sampleMax);
  }
  HistogramBinning binning(lo, hi, kNumBins);
  for (size_t i = 0; i < size; ++i)
    ++bins[binning.getBin(values[i])];
  count += static_cast<int64_t>(size);
}

CalibrationStats TensorStatistics::getStats() const {
  if (count == 0)
    return {};
  return {min, max, lo, hi, bins};
}

CalibrationStats mlir::qnn::scaleStats(const CalibrationStats &stats,
                                       double factor) {
  return {stats.min * factor, stats.max * factor, stats.rangeLo * factor,
          stats.rangeHi * factor, stats.bins};
}

CalibrationStats
mlir::qnn::mergeStats(const std::vector<CalibrationStats> &parts) {
  if (parts.empty())
    return {};
  CalibrationStats merged{parts.front().min,
                          parts.front().max,
                          parts.front().rangeLo,
                          parts.front().rangeHi,
                          {}};
  bool histograms = true;
  size_t numBins = 0;
  for (const CalibrationStats &part : parts) {
    merged.min = std::min(merged.min, part.min);
    merged.max = std::max(merged.max, part.max);
    merged.rangeLo = std::min(merged.rangeLo, part.rangeLo);
    merged.rangeHi = std::max(merged.rangeHi, part.rangeHi);
    histograms &= part.hasHistogram();
    numBins = std::max(numBins, part.bins.size());
  }
  if (!histograms || !(merged.rangeLo < merged.rangeHi))
    return {merged.min, merged.max, 0, 0, {}};
  merged.bins.assign(numBins, 0);
  HistogramBinning binning(merged.rangeLo, merged.rangeHi,
                           static_cast<int64_t>(numBins));
  for (const CalibrationStats &part : parts) {
    double width = (part.rangeHi - part.rangeLo) / part.bins.size();
    for (size_t i = 0, e = part.bins.size(); i < e; ++i) {
      double centre = part.rangeLo + (i + 0.5) * width;
      merged.bins[binning.getBin(centre)] += part.bins[i];
    }
  }
  return merged;
}
