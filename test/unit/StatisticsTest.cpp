//===- StatisticsTest.cpp - calibration statistics ------------------------===//

#include "qnn/Calibration/Statistics.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/MLIRContext.h"
#include <gtest/gtest.h>
#include <numeric>

using namespace mlir;
using namespace mlir::qnn;

namespace {

int64_t total(ArrayRef<int64_t> bins) {
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
  std::vector<int64_t> before(stats.getBins().begin(), stats.getBins().end());
  stats.update({1.5f});
  EXPECT_EQ(stats.getRangeLo(), 0.0);
  EXPECT_DOUBLE_EQ(stats.getRangeHi(), 2.0 * (1.0 - 0.0) * (4095 / 4096.0));
  ArrayRef<int64_t> after = stats.getBins();
  constexpr int64_t n = TensorStatistics::kNumBins;
  for (int64_t i = 0; i < n / 2; ++i)
    EXPECT_EQ(after[i], before[2 * i] + before[2 * i + 1] +
                            (i == (int64_t)((1.5 - 0) * n / stats.getRangeHi())
                                 ? 1
                                 : 0));
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
    piecewise.update(ArrayRef<float>(data).slice(i, 100));
  EXPECT_EQ(once.getMin(), piecewise.getMin());
  EXPECT_EQ(once.getMax(), piecewise.getMax());
  EXPECT_EQ(total(once.getBins()), total(piecewise.getBins()));
}

TEST(TensorStatistics, AttributeRoundTrip) {
  MLIRContext context;
  context.loadDialect<QNNDialect>();
  TensorStatistics stats;
  stats.update({-1.0f, 2.0f});
  StatsAttr attr = stats.toAttr(&context);
  EXPECT_EQ(attr.getMinValue(), -1.0);
  EXPECT_EQ(attr.getMaxValue(), 2.0);
  EXPECT_EQ(attr.getRangeLoValue(), -1.0);
  EXPECT_EQ(attr.getRangeHiValue(), 2.0);
  EXPECT_EQ(static_cast<int64_t>(attr.getBins().size()),
            TensorStatistics::kNumBins);
}

} // namespace
