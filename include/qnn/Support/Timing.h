//===- Timing.h - time repeated runs ----------------------------*- C++ -*-===//
//
// How quant-run --time (and, later, the native model's benchmark) times a
// model: untimed warm-up runs, then timed runs on a monotonic clock,
// reported as the median with the minimum and maximum. The median, not the
// mean: one run preempted on a shared machine must not move the result.
// MLIR-free.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_TIMING_H
#define QNN_SUPPORT_TIMING_H

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mlir::qnn {

struct TimingSummary {
  double medianMs = 0, minMs = 0, maxMs = 0;
  size_t runs = 0;
};

/// The median (the mean of the two middle values for an even count),
/// minimum and maximum of `timesMs`; all zero for no times.
TimingSummary summarizeTimes(std::vector<double> timesMs);

/// Calls `run` `warmups` times, then max(1, `repeats`) times each timed
/// with std::chrono::steady_clock. Returns nothing as soon as a call
/// returns false (the call reported why).
std::optional<TimingSummary> timeRuns(const std::function<bool()> &run,
                                      unsigned warmups, unsigned repeats);

/// "time: median 1.234 ms over 10 runs (min 1.200 ms, max 1.500 ms)".
std::string formatTiming(const TimingSummary &summary);

} // namespace mlir::qnn

#endif // QNN_SUPPORT_TIMING_H
