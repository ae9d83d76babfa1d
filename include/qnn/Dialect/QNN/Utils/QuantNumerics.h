//===- QuantNumerics.h - the quantization arithmetic, written once -*- C++ -*-//
//
// The formulas of DESIGN.md "Numerics" and docs/Rationale.md "Numerics",
// each written once, as the sequence of f32 / i32 operations that computes
// it. The rules are templates over an arithmetic back end `A`:
//
//   * `ScalarArith` (below) evaluates them on C++ scalars: the reference
//     interpreter, the passes (constant folding, weight quantization,
//     activation bounds) and the tools call these;
//   * a lowering instantiates the same templates with a back end that emits
//     one `arith` / `math` op per call, so generated code performs the same
//     operations in the same order and matches the interpreter bit for bit.
//
// A back end provides the types `F32` and `I32` and these operations, each
// one IEEE-754 / two's-complement operation with round-to-nearest-even and
// no fusion (the interpreter is compiled with -ffp-contract=off):
//
//   F32 constF32(float)              I32 constI32(int32_t)
//   F32 addF(F32, F32)  subF  mulF  divF  negF(F32)
//   F32 roundEven(F32)               ties to even (llvm.roundeven)
//   F32 maxNum(F32, F32)  minNum     IEEE maxNum / minNum: a NaN operand
//                                    yields the other (arith.maxnumf)
//   F32 toF32(I32)                   signed conversion, rounded (sitofp)
//   I32 toI32(F32)                   truncation (fptosi); only ever applied
//                                    to integral values in range
//   I32 addI(I32, I32)  subI  mulI   wrap around modulo 2^32
//   Bool cmpOEq(F32, F32)  cmpOLt  cmpOGt   ordered compares (false on NaN)
//   F32 selectF(Bool, F32, F32)
//
// Scales and multipliers are compile-time constants except in dynamic
// quantization, where the activation's scale and zero point are computed at
// run time by `dynamicQuantizationParams`.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_QUANTNUMERICS_H
#define QNN_DIALECT_QNN_UTILS_QUANTNUMERICS_H

#include <cstdint>
#include <climits>
#include <utility>

namespace mlir::qnn::numerics {

//===----------------------------------------------------------------------===//
// The scalar back end
//===----------------------------------------------------------------------===//

/// Evaluates the rules on C++ scalars. Every member is one operation.
struct ScalarArith {
  using F32 = float;
  using I32 = int32_t;
  using Bool = bool;

  static F32 constF32(float v) { return v; }
  static I32 constI32(int32_t v) { return v; }
  static F32 addF(F32 a, F32 b) { return a + b; }
  static F32 subF(F32 a, F32 b) { return a - b; }
  static F32 mulF(F32 a, F32 b) { return a * b; }
  static F32 divF(F32 a, F32 b) { return a / b; }
  static F32 negF(F32 a) { return -a; }
  static F32 roundEven(F32 a) { return __builtin_roundevenf(a); }
  static F32 maxNum(F32 a, F32 b) { return __builtin_fmaxf(a, b); }
  static F32 minNum(F32 a, F32 b) { return __builtin_fminf(a, b); }
  static F32 toF32(I32 a) { return static_cast<float>(a); }
  static I32 toI32(F32 a) { return static_cast<int32_t>(a); }
  static I32 addI(I32 a, I32 b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) +
                                static_cast<uint32_t>(b));
  }
  static I32 subI(I32 a, I32 b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) -
                                static_cast<uint32_t>(b));
  }
  static I32 mulI(I32 a, I32 b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) *
                                static_cast<uint32_t>(b));
  }
  static Bool cmpOEq(F32 a, F32 b) { return a == b; }
  static Bool cmpOLt(F32 a, F32 b) { return a < b; }
  static Bool cmpOGt(F32 a, F32 b) { return a > b; }
  static F32 selectF(Bool c, F32 a, F32 b) { return c ? a : b; }
};

//===----------------------------------------------------------------------===//
// Element rules (generic over the back end)
//===----------------------------------------------------------------------===//

/// `clamp(r + z, qmin, qmax)` for an integer-valued f32 `r` (the output of a
/// roundEven), as
///   toI32(minNum(maxNum(r, f32(qmin - z)), f32(qmax - z))) + z.
/// The bounds `qmin - z` and `qmax - z` and every value between them are
/// exact in f32 for storage of at most 16 bits with |z| < 2^16 (the only
/// storage quantized tensors have, see the verifier), so this is the exact
/// clamp of the mathematical `r + z`; ±Inf saturate and NaN becomes `qmin`
/// (maxNum returns the bound).
template <typename A>
typename A::I32 saturate(A &a, typename A::F32 r, typename A::I32 zp,
                         int32_t qmin, int32_t qmax) {
  auto lo = a.toF32(a.subI(a.constI32(qmin), zp));
  auto hi = a.toF32(a.subI(a.constI32(qmax), zp));
  return a.addI(a.toI32(a.minNum(a.maxNum(r, lo), hi)), zp);
}

/// quantize (ONNX QuantizeLinear): `q = clamp(rne(x / s) + z, qmin, qmax)`,
/// `x / s` one f32 division (not a multiplication by 1/s).
template <typename A>
typename A::I32 quantize(A &a, typename A::F32 x, typename A::F32 scale,
                         typename A::I32 zp, int32_t qmin, int32_t qmax) {
  return saturate(a, a.roundEven(a.divF(x, scale)), zp, qmin, qmax);
}

/// dequantize (ONNX DequantizeLinear): `x = f32(q - z) * s`, the
/// subtraction exact in i32.
template <typename A>
typename A::F32 dequantize(A &a, typename A::I32 q, typename A::F32 scale,
                           typename A::I32 zp) {
  return a.mulF(a.toF32(a.subI(q, zp)), scale);
}

/// Requantize an i32 accumulator that is already relative to the zero
/// points: `clamp(rne(f32(acc) * M) + z_out, qmin, qmax)`, one f32 multiply
/// (conv2d, fully_connected, matmul, mul, requantize, concat, pools).
template <typename A>
typename A::I32 requantize(A &a, typename A::I32 acc, typename A::F32 m,
                           typename A::I32 zpOut, int32_t qmin, int32_t qmax) {
  return saturate(a, a.roundEven(a.mulF(a.toF32(acc), m)), zpOut, qmin, qmax);
}

/// Quantized add: `clamp(rne(f32(q_a - z_a) * M_a + f32(q_b - z_b) * M_b)
/// + z_y)` with `M_x = computeMultiplier(s_x, s_y)`: two f32 products, then
/// one f32 add (never an FMA).
template <typename A>
typename A::I32 addQuantized(A &a, typename A::I32 qa, typename A::I32 za,
                             typename A::F32 ma, typename A::I32 qb,
                             typename A::I32 zb, typename A::F32 mb,
                             typename A::I32 zy, int32_t qmin, int32_t qmax) {
  auto pa = a.mulF(a.toF32(a.subI(qa, za)), ma);
  auto pb = a.mulF(a.toF32(a.subI(qb, zb)), mb);
  return saturate(a, a.roundEven(a.addF(pa, pb)), zy, qmin, qmax);
}

/// Quantized mul: `requantize((q_a - z_a) * (q_b - z_b), M)` with
/// `M = computeMultiplier(s_a, s_b, s_y)`; the product is exact in i32 for
/// 8-bit operands.
template <typename A>
typename A::I32 mulQuantized(A &a, typename A::I32 qa, typename A::I32 za,
                             typename A::I32 qb, typename A::I32 zb,
                             typename A::F32 m, typename A::I32 zy,
                             int32_t qmin, int32_t qmax) {
  return requantize(a, a.mulI(a.subI(qa, za), a.subI(qb, zb)), m, zy, qmin,
                    qmax);
}

/// Dynamic INT8 (u8 activation x s8 weight, f32 result): one block's i32 sum
/// `acc` scaled to f32 as `f32(acc) * (s_x * s_w)`, the scale product one f32
/// multiply computed first. Blocks are added to the result in order of K,
/// the first block initializing it; the bias is added last.
template <typename A>
typename A::F32 dequantizeAccumulator(A &a, typename A::I32 acc,
                                      typename A::F32 sx, typename A::F32 sw) {
  return a.mulF(a.toF32(acc), a.mulF(sx, sw));
}

/// A fused activation (or clamp) on f32 values:
/// `v = x < lo ? lo : x; y = v > hi ? hi : v`. A NaN stays NaN, and a zero
/// keeps its sign (unlike maxNum / minNum), so float models keep ONNX's
/// Relu / Clip results exactly. Unbounded sides are ±Inf.
template <typename A>
typename A::F32 clampFloat(A &a, typename A::F32 x, typename A::F32 lo,
                           typename A::F32 hi) {
  auto v = a.selectF(a.cmpOLt(x, lo), lo, x);
  return a.selectF(a.cmpOGt(v, hi), hi, v);
}

//===----------------------------------------------------------------------===//
// Dynamic quantization (ONNX DynamicQuantizeLinear, u8)
//===----------------------------------------------------------------------===//

/// One step of the running range of dynamic quantization: `lo = min(lo, x)`
/// and `hi = max(hi, x)` starting from 0, so that 0 is exactly representable;
/// a NaN element leaves the range unchanged (minNum / maxNum).
template <typename A>
void updateDynamicRange(A &a, typename A::F32 x, typename A::F32 &lo,
                        typename A::F32 &hi) {
  lo = a.minNum(lo, x);
  hi = a.maxNum(hi, x);
}

/// The u8 parameters of a range [lo, hi] containing 0:
/// `s = hi == lo ? 1 : (hi - lo) / 255`, `z = clamp(rne(-lo / s), 0, 255)`.
template <typename A>
std::pair<typename A::F32, typename A::I32>
dynamicQuantizationParams(A &a, typename A::F32 lo, typename A::F32 hi) {
  auto scale =
      a.selectF(a.cmpOEq(hi, lo), a.constF32(1.0f),
                a.divF(a.subF(hi, lo), a.constF32(255.0f)));
  auto zp = saturate(a, a.roundEven(a.divF(a.negF(lo), scale)),
                     a.constI32(0), 0, 255);
  return {scale, zp};
}

//===----------------------------------------------------------------------===//
// Scalar conveniences (the interpreter's and the passes' entry points)
//===----------------------------------------------------------------------===//

/// Round half to even (ties go to the even integer), independent of the
/// floating-point environment's rounding mode: llvm.roundeven.
inline float roundHalfToEven(float x) { return ScalarArith::roundEven(x); }

inline int32_t saturateToStorage(float r, int32_t zp, int32_t qmin,
                                 int32_t qmax) {
  ScalarArith a;
  return saturate(a, r, zp, qmin, qmax);
}

inline int32_t quantize(float x, float scale, int32_t zp, int32_t qmin,
                        int32_t qmax) {
  ScalarArith a;
  return quantize(a, x, scale, zp, qmin, qmax);
}

inline float dequantize(int32_t q, float scale, int32_t zp) {
  ScalarArith a;
  return dequantize(a, q, scale, zp);
}

inline int32_t requantize(int32_t acc, float multiplier, int32_t zpOut,
                          int32_t qmin, int32_t qmax) {
  ScalarArith a;
  return requantize(a, acc, multiplier, zpOut, qmin, qmax);
}

inline float clampFloat(float x, float lo, float hi) {
  ScalarArith a;
  return clampFloat(a, x, lo, hi);
}

/// `dequantize(quantize(x))`: fake quantization (QAT / Q-DQ models).
inline float fakeQuantize(float x, float scale, int32_t zp, int32_t qmin,
                          int32_t qmax) {
  return dequantize(quantize(x, scale, zp, qmin, qmax), scale, zp);
}

//===----------------------------------------------------------------------===//
// Compile-time constants
//===----------------------------------------------------------------------===//

/// The f32 multiplier `M = s_in * s_w / s_out` of a requantization, the
/// oneDNN way: every scale is first rounded to f32, then
/// `M = (s_in * s_w) * (1 / s_out)` in f32, left to right (three roundings:
/// the product, the reciprocal, the final product). This order is the
/// definition; the interpreter, the passes and generated code all take `M`
/// from here.
inline float computeMultiplier(double sIn, double sW, double sOut) {
  float product = static_cast<float>(sIn) * static_cast<float>(sW);
  float reciprocal = 1.0f / static_cast<float>(sOut);
  return product * reciprocal;
}

/// The single-input form `M = f32(s_in) * (1 / f32(s_out))` (requantize,
/// add, concat operands, reshapes that change the scale).
inline float computeMultiplier(double sIn, double sOut) {
  return static_cast<float>(sIn) * (1.0f / static_cast<float>(sOut));
}

/// Averaging ops (avg_pool2d, global_avg_pool2d, reduce_mean) sum
/// `q - z_in` in i32 and requantize with `M = s_in / (s_out * count)`:
/// `M = f32(s_in) * (1 / (f32(s_out) * f32(count)))` in f32.
inline float computeAveragingMultiplier(double sIn, double sOut,
                                        int64_t count) {
  float denominator = static_cast<float>(sOut) * static_cast<float>(count);
  return static_cast<float>(sIn) * (1.0f / denominator);
}

/// The storage range `[lo, hi]` left by a fused activation (or a clamp op)
/// with real bounds `[minValue, maxValue]` on an output of scale `s` and zero
/// point `z`: `lo = quantize(minValue)`, `hi = quantize(maxValue)`, each
/// within `[qmin, qmax]`. An unbounded side passes ±Inf (or ±FLT_MAX), which
/// saturates to the storage bound. Clamping the requantized value to
/// `[lo, hi]` equals quantizing the clamped real value.
inline std::pair<int32_t, int32_t>
activationRange(float minValue, float maxValue, float scale, int32_t zp,
                int32_t qmin, int32_t qmax) {
  return {quantize(minValue, scale, zp, qmin, qmax),
          quantize(maxValue, scale, zp, qmin, qmax)};
}

/// The scale of symmetric weight quantization of a group (an output
/// channel, a block) whose largest magnitude is `maxAbs`:
/// `s = maxAbs / qmax` in f64, 1 for an all-zero group. The weights are then
/// `quantize(w, f32(s), 0, -qmax, qmax)` (narrow range, as vpdpbusd and sdot
/// want: no -128).
inline double symmetricWeightScale(double maxAbs, int32_t qmax) {
  return maxAbs > 0 ? maxAbs / qmax : 1.0;
}

/// An f32 bias quantized to i32 with scale `s_in * s_w`:
/// `clamp(rne(b / (s_in * s_w)), INT32_MIN, INT32_MAX)`, in f64 (the bias is
/// added to an exact i32 accumulator, so its value is kept to all 32 bits,
/// which f32 cannot hold). The scale product is the f64 one the bias type
/// records.
inline int32_t quantizeBias(float b, double sIn, double sW) {
  double q = __builtin_nearbyint(static_cast<double>(b) / (sIn * sW));
  // NaN fails both comparisons and becomes 0.
  if (!(q >= -2147483648.0))
    return q != q ? 0 : INT32_MIN;
  if (q > 2147483647.0)
    return INT32_MAX;
  return static_cast<int32_t>(q);
}

/// The u8 scale and zero point of dynamic quantization for the values
/// `x[0, count)` (see updateDynamicRange and dynamicQuantizationParams).
inline std::pair<float, int32_t> dynamicQuantizationParams(const float *x,
                                                           int64_t count) {
  ScalarArith a;
  float lo = 0.0f, hi = 0.0f;
  for (int64_t i = 0; i < count; ++i)
    updateDynamicRange(a, x[i], lo, hi);
  return dynamicQuantizationParams(a, lo, hi);
}

} // namespace mlir::qnn::numerics

#endif // QNN_DIALECT_QNN_UTILS_QUANTNUMERICS_H
