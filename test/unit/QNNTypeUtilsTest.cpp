//===- QNNTypeUtilsTest.cpp - tests of the qnn element-type queries -------===//

#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

class QNNTypeUtilsTest : public ::testing::Test {
protected:
  QNNTypeUtilsTest() { context.loadDialect<quant::QuantDialect>(); }

  /// Parses `text` as a type; fails the test when it does not parse.
  Type parse(llvm::StringRef text) {
    Type type = parseType(text, &context);
    EXPECT_TRUE(type) << "could not parse " << text.str();
    return type;
  }

  MLIRContext context;
};

using Shape = llvm::SmallVector<int64_t>;

//===----------------------------------------------------------------------===//
// broadcastShapes
//===----------------------------------------------------------------------===//

TEST(BroadcastShapesTest, EqualShapes) {
  EXPECT_EQ(broadcastShapes({2, 3}, {2, 3}), Shape({2, 3}));
}

TEST(BroadcastShapesTest, OnesStretch) {
  EXPECT_EQ(broadcastShapes({2, 1, 4}, {1, 3, 1}), Shape({2, 3, 4}));
}

TEST(BroadcastShapesTest, ShorterShapeIsLeftPadded) {
  EXPECT_EQ(broadcastShapes({2, 3, 4}, {4}), Shape({2, 3, 4}));
  EXPECT_EQ(broadcastShapes({3, 1}, {5, 2, 1, 7}), Shape({5, 2, 3, 7}));
}

TEST(BroadcastShapesTest, ScalarBroadcastsToAnything) {
  EXPECT_EQ(broadcastShapes({}, {5, 6}), Shape({5, 6}));
  EXPECT_EQ(broadcastShapes({5, 6}, {}), Shape({5, 6}));
  EXPECT_EQ(broadcastShapes({}, {}), Shape());
}

TEST(BroadcastShapesTest, ZeroSizedDimension) {
  EXPECT_EQ(broadcastShapes({0, 3}, {1, 3}), Shape({0, 3}));
  EXPECT_EQ(broadcastShapes({0}, {1}), Shape({0}));
}

TEST(BroadcastShapesTest, MismatchIsRejected) {
  EXPECT_EQ(broadcastShapes({2, 3}, {4}), std::nullopt);
  EXPECT_EQ(broadcastShapes({2, 3}, {3, 3}), std::nullopt);
  EXPECT_EQ(broadcastShapes({0}, {2}), std::nullopt);
}

TEST(BroadcastShapesTest, IsSymmetric) {
  Shape a = {4, 1, 6}, b = {5, 1};
  EXPECT_EQ(broadcastShapes(a, b), broadcastShapes(b, a));
}

//===----------------------------------------------------------------------===//
// normalizeAxis
//===----------------------------------------------------------------------===//

TEST(NormalizeAxisTest, NonNegativeAxisIsKept) {
  EXPECT_EQ(normalizeAxis(0, 4), 0);
  EXPECT_EQ(normalizeAxis(3, 4), 3);
}

TEST(NormalizeAxisTest, NegativeAxisCountsFromTheBack) {
  EXPECT_EQ(normalizeAxis(-1, 4), 3);
  EXPECT_EQ(normalizeAxis(-4, 4), 0);
}

TEST(NormalizeAxisTest, OutOfRangeIsRejected) {
  EXPECT_EQ(normalizeAxis(4, 4), std::nullopt);
  EXPECT_EQ(normalizeAxis(-5, 4), std::nullopt);
  EXPECT_EQ(normalizeAxis(0, 0), std::nullopt);
  EXPECT_EQ(normalizeAxis(-1, 0), std::nullopt);
}

//===----------------------------------------------------------------------===//
// Element-type queries
//===----------------------------------------------------------------------===//

TEST_F(QNNTypeUtilsTest, IsF32Tensor) {
  EXPECT_TRUE(isF32Tensor(parse("tensor<2x3xf32>")));
  EXPECT_TRUE(isF32Tensor(parse("f32")));
  EXPECT_FALSE(isF32Tensor(parse("tensor<2x3xf16>")));
  EXPECT_FALSE(isF32Tensor(parse("tensor<4x!quant.uniform<u8:f32, 0.5:3>>")));
}

TEST_F(QNNTypeUtilsTest, GetPerTensorType) {
  quant::UniformQuantizedType type =
      getPerTensorType(parse("tensor<4x!quant.uniform<u8:f32, 0.02:128>>"));
  ASSERT_TRUE(type);
  EXPECT_DOUBLE_EQ(type.getScale(), 0.02);
  EXPECT_EQ(type.getZeroPoint(), 128);
  EXPECT_FALSE(type.isSigned());
  EXPECT_TRUE(type.getExpressedType().isF32());

  // A bare element type works as well as a tensor of it.
  EXPECT_TRUE(getPerTensorType(parse("!quant.uniform<i8:f32, 0.5>")));

  EXPECT_FALSE(getPerTensorType(parse("tensor<4xf32>")));
  EXPECT_FALSE(getPerTensorType(
      parse("tensor<2x4x!quant.uniform<i8:f32:0, {0.1, 0.2}>>")));
}

TEST_F(QNNTypeUtilsTest, GetPerAxisType) {
  quant::UniformQuantizedPerAxisType type = getPerAxisType(
      parse("tensor<2x4x!quant.uniform<i8:f32:0, {0.1:1, 0.2:2}>>"));
  ASSERT_TRUE(type);
  EXPECT_EQ(type.getQuantizedDimension(), 0);
  ASSERT_EQ(type.getScales().size(), 2u);
  EXPECT_DOUBLE_EQ(type.getScales()[1], 0.2);
  EXPECT_EQ(type.getZeroPoints()[1], 2);

  EXPECT_FALSE(getPerAxisType(parse("tensor<4x!quant.uniform<u8:f32, 0.5>>")));
  EXPECT_FALSE(getPerAxisType(parse("tensor<4xf32>")));
}

TEST_F(QNNTypeUtilsTest, GetQuantElementType) {
  EXPECT_TRUE(getQuantElementType(parse("tensor<4x!quant.uniform<u8:f32, 0.5>>")));
  EXPECT_TRUE(getQuantElementType(
      parse("tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>")));
  EXPECT_FALSE(getQuantElementType(parse("tensor<4xf32>")));
  EXPECT_FALSE(getQuantElementType(parse("tensor<4xi8>")));
}

TEST_F(QNNTypeUtilsTest, HasZeroZeroPointsPerTensor) {
  EXPECT_TRUE(hasZeroZeroPoints(
      getQuantElementType(parse("!quant.uniform<i8:f32, 0.5>"))));
  EXPECT_TRUE(hasZeroZeroPoints(
      getQuantElementType(parse("!quant.uniform<i8:f32, 0.5:0>"))));
  EXPECT_FALSE(hasZeroZeroPoints(
      getQuantElementType(parse("!quant.uniform<u8:f32, 0.5:128>"))));
}

TEST_F(QNNTypeUtilsTest, HasZeroZeroPointsPerAxis) {
  EXPECT_TRUE(hasZeroZeroPoints(getQuantElementType(
      parse("!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>"))));
  EXPECT_FALSE(hasZeroZeroPoints(getQuantElementType(
      parse("!quant.uniform<i8:f32:0, {0.1:0, 0.2:1, 0.3:0}>"))));
}

TEST_F(QNNTypeUtilsTest, HasZeroZeroPointsSubChannel) {
  EXPECT_TRUE(hasZeroZeroPoints(getQuantElementType(
      parse("!quant.uniform<i8:f32:{0:1, 1:2}, {{2.0, 3.0}, {4.0, 5.0}}>"))));
  EXPECT_FALSE(hasZeroZeroPoints(getQuantElementType(parse(
      "!quant.uniform<i8:f32:{0:1, 1:2}, {{2.0:0, 3.0:0}, {4.0:0, 5.0:7}}>"))));
}

} // namespace
