//===- Statistics.cpp - streaming statistics of one tensor ----------------===//

#include "qnn/Calibration/Statistics.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
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

void TensorStatistics::update(ArrayRef<float> values) {
  if (values.empty())
    return;
  auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
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
  double scale = kNumBins / (hi - lo);
  for (float v : values) {
    auto bin = static_cast<int64_t>((v - lo) * scale);
    ++bins[std::clamp<int64_t>(bin, 0, kNumBins - 1)];
  }
  count += values.size();
}

StatsAttr TensorStatistics::toAttr(MLIRContext *context) const {
  if (count == 0)
    return StatsAttr::get(context, 0.0, 0.0);
  return StatsAttr::get(context, min, max, lo, hi, bins);
}

StatsAttr mlir::qnn::scaleStats(StatsAttr stats, double factor) {
  return StatsAttr::get(stats.getContext(), stats.getMinValue() * factor,
                        stats.getMaxValue() * factor,
                        stats.getRangeLoValue() * factor,
                        stats.getRangeHiValue() * factor, stats.getBins());
}

StatsAttr mlir::qnn::mergeStats(MLIRContext *context,
                                ArrayRef<StatsAttr> parts) {
  if (parts.empty())
    return StatsAttr::get(context, 0.0, 0.0);
  double min = parts.front().getMinValue(), max = parts.front().getMaxValue();
  double lo = parts.front().getRangeLoValue();
  double hi = parts.front().getRangeHiValue();
  bool histograms = true;
  for (StatsAttr part : parts) {
    min = std::min(min, part.getMinValue());
    max = std::max(max, part.getMaxValue());
    lo = std::min(lo, part.getRangeLoValue());
    hi = std::max(hi, part.getRangeHiValue());
    histograms &= part.hasHistogram();
  }
  if (!histograms || !(lo < hi))
    return StatsAttr::get(context, min, max);
  size_t numBins = 0;
  for (StatsAttr part : parts)
    numBins = std::max(numBins, part.getBins().size());
  std::vector<int64_t> bins(numBins, 0);
  double scale = numBins / (hi - lo);
  for (StatsAttr part : parts) {
    ArrayRef<int64_t> counts = part.getBins();
    double width =
        (part.getRangeHiValue() - part.getRangeLoValue()) / counts.size();
    for (size_t i = 0, e = counts.size(); i < e; ++i) {
      double centre = part.getRangeLoValue() + (i + 0.5) * width;
      auto bin = static_cast<int64_t>((centre - lo) * scale);
      bins[std::clamp<int64_t>(bin, 0, numBins - 1)] += counts[i];
    }
  }
  return StatsAttr::get(context, min, max, lo, hi, bins);
}
