//===- SvgBarChart.h - a bar chart as SVG text ------------------*- C++ -*-===//
//
// The per-layer SQNR plot of quant-run --compare --report-dir, written
// directly as SVG (a few hundred lines of text, viewable in any browser and
// in Markdown previews) instead of asking an external plotting library for
// a PNG. Plain C++, deterministic output: the same values give the same
// bytes, so reports can be diffed.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNNER_SVGBARCHART_H
#define QNN_RUNNER_SVGBARCHART_H

#include <string>
#include <vector>

namespace mlir::qnn {

struct BarChart {
  std::string title;
  std::string yLabel;
  /// One bar each, in order; a label longer than 40 characters is shortened
  /// on the axis (the bar's tooltip keeps it whole).
  std::vector<std::string> labels;
  /// Bar heights. A non-finite value (an exact tensor's +inf SQNR) is drawn
  /// to the end of the axis on its side, in another colour, and its tooltip
  /// says "inf" / "-inf".
  std::vector<double> values;
};

/// The chart as a standalone SVG document: the y axis from min(0, min) to
/// max(0, max) of the finite values, extended to round ticks (1, 2 or 5
/// times a power of ten), a grid line per tick, one bar per value from 0,
/// the labels rotated under the bars.
std::string renderSvgBarChart(const BarChart &chart);

} // namespace mlir::qnn

#endif // QNN_RUNNER_SVGBARCHART_H
