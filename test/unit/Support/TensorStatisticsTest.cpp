//===- TensorStatisticsTest.cpp - calibration statistics, MLIR-free -------===//

#include "qnn/Calibration/TensorStatistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir::qnn;

namespace {

int64_t total(const std::vector<int64_t> &bins) {
  return std::accumulate(bins.begin(), bins.end(), int64_t(0));
}

TEST(TensorStatistics, FirstSampleSetsRangeIncludingZero) {
  TensorStatistics stats;
  stats.update({1.0f, 2.0f, 3.0f});
  EXPECT_EQ(stats.getMin(), 1.0);
  EXPECT_EQ(stats.getMax(), 3.0);
  EXPECT_EQ(stats.getRangeLo(), 0.0);
  EXPECT_EQ(stats.getRangeHi(), 3.0);
  EXPECT_EQ(total(stats.getBins()), 3);
  // 3.0 is the range end: it lands in the last bin.
  EXPECT_EQ(stats.getBins().back(), 1);
}

TEST(TensorStatistics, ConstantZeroSampleGetsUnitRange) {
  TensorStatistics stats;
  stats.update({0.0f, 0.0f});
  EXPECT_EQ(stats.getRangeLo(), 0.0);
  EXPECT_EQ(stats.getRangeHi(), 1.0);
  EXPECT_EQ(stats.getBins().front(), 2);
}

// Growing up doubles the width and merges bin pairs into the lower half:
// the counts of the old bins are kept exactly.
TEST(TensorStatistics, GrowingUpMergesPairsExactly) {
  TensorStatistics stats;
  std::vector<float> first;
  for (int i = 0; i < 4096; ++i)
    first.push_back(i / 4096.0f); // spread over [0, 1)
  stats.update(first);
  std::vector<int64_t> before = stats.getBins();
  stats.update({1.5f});
  EXPECT_EQ(stats.getRangeLo(), 0.0);
  EXPECT_DOUBLE_EQ(stats.getRangeHi(), 2.0 * (1.0 - 0.0) * (4095 / 4096.0));
  const std::vector<int64_t> &after = stats.getBins();
  constexpr int64_t n = TensorStatistics::kNumBins;
  for (int64_t i = 0; i < n / 2; ++i)
    EXPECT_EQ(after[i],
              before[2 * i] + before[2 * i + 1] +
                  (i == (int64_t)((1.5 - 0) * n / stats.getRangeHi()) ? 1 : 0));
  EXPECT_EQ(total(after), 4097);
}

TEST(TensorStatistics, GrowingDownKeepsUpperEnd) {
  TensorStatistics stats;
  stats.update({0.0f, 1.0f});
  stats.update({-3.0f});
  // [0, 1] -> [-1, 1] -> [-3, 1].
  EXPECT_EQ(stats.getRangeLo(), -3.0);
  EXPECT_EQ(stats.getRangeHi(), 1.0);
  EXPECT_EQ(stats.getMin(), -3.0);
  EXPECT_EQ(total(stats.getBins()), 3);
  EXPECT_EQ(stats.getBins().front(), 1);
  EXPECT_EQ(stats.getBins().back(), 1);
}

TEST(TensorStatistics, SameDataSameHistogramWhateverTheBatching) {
  std::vector<float> data;
  for (int i = 0; i < 1000; ++i)
    data.push_back(std::sin(i * 0.37f) * (1 + i % 7));
  TensorStatistics once, piecewise;
  once.update(data);
  for (size_t i = 0; i < data.size(); i += 100)
    piecewise.update(data.data() + i, 100);
  EXPECT_EQ(once.getMin(), piecewise.getMin());
  EXPECT_EQ(once.getMax(), piecewise.getMax());
  EXPECT_EQ(total(once.getBins()), total(piecewise.getBins()));
}

TEST(TensorStatistics, EmptyStatisticsHaveNoHistogram) {
  TensorStatistics stats;
  stats.update(nullptr, 0);
  EXPECT_TRUE(stats.empty());
  CalibrationStats stored = stats.getStats();
  EXPECT_EQ(stored.min, 0.0);
  EXPECT_EQ(stored.max, 0.0);
  EXPECT_FALSE(stored.hasHistogram());
  stats.update({-1.0f, 2.0f});
  stored = stats.getStats();
  EXPECT_EQ(stored.rangeLo, -1.0);
  EXPECT_EQ(stored.rangeHi, 2.0);
  EXPECT_EQ(static_cast<int64_t>(stored.bins.size()),
            TensorStatistics::kNumBins);
}

TEST(HistogramBinning, EdgesAndOutliers) {
  HistogramBinning binning(-1.0, 3.0, 4); // bins of width 1
  EXPECT_EQ(binning.getBin(-1.0), 0);
  EXPECT_EQ(binning.getBin(-0.001), 0);
  EXPECT_EQ(binning.getBin(0.0), 1);
  EXPECT_EQ(binning.getBin(2.999), 3);
  EXPECT_EQ(binning.getBin(3.0), 3); // the end is in the last bin
  EXPECT_EQ(binning.getBin(-50.0), 0);
  EXPECT_EQ(binning.getBin(1e300), 3);
  EXPECT_EQ(binning.getBin(std::nan("")), 0);
}

// The extremes are the elements std::minmax_element returns (the first
// smallest, the last largest), so a zero extreme keeps that element's sign.
TEST(TensorStatistics, ZeroExtremesKeepTheSignOfMinmaxElement) {
  auto isNegativeZero = [](double x) { return x == 0 && std::signbit(x); };
  TensorStatistics plusFirst, minusFirst, lastMax;
  plusFirst.update({0.0f, -0.0f, 1.0f});
  EXPECT_FALSE(isNegativeZero(plusFirst.getMin()));
  minusFirst.update({1.0f, -0.0f, 0.0f});
  EXPECT_TRUE(isNegativeZero(minusFirst.getMin()));
  lastMax.update({-1.0f, 0.0f, -0.0f, -2.0f});
  EXPECT_TRUE(isNegativeZero(lastMax.getMax()));
  EXPECT_EQ(lastMax.getMin(), -2.0);
}

// Large tensors are counted into interleaved copies of the histogram: the
// counts are those of binning each value on its own, with runs of one bin
// (a ReLU's zeros), values at the range ends and the growth of the range.
TEST(TensorStatistics, LargeTensorCountsEqualBinningEachValue) {
  std::vector<float> first, second;
  for (int i = 0; i < 50000; ++i)
    first.push_back(i % 3 ? 0.0f : std::sin(i * 0.37f) * 4);
  for (int i = 0; i < 30001; ++i)
    second.push_back(std::cos(i * 0.11f) * 9);
  TensorStatistics stats;
  stats.update(first);
  std::vector<int64_t> expected(TensorStatistics::kNumBins, 0);
  HistogramBinning binning(stats.getRangeLo(), stats.getRangeHi(),
                           TensorStatistics::kNumBins);
  for (float x : first)
    ++expected[binning.getBin(x)];
  EXPECT_EQ(stats.getBins(), expected);

  stats.update(second);
  TensorStatistics grown;
  grown.update(first);
  grown.update({*std::min_element(second.begin(), second.end()),
                *std::max_element(second.begin(), second.end())});
  expected = grown.getBins();
  HistogramBinning wider(grown.getRangeLo(), grown.getRangeHi(),
                         TensorStatistics::kNumBins);
  // `grown` counted the two extremes once more than `stats`.
  --expected[wider.getBin(*std::min_element(second.begin(), second.end()))];
  --expected[wider.getBin(*std::max_element(second.begin(), second.end()))];
  for (float x : second)
    ++expected[wider.getBin(x)];
  EXPECT_EQ(stats.getBins(), expected);
  EXPECT_EQ(total(stats.getBins()), 80001);
}

TEST(AllFinite, FindsNaNAndInfAnywhere) {
  std::vector<float> values(1001, 1.5f);
  EXPECT_TRUE(allFinite(values.data(), values.size()));
  EXPECT_TRUE(allFinite(values.data(), 0));
  for (float bad : {std::nanf(""), INFINITY, -INFINITY}) {
    for (size_t at : {size_t(0), size_t(517), size_t(1000)}) {
      std::vector<float> withBad = values;
      withBad[at] = bad;
      EXPECT_FALSE(allFinite(withBad.data(), withBad.size()));
    }
  }
  values[3] = std::numeric_limits<float>::max();
  values[4] = std::numeric_limits<float>::denorm_min();
  EXPECT_TRUE(allFinite(values.data(), values.size()));
}

TEST(MergeStats, UnionOfRangesCountsKept) {
  CalibrationStats a{0.0, 1.0, 0.0, 1.0, {1, 2, 3, 4}};
  CalibrationStats b{-2.0, 0.5, -2.0, 2.0, {5, 0, 0, 1}};
  CalibrationStats merged = mergeStats({a, b});
  EXPECT_EQ(merged.min, -2.0);
  EXPECT_EQ(merged.max, 1.0);
  EXPECT_EQ(merged.rangeLo, -2.0);
  EXPECT_EQ(merged.rangeHi, 2.0);
  // Bin centres: a's at 0.125, 0.375, 0.625, 0.875 all land in [0, 1);
  // b's at -1.5 and 1.5 in the first and last bins.
  EXPECT_EQ(merged.bins, std::vector<int64_t>({5, 0, 10, 1}));
}

TEST(MergeStats, WithoutHistogramsOnlyTheBounds) {
  CalibrationStats a{0.0, 1.0, 0.0, 1.0, {1, 2}};
  CalibrationStats b{-3.0, 0.5, 0.0, 0.0, {}};
  CalibrationStats merged = mergeStats({a, b});
  EXPECT_EQ(merged.min, -3.0);
  EXPECT_EQ(merged.max, 1.0);
  EXPECT_FALSE(merged.hasHistogram());
  EXPECT_FALSE(mergeStats({}).hasHistogram());
}

TEST(ScaleStats, BoundsScaleCountsStay) {
  CalibrationStats a{-1.0, 2.0, -1.0, 3.0, {4, 5}};
  CalibrationStats scaled = scaleStats(a, 0.5);
  EXPECT_EQ(scaled.min, -0.5);
  EXPECT_EQ(scaled.max, 1.0);
  EXPECT_EQ(scaled.rangeLo, -0.5);
  EXPECT_EQ(scaled.rangeHi, 1.5);
  EXPECT_EQ(scaled.bins, a.bins);
}

} // namespace
