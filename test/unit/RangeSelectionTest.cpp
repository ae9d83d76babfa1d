//===- RangeSelectionTest.cpp - calibration range methods -----------------===//

#include "qnn/Calibration/RangeSelection.h"
#include "qnn/Calibration/Statistics.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"

#include "mlir/IR/MLIRContext.h"
#include <cmath>
#include <gtest/gtest.h>
#include <random>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Mean squared u8 quantize-dequantize error of `data` under `range`.
double quantizationMSE(const std::vector<float> &data, RealRange range) {
  AffineParams p = computeAffineParams(range, 0, 255);
  double error = 0;
  for (float x : data) {
    double q = std::clamp<double>(std::nearbyint(x / p.scale) + p.zeroPoint, 0,
                                  255);
    double d = x - (q - p.zeroPoint) * p.scale;
    error += d * d;
  }
  return error / data.size();
}

class RangeSelectionTest : public ::testing::Test {
protected:
  void SetUp() override { context.loadDialect<QNNDialect>(); }

  /// Calibrates on `data` in samples of 1000 values.
  StatsAttr calibrate(const std::vector<float> &data) {
    TensorStatistics stats;
    for (size_t i = 0; i < data.size(); i += 1000)
      stats.update(ArrayRef<float>(data).slice(i, std::min<size_t>(1000, data.size() - i)));
    return stats.toAttr(&context);
  }

  MLIRContext context;
};

// A heavy-tailed activation (Laplace: exponential tails, so the extremes of
// 100k values lie far beyond where almost all the mass is): every clipping
// method must beat min-max on the real data.
TEST_F(RangeSelectionTest, ClippingMethodsBeatMinMaxOnHeavyTails) {
  std::mt19937 rng(42);
  std::exponential_distribution<float> magnitude(1.0f);
  std::bernoulli_distribution sign(0.5);
  std::vector<float> data(100000);
  for (float &x : data)
    x = sign(rng) ? magnitude(rng) : -magnitude(rng);
  StatsAttr stats = calibrate(data);

  double minmax =
      quantizationMSE(data, selectRange(stats, RangeMethod::MinMax, 0, 256));
  for (RangeMethod method :
       {RangeMethod::Percentile, RangeMethod::Entropy, RangeMethod::MSE}) {
    RealRange range = selectRange(stats, method, 99.99, 256);
    double mse = quantizationMSE(data, range);
    EXPECT_LT(mse, minmax) << "method " << static_cast<int>(method)
                           << " range [" << range.lo << ", " << range.hi << "]";
    EXPECT_LE(range.lo, 0.0);
    EXPECT_GE(range.hi, 0.0);
  }
}

// Non-negative data (after a relu): ranges start at 0.
TEST_F(RangeSelectionTest, NonNegativeDataKeepsZeroLowerBound) {
  std::mt19937 rng(7);
  std::exponential_distribution<float> dist(1.0f);
  std::vector<float> data(50000);
  for (float &x : data)
    x = dist(rng);
  StatsAttr stats = calibrate(data);
  for (RangeMethod method : {RangeMethod::MinMax, RangeMethod::Percentile,
                             RangeMethod::Entropy, RangeMethod::MSE}) {
    RealRange range = selectRange(stats, method, 99.9, 256);
    EXPECT_EQ(range.lo, 0.0);
    EXPECT_GT(range.hi, 0.0);
    EXPECT_LE(range.hi, stats.getMaxValue());
  }
}

TEST(AffineParams, ZeroIsExactlyRepresentable) {
  AffineParams p = computeAffineParams({-1.0, 3.0}, 0, 255);
  EXPECT_DOUBLE_EQ(p.scale, 4.0 / 255);
  EXPECT_EQ(p.zeroPoint, 64); // rne(255 / 4) = rne(63.75)
  AffineParams empty = computeAffineParams({0.0, 0.0}, 0, 255);
  EXPECT_EQ(empty.scale, 1.0);
  EXPECT_EQ(empty.zeroPoint, 0);
}

TEST(RangeMethod, Parse) {
  EXPECT_EQ(parseRangeMethod("entropy"), RangeMethod::Entropy);
  EXPECT_FALSE(parseRangeMethod("kl").has_value());
}

} // namespace
