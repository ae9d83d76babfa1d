//===- Statistics.cpp - calibration statistics as #qnn.stats --------------===//

#include "qnn/Calibration/Statistics.h"

using namespace mlir;
using namespace mlir::qnn;

StatsAttr mlir::qnn::toStatsAttr(MLIRContext *context,
                                 const CalibrationStats &stats) {
  if (!stats.hasHistogram())
    return StatsAttr::get(context, stats.min, stats.max);
  return StatsAttr::get(context, stats.min, stats.max, stats.rangeLo,
                        stats.rangeHi, stats.bins);
}

CalibrationStats mlir::qnn::fromStatsAttr(StatsAttr stats) {
  ArrayRef<int64_t> bins = stats.getBins();
  return {stats.getMinValue(), stats.getMaxValue(), stats.getRangeLoValue(),
          stats.getRangeHiValue(),
          std::vector<int64_t>(bins.begin(), bins.end())};
}

StatsAttr mlir::qnn::scaleStats(StatsAttr stats, double factor) {
  return toStatsAttr(stats.getContext(),
                     scaleStats(fromStatsAttr(stats), factor));
}

StatsAttr mlir::qnn::mergeStats(MLIRContext *context,
                                ArrayRef<StatsAttr> parts) {
  std::vector<CalibrationStats> values;
  values.reserve(parts.size());
  for (StatsAttr part : parts)
    values.push_back(fromStatsAttr(part));
  return toStatsAttr(context, mergeStats(values));
}
