//===- QuantNumericsTest.cpp - the quantization rules, bit for bit --------===//
//
// The single place the rules of qnn/Dialect/QNN/Utils/QuantNumerics.h are
// tested: one test per rule, pinning results at ties, at saturation, for
// NaN and ±Inf, and where a different order of the same operations (a
// reciprocal instead of a division, an FMA, an f64 intermediate) would give
// other bits. The interpreter, the passes and generated code call these
// rules; their own tests check that they call them, not the arithmetic.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir::qnn;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::nanf("");

uint32_t bitsOf(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof(bits));
  return bits;
}

float fromBits(uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof(x));
  return x;
}

TEST(QuantNumericsTest, RoundHalfToEven) {
  EXPECT_EQ(numerics::roundHalfToEven(0.5f), 0.0f);
  EXPECT_EQ(numerics::roundHalfToEven(1.5f), 2.0f);
  EXPECT_EQ(numerics::roundHalfToEven(2.5f), 2.0f);
  EXPECT_EQ(numerics::roundHalfToEven(-1.5f), -2.0f);
  EXPECT_EQ(numerics::roundHalfToEven(-2.5f), -2.0f);
  // Just above a tie rounds up; -0.5 rounds to -0.
  EXPECT_EQ(numerics::roundHalfToEven(2.5000002f), 3.0f);
  EXPECT_EQ(bitsOf(numerics::roundHalfToEven(-0.5f)), bitsOf(-0.0f));
  // 2^23 + 0.5 does not exist in f32; every f32 >= 2^23 is an integer.
  EXPECT_EQ(numerics::roundHalfToEven(8388609.0f), 8388609.0f);
  EXPECT_EQ(numerics::roundHalfToEven(kInf), kInf);
  EXPECT_TRUE(std::isnan(numerics::roundHalfToEven(kNaN)));
}

TEST(QuantNumericsTest, SaturateToStorage) {
  // The zero point is added to the already rounded value, then clamped.
  EXPECT_EQ(numerics::saturateToStorage(3.0f, 128, 0, 255), 131);
  EXPECT_EQ(numerics::saturateToStorage(127.0f, 128, 0, 255), 255);
  EXPECT_EQ(numerics::saturateToStorage(128.0f, 128, 0, 255), 255);
  EXPECT_EQ(numerics::saturateToStorage(-129.0f, 128, 0, 255), 0);
  EXPECT_EQ(numerics::saturateToStorage(-7.0f, 0, -127, 127), -7);
  EXPECT_EQ(numerics::saturateToStorage(-200.0f, 0, -127, 127), -127);
  EXPECT_EQ(numerics::saturateToStorage(kInf, 5, 0, 255), 255);
  EXPECT_EQ(numerics::saturateToStorage(-kInf, 5, 0, 255), 0);
  EXPECT_EQ(numerics::saturateToStorage(3.0e38f, -3, -8, 7), 7);
  // NaN saturates to qmin (maxNum returns the lower bound).
  EXPECT_EQ(numerics::saturateToStorage(kNaN, 7, 0, 255), 0);
  EXPECT_EQ(numerics::saturateToStorage(kNaN, 0, -128, 127), -128);
  EXPECT_EQ(numerics::saturateToStorage(-0.0f, 9, 0, 255), 9);
}

TEST(QuantNumericsTest, SaturateIsTheExactClamp) {
  // The f32 form equals clamp(r + z) computed exactly, for every 8-bit and
  // 16-bit zero point and integer-valued r across and beyond the range.
  struct Storage {
    int32_t qmin, qmax;
  };
  for (Storage st : {Storage{0, 255}, Storage{-128, 127}, Storage{-127, 127},
                     Storage{-8, 7}, Storage{0, 65535},
                     Storage{-32768, 32767}}) {
    for (int32_t z = st.qmin; z <= st.qmax; z += st.qmax > 255 ? 257 : 1) {
      for (float r : {-1.0e9f, -70000.0f, -256.0f, -1.0f, 0.0f, 1.0f, 255.0f,
                      65535.0f, 1.0e9f}) {
        double exact = std::min<double>(
            std::max<double>(double(r) + z, st.qmin), st.qmax);
        EXPECT_EQ(numerics::saturateToStorage(r, z, st.qmin, st.qmax),
                  static_cast<int32_t>(exact))
            << "r " << r << " z " << z;
      }
    }
  }
}

TEST(QuantNumericsTest, Quantize) {
  // x / s = 0.5, 1.5, 2.5, -2.5 exactly: ties go to even.
  EXPECT_EQ(numerics::quantize(0.25f, 0.5f, 0, -128, 127), 0);
  EXPECT_EQ(numerics::quantize(0.75f, 0.5f, 0, -128, 127), 2);
  EXPECT_EQ(numerics::quantize(1.25f, 0.5f, 0, -128, 127), 2);
  EXPECT_EQ(numerics::quantize(-1.25f, 0.5f, 0, -128, 127), -2);
  // rne(2.5) + 3 = 5, not rne(5.5) = 6.
  EXPECT_EQ(numerics::quantize(1.25f, 0.5f, 3, -128, 127), 5);
  // One f32 division, not a multiplication by the reciprocal: 0.07 / 0.004
  // is 17.5 in f32 (-> 18), 0.07 * f32(1 / 0.004) is 17.499998 (-> 17).
  volatile float x = 0.07f, s = 0.004f;
  ASSERT_EQ(x / s, 17.5f);
  ASSERT_EQ(numerics::roundHalfToEven(x * (1.0f / s)), 17.0f);
  EXPECT_EQ(numerics::quantize(0.07f, 0.004f, 0, -128, 127), 18);
  // Saturation, narrow range, ±Inf, NaN.
  EXPECT_EQ(numerics::quantize(1000.0f, 0.1f, 0, -128, 127), 127);
  EXPECT_EQ(numerics::quantize(-1000.0f, 0.1f, 0, -128, 127), -128);
  EXPECT_EQ(numerics::quantize(-1000.0f, 0.1f, 0, -127, 127), -127);
  EXPECT_EQ(numerics::quantize(-0.1f, 0.1f, 0, 0, 255), 0);
  EXPECT_EQ(numerics::quantize(25.6f, 0.1f, 0, 0, 255), 255);
  EXPECT_EQ(numerics::quantize(kInf, 0.1f, 0, 0, 255), 255);
  EXPECT_EQ(numerics::quantize(-kInf, 0.1f, 0, 0, 255), 0);
  EXPECT_EQ(numerics::quantize(kNaN, 0.1f, 7, 0, 255), 0);
  // A denormal scale overflows x / s to Inf, which saturates.
  EXPECT_EQ(numerics::quantize(1.0f, 1.0e-45f, 0, -128, 127), 127);
}

TEST(QuantNumericsTest, Dequantize) {
  EXPECT_EQ(numerics::dequantize(130, 0.5f, 128), 1.0f);
  EXPECT_EQ(numerics::dequantize(-128, 0.25f, 0), -32.0f);
  EXPECT_EQ(numerics::dequantize(0, 0.1f, 255), -25.5f);
  // f32(q - z) * s, one rounding: 3 * 0.1f is 0.3f's neighbour.
  EXPECT_EQ(bitsOf(numerics::dequantize(3, 0.1f, 0)), bitsOf(3.0f * 0.1f));
  EXPECT_EQ(numerics::dequantize(INT32_MAX, 1.0f, -1), -2147483648.0f);
}

TEST(QuantNumericsTest, FakeQuantize) {
  EXPECT_EQ(numerics::fakeQuantize(0.26f, 0.1f, 128, 0, 255),
            numerics::dequantize(131, 0.1f, 128));
  EXPECT_EQ(numerics::fakeQuantize(100.0f, 0.1f, 128, 0, 255),
            numerics::dequantize(255, 0.1f, 128));
  EXPECT_EQ(numerics::fakeQuantize(kNaN, 0.1f, 128, 0, 255),
            numerics::dequantize(0, 0.1f, 128));
}

TEST(QuantNumericsTest, Requantize) {
  EXPECT_EQ(numerics::requantize(3, 0.5f, 0, -128, 127), 2);   // 1.5
  EXPECT_EQ(numerics::requantize(5, 0.5f, 0, -128, 127), 2);   // 2.5
  EXPECT_EQ(numerics::requantize(-5, 0.5f, 10, -128, 127), 8); // -2.5
  EXPECT_EQ(numerics::requantize(1 << 20, 0.5f, 0, -128, 127), 127);
  EXPECT_EQ(numerics::requantize(-(1 << 20), 0.5f, 0, 0, 255), 0);
  EXPECT_EQ(numerics::requantize(INT32_MIN, 1.0f, 0, 0, 255), 0);
  EXPECT_EQ(numerics::requantize(INT32_MAX, 1.0f, 0, 0, 255), 255);
  // f32(acc) rounds first (sitofp), then one f32 product: for
  // acc = 2^24 + 9 and M = f32(1/3) that gives 5592408, where the f64
  // product would give 5592409. Seen through a 16-bit range around it.
  volatile float third = 1.0f / 3.0f;
  EXPECT_EQ(numerics::requantize((1 << 24) + 9, third, -5592408 + 100,
                                 -32768, 32767),
            100);
  // A multiplier with a tie after the f32 product: 7 * 0.5 = 3.5 -> 4.
  EXPECT_EQ(numerics::requantize(7, 0.5f, 0, -128, 127), 4);
}

TEST(QuantNumericsTest, AddQuantized) {
  numerics::ScalarArith a;
  // (3 - 1) * 0.75 + (2 - 0) * 0.5 = 2.5 -> 2, + z_y 10.
  EXPECT_EQ(numerics::addQuantized(a, 3, 1, 0.75f, 2, 0, 0.5f, 10, 0, 255), 12);
  // Saturation and the fused-activation range as [qmin, qmax].
  EXPECT_EQ(numerics::addQuantized(a, 255, 0, 1.0f, 255, 0, 1.0f, 0, 0, 255),
            255);
  EXPECT_EQ(numerics::addQuantized(a, 0, 128, 1.0f, 0, 128, 1.0f, 128, 128,
                                   255),
            128);
  // Two products, then one add (no FMA): with m_a = 1 + 2^-12 and
  // q_a - z_a = 4097, the exact product 4097 + 4097 * 2^-12 needs more than
  // 24 bits; an FMA with p_b = -4098 would keep its low bits (0.000244...),
  // the rule rounds the product first to 4098 and gets 0.
  float ma = 1.0f + 1.0f / 4096;
  float pa = 4097.0f * ma;
  ASSERT_EQ(pa, 4098.0f);
  ASSERT_NE(std::fma(4097.0f, ma, -4098.0f), 0.0f);
  EXPECT_EQ(numerics::addQuantized(a, 4097, 0, ma, -4098, 0, 1.0f, 0, -128,
                                   127),
            0);
}

TEST(QuantNumericsTest, MulQuantized) {
  numerics::ScalarArith a;
  // (130 - 128) * (-5 - 0) = -10 in i32, * 0.25 = -2.5 -> -2, + 100.
  EXPECT_EQ(numerics::mulQuantized(a, 130, 128, -5, 0, 0.25f, 100, 0, 255),
            98);
  // The product of two 8-bit values is exact: 255 * 255.
  EXPECT_EQ(numerics::mulQuantized(a, 255, 0, 255, 0, 1.0f / 1024, 0, 0, 255),
            64); // 65025 / 1024 = 63.5 -> 64
}

TEST(QuantNumericsTest, DequantizeAccumulator) {
  numerics::ScalarArith a;
  // f32(acc) * (s_x * s_w), the scale product first: for s_x = 0.01,
  // s_w = 0.3 and acc = 3 this differs from (acc * s_x) * s_w.
  volatile float sx = 0.01f, sw = 0.3f;
  float rule = numerics::dequantizeAccumulator(a, 3, sx, sw);
  EXPECT_EQ(bitsOf(rule), bitsOf(3.0f * (sx * sw)));
  EXPECT_NE(bitsOf(rule), bitsOf((3.0f * sx) * sw));
}

TEST(QuantNumericsTest, ClampFloat) {
  EXPECT_EQ(numerics::clampFloat(-3.0f, 0.0f, 6.0f), 0.0f);
  EXPECT_EQ(numerics::clampFloat(7.0f, 0.0f, 6.0f), 6.0f);
  EXPECT_EQ(numerics::clampFloat(2.5f, 0.0f, 6.0f), 2.5f);
  EXPECT_EQ(numerics::clampFloat(kInf, 0.0f, kInf), kInf);
  EXPECT_EQ(numerics::clampFloat(-kInf, 0.0f, kInf), 0.0f);
  // NaN stays NaN; -0 keeps its sign against a +0 bound (as ONNX Relu).
  EXPECT_TRUE(std::isnan(numerics::clampFloat(kNaN, 0.0f, 6.0f)));
  EXPECT_EQ(bitsOf(numerics::clampFloat(-0.0f, 0.0f, kInf)), bitsOf(-0.0f));
}

TEST(QuantNumericsTest, DynamicQuantizationParams) {
  // The range always includes 0: all positive values give z = 0.
  float positive[] = {0.5f, 2.55f, 1.0f};
  auto [s1, z1] = numerics::dynamicQuantizationParams(positive, 3);
  EXPECT_EQ(s1, (2.55f - 0.0f) / 255.0f);
  EXPECT_EQ(z1, 0);
  // lo = -1, hi = 3: s = 4 / 255, z = rne(1 / s) = rne(63.75) = 64.
  float mixed[] = {-1.0f, 3.0f, 0.25f};
  auto [s2, z2] = numerics::dynamicQuantizationParams(mixed, 3);
  EXPECT_EQ(s2, 4.0f / 255.0f);
  EXPECT_EQ(z2, 64);
  // All zero (and empty): s = 1, z = 0.
  float zeros[] = {0.0f, -0.0f};
  auto [s3, z3] = numerics::dynamicQuantizationParams(zeros, 2);
  EXPECT_EQ(s3, 1.0f);
  EXPECT_EQ(z3, 0);
  auto [s4, z4] = numerics::dynamicQuantizationParams(zeros, 0);
  EXPECT_EQ(s4, 1.0f);
  EXPECT_EQ(z4, 0);
  // NaN elements do not enter the range.
  float withNaN[] = {kNaN, -1.0f, 3.0f};
  auto [s5, z5] = numerics::dynamicQuantizationParams(withNaN, 3);
  EXPECT_EQ(s5, s2);
  EXPECT_EQ(z5, z2);
  // All negative: z = 255.
  float negative[] = {-2.0f, -0.5f};
  EXPECT_EQ(numerics::dynamicQuantizationParams(negative, 2).second, 255);
  // +Inf makes the scale Inf; -lo / Inf = 0, so z = 0 (and every finite
  // value then quantizes to the zero point).
  float infinite[] = {-1.0f, kInf};
  auto [s6, z6] = numerics::dynamicQuantizationParams(infinite, 2);
  EXPECT_EQ(s6, kInf);
  EXPECT_EQ(z6, 0);
}

TEST(QuantNumericsTest, ComputeMultiplier) {
  // M = (f32(s_in) * f32(s_w)) * (1 / f32(s_out)), every step in f32. For
  // these scales it differs in the last bit from both the f64 quotient
  // rounded once and the f32 division (s_in * s_w) / s_out.
  double sIn = 0.1446, sW = 0.1055, sOut = 0.0627;
  float m = numerics::computeMultiplier(sIn, sW, sOut);
  float product = static_cast<float>(sIn) * static_cast<float>(sW);
  float reciprocal = 1.0f / static_cast<float>(sOut);
  EXPECT_EQ(m, product * reciprocal);
  EXPECT_EQ(bitsOf(m), 1048126787u);
  EXPECT_NE(m, static_cast<float>(sIn * sW / sOut));
  EXPECT_NE(m, product / static_cast<float>(sOut));
  // The single-input form.
  EXPECT_EQ(numerics::computeMultiplier(0.5, 0.25), 0.5f * (1.0f / 0.25f));
  EXPECT_EQ(bitsOf(numerics::computeMultiplier(0.1, 0.3)),
            bitsOf(0.1f * (1.0f / 0.3f)));
}

TEST(QuantNumericsTest, ComputeAveragingMultiplier) {
  EXPECT_EQ(numerics::computeAveragingMultiplier(0.05, 0.04, 9),
            0.05f * (1.0f / (0.04f * 9.0f)));
  // The count enters as an f32 product with s_out, not as a division of M.
  float m = numerics::computeAveragingMultiplier(0.0123, 0.0456, 49);
  EXPECT_EQ(bitsOf(m), bitsOf(0.0123f * (1.0f / (0.0456f * 49.0f))));
}

TEST(QuantNumericsTest, ActivationRange) {
  // relu6 on scale 0.05, z = 10: [quantize(0), quantize(6)] = [10, 130].
  auto [lo, hi] = numerics::activationRange(0.0f, 6.0f, 0.05f, 10, 0, 255);
  EXPECT_EQ(lo, 10);
  EXPECT_EQ(hi, 130);
  // Unbounded sides saturate to the storage range.
  auto [lo2, hi2] = numerics::activationRange(-kInf, kInf, 0.05f, 10, 0, 255);
  EXPECT_EQ(lo2, 0);
  EXPECT_EQ(hi2, 255);
  // A bound outside the representable range clamps too (relu with z = 300
  // is not representable; z = -20 on s8 gives -20).
  auto [lo3, hi3] = numerics::activationRange(0.0f, kInf, 0.1f, -20, -128, 127);
  EXPECT_EQ(lo3, -20);
  EXPECT_EQ(hi3, 127);
}

TEST(QuantNumericsTest, SymmetricWeightScale) {
  EXPECT_EQ(numerics::symmetricWeightScale(1.27, 127), 1.27 / 127);
  EXPECT_EQ(numerics::symmetricWeightScale(0.0, 127), 1.0);
  EXPECT_EQ(numerics::symmetricWeightScale(3.5, 7), 0.5);
}

TEST(QuantNumericsTest, QuantizeBias) {
  // b / (s_in * s_w) in f64, ties to even.
  EXPECT_EQ(numerics::quantizeBias(2.5f, 1.0, 1.0), 2);
  EXPECT_EQ(numerics::quantizeBias(3.5f, 1.0, 1.0), 4);
  EXPECT_EQ(numerics::quantizeBias(-2.5f, 1.0, 1.0), -2);
  // Kept to all 32 bits (f32 would round 2^24 + 1).
  EXPECT_EQ(numerics::quantizeBias(16777216.0f, 0.5, 1.0), 33554432);
  EXPECT_EQ(numerics::quantizeBias(1.0f, 1.0 / 16777217.0, 1.0), 16777217);
  // Saturation, ±Inf, NaN.
  EXPECT_EQ(numerics::quantizeBias(1.0e30f, 1.0e-10, 1.0), INT32_MAX);
  EXPECT_EQ(numerics::quantizeBias(-1.0e30f, 1.0e-10, 1.0), INT32_MIN);
  EXPECT_EQ(numerics::quantizeBias(kInf, 1.0, 1.0), INT32_MAX);
  EXPECT_EQ(numerics::quantizeBias(-kInf, 1.0, 1.0), INT32_MIN);
  EXPECT_EQ(numerics::quantizeBias(kNaN, 1.0, 1.0), 0);
}

TEST(QuantNumericsTest, ScalarArithWrapsAndConverts) {
  numerics::ScalarArith a;
  EXPECT_EQ(a.addI(INT32_MAX, 1), INT32_MIN);
  EXPECT_EQ(a.subI(INT32_MIN, 1), INT32_MAX);
  EXPECT_EQ(a.mulI(65536, 65536), 0);
  // sitofp rounds to nearest even: 2^24 + 1 -> 2^24, 2^24 + 3 -> 2^24 + 4.
  EXPECT_EQ(a.toF32((1 << 24) + 1), 16777216.0f);
  EXPECT_EQ(a.toF32((1 << 24) + 3), 16777220.0f);
  EXPECT_EQ(bitsOf(a.maxNum(kNaN, 1.0f)), bitsOf(1.0f));
  EXPECT_EQ(bitsOf(a.minNum(1.0f, kNaN)), bitsOf(1.0f));
  EXPECT_EQ(fromBits(bitsOf(a.negF(0.0f))), -0.0f);
}

} // namespace
