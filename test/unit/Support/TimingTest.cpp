//===- TimingTest.cpp - timing repeated runs ------------------------------===//

#include "qnn/Support/Timing.h"

#include <gtest/gtest.h>

using namespace mlir::qnn;

namespace {

TEST(Timing, MedianOfOddAndEvenCounts) {
  TimingSummary odd = summarizeTimes({5.0, 1.0, 3.0});
  EXPECT_EQ(odd.medianMs, 3.0);
  EXPECT_EQ(odd.minMs, 1.0);
  EXPECT_EQ(odd.maxMs, 5.0);
  EXPECT_EQ(odd.runs, 3u);
  TimingSummary even = summarizeTimes({4.0, 1.0, 100.0, 2.0});
  // One slow run does not move the median: (2 + 4) / 2.
  EXPECT_EQ(even.medianMs, 3.0);
  EXPECT_EQ(even.maxMs, 100.0);
  EXPECT_EQ(summarizeTimes({}).runs, 0u);
}

TEST(Timing, WarmupsAndRepeatsAreCounted) {
  int calls = 0;
  std::optional<TimingSummary> summary =
      timeRuns([&] { return ++calls > 0; }, 2, 5);
  ASSERT_TRUE(summary);
  EXPECT_EQ(calls, 7);
  EXPECT_EQ(summary->runs, 5u);
  EXPECT_LE(summary->minMs, summary->medianMs);
  EXPECT_LE(summary->medianMs, summary->maxMs);
  // Zero repeats still time one run.
  calls = 0;
  summary = timeRuns([&] { return ++calls > 0; }, 0, 0);
  ASSERT_TRUE(summary);
  EXPECT_EQ(calls, 1);
}

TEST(Timing, AFailedRunStops) {
  int calls = 0;
  EXPECT_FALSE(timeRuns([&] { return ++calls < 3; }, 1, 10));
  EXPECT_EQ(calls, 3);
}

TEST(Timing, Format) {
  TimingSummary summary;
  summary.medianMs = 1.23456;
  summary.minMs = 1.0;
  summary.maxMs = 2.5;
  summary.runs = 10;
  EXPECT_EQ(formatTiming(summary),
            "time: median 1.235 ms over 10 runs (min 1.000 ms, max 2.500 ms)");
}

} // namespace
