//===- BufferTest.cpp - qnn::Buffer and element conversion ----------------===//

#include "qnn/Support/Buffer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

using namespace mlir::qnn;

namespace {

TEST(Buffer, ZeroFilledAlignedAndSized) {
  Buffer buffer(ElementKind::I16, {2, 3});
  EXPECT_EQ(buffer.getNumElements(), 6);
  EXPECT_EQ(buffer.getSizeInBytes(), 12u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.getRawData()) %
                Buffer::kAlignment,
            0u);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(buffer.getData<int16_t>()[i], 0);
}

TEST(Buffer, EmptyAndScalarShapes) {
  Buffer none;
  EXPECT_EQ(none.getNumElements(), 0);
  EXPECT_EQ(none.getShape(), std::vector<int64_t>({0}));
  Buffer scalar(ElementKind::F32, {});
  EXPECT_EQ(scalar.getNumElements(), 1);
  Buffer zero(ElementKind::F64, {4, 0});
  EXPECT_EQ(zero.getNumElements(), 0);
  EXPECT_EQ(zero.getSizeInBytes(), 0u);
}

TEST(Buffer, CopiesAreDeepMovesAreNot) {
  Buffer a(ElementKind::F32, {3});
  a.getData<float>()[1] = 2.5f;
  Buffer b = a;
  b.getData<float>()[1] = -1.0f;
  EXPECT_EQ(a.getData<float>()[1], 2.5f);
  const void *data = a.getRawData();
  Buffer c = std::move(a);
  EXPECT_EQ(c.getRawData(), data);
  EXPECT_EQ(c.getData<float>()[1], 2.5f);
  EXPECT_EQ(a.getNumElements(), 0);
}

TEST(Buffer, AllocateRejectsBadShapes) {
  Result<Buffer> negative = Buffer::allocate(ElementKind::U8, {2, -1});
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.getError(), "negative dimension -1");
  Result<Buffer> huge =
      Buffer::allocate(ElementKind::I64, {int64_t(1) << 40, int64_t(1) << 40});
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.getError(), "too many elements");
  Result<Buffer> ok = Buffer::allocate(ElementKind::I32, {5});
  ASSERT_TRUE(ok) << ok.getError();
  EXPECT_EQ(ok->getSizeInBytes(), 20u);
}

TEST(Buffer, ReshapeKeepsTheElementCount) {
  Buffer buffer(ElementKind::U8, {2, 6});
  EXPECT_TRUE(buffer.reshape({3, 4}));
  EXPECT_EQ(buffer.getShape(), std::vector<int64_t>({3, 4}));
  Status bad = buffer.reshape({5});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.getError(), "cannot reshape 12 elements to a shape of 5 "
                            "elements");
}

TEST(ConvertElements, IntegersWidenAndNarrowWithinRange) {
  Buffer u8(ElementKind::U8, {3});
  u8.getData<uint8_t>()[0] = 0;
  u8.getData<uint8_t>()[1] = 128;
  u8.getData<uint8_t>()[2] = 255;
  Result<Buffer> i32 = convertElements(u8, ElementKind::I32);
  ASSERT_TRUE(i32) << i32.getError();
  EXPECT_EQ(i32->getData<int32_t>()[2], 255);
  Result<Buffer> back = convertElements(*i32, ElementKind::U8);
  ASSERT_TRUE(back) << back.getError();
  EXPECT_EQ(back->getData<uint8_t>()[1], 128);
  // 128 does not fit in i8: the first offending value and where it is.
  Result<Buffer> i8 = convertElements(u8, ElementKind::I8);
  ASSERT_FALSE(i8);
  EXPECT_EQ(i8.getError(), "value 128 at element 1 does not fit in i8");
}

TEST(ConvertElements, RangeChecksAtTheLimits) {
  Buffer i64(ElementKind::I64, {4});
  int64_t *v = i64.getData<int64_t>();
  v[0] = std::numeric_limits<int32_t>::min();
  v[1] = std::numeric_limits<int32_t>::max();
  v[2] = -1;
  v[3] = 0;
  EXPECT_TRUE(convertElements(i64, ElementKind::I32));
  Result<Buffer> unsignedResult = convertElements(i64, ElementKind::U16);
  ASSERT_FALSE(unsignedResult);
  EXPECT_EQ(unsignedResult.getError(),
            "value -2147483648 at element 0 does not fit in u16");
  v[1] = int64_t(std::numeric_limits<int32_t>::max()) + 1;
  Result<Buffer> over = convertElements(i64, ElementKind::I32);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.getError(), "value 2147483648 at element 1 does not fit in "
                             "i32");
}

TEST(ConvertElements, FloatsConvertAmongThemselvesOnly) {
  Buffer f64(ElementKind::F64, {2});
  f64.getData<double>()[0] = 0.1;
  f64.getData<double>()[1] = -3.0;
  Result<Buffer> f32 = convertElements(f64, ElementKind::F32);
  ASSERT_TRUE(f32) << f32.getError();
  EXPECT_EQ(f32->getData<float>()[0], 0.1f);
  EXPECT_EQ(f32->getData<float>()[1], -3.0f);
  Result<Buffer> toInt = convertElements(f64, ElementKind::I32);
  ASSERT_FALSE(toInt);
  EXPECT_EQ(toInt.getError(), "cannot convert f64 to i32");
}

} // namespace
