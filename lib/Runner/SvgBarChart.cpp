//===- SvgBarChart.cpp - a bar chart as SVG text --------------------------===//

#include "qnn/Runner/SvgBarChart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace mlir::qnn;

namespace {
// Layout, in SVG user units (pixels).
constexpr double kLeft = 64, kRight = 16, kTop = 48, kPlotHeight = 260;
constexpr double kBarWidth = 16, kBarStep = 22;
constexpr double kCharWidth = 6.2; // of an 11 px sans-serif label, roughly
constexpr size_t kMaxLabel = 40;
constexpr int kTargetTicks = 5;
} // namespace

/// `text` with the five XML special characters escaped.
static std::string escape(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// `value` printed with printf `format` (one number).
static std::string number(const char *format, double value) {
  char text[64];
  std::snprintf(text, sizeof(text), format, value);
  return text;
}

/// The tick step for a span: 1, 2 or 5 times a power of ten, giving about
/// kTargetTicks intervals.
static double niceStep(double span) {
  double raw = span / kTargetTicks;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0})
    if (raw <= factor * power)
      return factor * power;
  return 10.0 * power;
}

std::string mlir::qnn::renderSvgBarChart(const BarChart &chart) {
  size_t n = std::min(chart.labels.size(), chart.values.size());
  double lo = 0, hi = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(chart.values[i]))
      continue;
    lo = std::min(lo, chart.values[i]);
    hi = std::max(hi, chart.values[i]);
  }
  if (!(hi > lo))
    hi = lo + 1;
  double step = niceStep(hi - lo);
  double axisLo = std::floor(lo / step) * step;
  double axisHi = std::ceil(hi / step) * step;
  auto yOf = [&](double v) {
    return kTop + kPlotHeight * (axisHi - v) / (axisHi - axisLo);
  };

  std::vector<std::string> shown(n);
  size_t longest = 0;
  for (size_t i = 0; i < n; ++i) {
    shown[i] = chart.labels[i];
    if (shown[i].size() > kMaxLabel)
      shown[i] = shown[i].substr(0, kMaxLabel - 3) + "...";
    longest = std::max(longest, shown[i].size());
  }
  double width = std::max(360.0, kLeft + n * kBarStep + kRight);
  double height = kTop + kPlotHeight + 16 + longest * kCharWidth;
  double plotRight = width - kRight;

  std::string svg;
  auto line = [&](const std::string &text) { svg += text + "\n"; };
  std::string w = number("%.0f", width), h = number("%.0f", height);
  line("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w +
       "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
       "\" font-family=\"sans-serif\" font-size=\"11\">");
  line("<title>" + escape(chart.title) + "</title>");
  line("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
  line("<text x=\"" + number("%.1f", width / 2) +
       "\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">" +
       escape(chart.title) + "</text>");
  if (std::any_of(chart.values.begin(), chart.values.begin() + n,
                  [](double v) { return !std::isfinite(v); }))
    line("<text x=\"" + number("%.1f", width / 2) +
         "\" y=\"38\" text-anchor=\"middle\" font-size=\"10\" "
         "fill=\"#555555\">grey: not finite, drawn to the end of the "
         "axis</text>");
  // Grid and tick labels.
  int ticks = static_cast<int>(std::lround((axisHi - axisLo) / step));
  for (int t = 0; t <= ticks; ++t) {
    double v = axisLo + t * step;
    std::string y = number("%.1f", yOf(v));
    line("<line x1=\"" + number("%.1f", kLeft) + "\" x2=\"" +
         number("%.1f", plotRight) + "\" y1=\"" + y + "\" y2=\"" + y +
         "\" stroke=\"#dddddd\"/>");
    line("<text x=\"" + number("%.1f", kLeft - 6) + "\" y=\"" + y +
         "\" text-anchor=\"end\" dominant-baseline=\"middle\">" +
         number("%g", std::fabs(v) < step * 1e-9 ? 0.0 : v) + "</text>");
  }
  line("<text transform=\"translate(16 " +
       number("%.1f", kTop + kPlotHeight / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + escape(chart.yLabel) +
       "</text>");
  // Bars from 0, then the labels under the plot.
  double zero = yOf(0);
  for (size_t i = 0; i < n; ++i) {
    double v = chart.values[i];
    bool finite = std::isfinite(v);
    double end = finite ? yOf(v) : (v > 0 ? yOf(axisHi) : yOf(axisLo));
    double x = kLeft + i * kBarStep + (kBarStep - kBarWidth) / 2;
    std::string value = finite ? number("%.2f", v) : (v > 0 ? "inf" : "-inf");
    line("<rect class=\"bar\" x=\"" + number("%.1f", x) + "\" y=\"" +
         number("%.2f", std::min(zero, end)) + "\" width=\"" +
         number("%.1f", kBarWidth) + "\" height=\"" +
         number("%.2f", std::fabs(end - zero)) + "\" fill=\"" +
         (finite ? "#4878a8" : "#9aa9b8") + "\"><title>" +
         escape(chart.labels[i]) + ": " + value + "</title></rect>");
    line("<text class=\"label\" transform=\"translate(" +
         number("%.1f", x + kBarWidth / 2) + " " +
         number("%.1f", kTop + kPlotHeight + 8) +
         ") rotate(-90)\" text-anchor=\"end\" dominant-baseline=\"middle\">" +
         escape(shown[i]) + "</text>");
  }
  std::string z = number("%.1f", zero);
  line("<line x1=\"" + number("%.1f", kLeft) + "\" x2=\"" +
       number("%.1f", plotRight) + "\" y1=\"" + z + "\" y2=\"" + z +
       "\" stroke=\"black\"/>");
  line("</svg>");
  return svg;
}
