//===- StatisticsTest.cpp - calibration statistics as #qnn.stats ----------===//
//
// The adapters between the MLIR-free TensorStatistics (tested in
// test/unit/Support) and the #qnn.stats attribute.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/Statistics.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/MLIRContext.h"
#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::qnn;

namespace {

class StatsAttrTest : public ::testing::Test {
protected:
  StatsAttrTest() { context.loadDialect<QNNDialect>(); }
  MLIRContext context;
};

TEST_F(StatsAttrTest, AttributeRoundTrip) {
  TensorStatistics stats;
  stats.update({-1.0f, 2.0f});
  StatsAttr attr = toStatsAttr(&context, stats.getStats());
  EXPECT_EQ(attr.getMinValue(), -1.0);
  EXPECT_EQ(attr.getMaxValue(), 2.0);
  EXPECT_EQ(attr.getRangeLoValue(), -1.0);
  EXPECT_EQ(attr.getRangeHiValue(), 2.0);
  EXPECT_EQ(static_cast<int64_t>(attr.getBins().size()),
            TensorStatistics::kNumBins);
  CalibrationStats back = fromStatsAttr(attr);
  EXPECT_EQ(back.bins, stats.getBins());
  EXPECT_EQ(back.min, -1.0);
}

TEST_F(StatsAttrTest, EmptyStatisticsAreBoundsOnly) {
  StatsAttr attr = toStatsAttr(&context, TensorStatistics().getStats());
  EXPECT_FALSE(attr.hasHistogram());
  EXPECT_EQ(attr, StatsAttr::get(&context, 0.0, 0.0));
  EXPECT_FALSE(fromStatsAttr(attr).hasHistogram());
}

TEST_F(StatsAttrTest, ScaleAndMergeOnAttributes) {
  StatsAttr a = StatsAttr::get(&context, 0.0, 1.0, 0.0, 1.0, {1, 2, 3, 4});
  StatsAttr b = StatsAttr::get(&context, -2.0, 0.5, -2.0, 2.0, {5, 0, 0, 1});
  EXPECT_EQ(scaleStats(a, 2.0),
            StatsAttr::get(&context, 0.0, 2.0, 0.0, 2.0, {1, 2, 3, 4}));
  EXPECT_EQ(mergeStats(&context, {a, b}),
            StatsAttr::get(&context, -2.0, 1.0, -2.0, 2.0, {5, 0, 10, 1}));
  EXPECT_EQ(mergeStats(&context, {a, StatsAttr::get(&context, -3.0, 0.5)}),
            StatsAttr::get(&context, -3.0, 1.0));
}

} // namespace
