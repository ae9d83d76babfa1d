//===- CompareReport.h - the report of quant-run --compare ------*- C++ -*-===//

#ifndef QNN_RUNNER_COMPAREREPORT_H
#define QNN_RUNNER_COMPAREREPORT_H

#include "qnn/Runner/Compare.h"

#include "llvm/Support/Error.h"

namespace mlir::qnn {

/// The per-layer SQNR of `errors` as an SVG bar chart (SvgBarChart.h), one
/// bar per tensor in program order.
std::string renderSqnrChart(ArrayRef<TensorError> errors);

/// Creates `dir` and writes `dir`/report.md (the models' names, the plot and
/// a table of `errors`) and `dir`/sqnr.svg (renderSqnrChart).
llvm::Error writeCompareReport(llvm::StringRef dir,
                               llvm::StringRef floatModelFile,
                               llvm::StringRef quantModelFile,
                               ArrayRef<TensorError> errors);

} // namespace mlir::qnn

#endif // QNN_RUNNER_COMPAREREPORT_H
