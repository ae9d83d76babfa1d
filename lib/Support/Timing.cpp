//===- Timing.cpp - time repeated runs ------------------------------------===//

#include "qnn/Support/Timing.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace mlir::qnn;

TimingSummary mlir::qnn::summarizeTimes(std::vector<double> timesMs) {
  TimingSummary summary;
  size_t n = timesMs.size();
  if (n == 0)
    return summary;
  std::sort(timesMs.begin(), timesMs.end());
  summary.runs = n;
  summary.minMs = timesMs.front();
  summary.maxMs = timesMs.back();
  summary.medianMs =
      n % 2 ? timesMs[n / 2] : (timesMs[n / 2 - 1] + timesMs[n / 2]) / 2.0;
  return summary;
}

std::optional<TimingSummary>
mlir::qnn::timeRuns(const std::function<bool()> &run, unsigned warmups,
                    unsigned repeats) {
  for (unsigned i = 0; i < warmups; ++i)
    if (!run())
      return std::nullopt;
  std::vector<double> times;
  for (unsigned i = 0; i < std::max(1u, repeats); ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!run())
      return std::nullopt;
    auto end = std::chrono::steady_clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  return summarizeTimes(std::move(times));
}

std::string mlir::qnn::formatTiming(const TimingSummary &summary) {
  char text[160];
  std::snprintf(text, sizeof(text),
                "time: median %.3f ms over %zu runs (min %.3f ms, max %.3f ms)",
                summary.medianMs, summary.runs, summary.minMs, summary.maxMs);
  return text;
}
