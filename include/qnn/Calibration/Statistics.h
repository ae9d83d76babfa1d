//===- Statistics.h - calibration statistics as #qnn.stats ------*- C++ -*-===//
//
// The MLIR side of TensorStatistics.h: converting the MLIR-free statistics
// to and from the `#qnn.stats` attribute, and the scale / merge rules on
// attributes the passes use (qnn-equalize-concat-ranges). The rules
// themselves live, once, in TensorStatistics.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CALIBRATION_STATISTICS_H
#define QNN_CALIBRATION_STATISTICS_H

#include "qnn/Calibration/TensorStatistics.h"
#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "llvm/ADT/ArrayRef.h"

namespace mlir::qnn {

/// `stats` as an attribute: min and max, plus the histogram when it has one.
StatsAttr toStatsAttr(MLIRContext *context, const CalibrationStats &stats);
/// The attribute's values (bins empty when it has no histogram).
CalibrationStats fromStatsAttr(StatsAttr stats);

/// The statistics of `factor * x` given those of `x` (`factor > 0`): the
/// CalibrationStats rule of TensorStatistics.h on the attribute.
StatsAttr scaleStats(StatsAttr stats, double factor);

/// The statistics of the concatenation of tensors with statistics `parts`:
/// the CalibrationStats rule of TensorStatistics.h on attributes.
StatsAttr mergeStats(MLIRContext *context, llvm::ArrayRef<StatsAttr> parts);

} // namespace mlir::qnn

#endif // QNN_CALIBRATION_STATISTICS_H
