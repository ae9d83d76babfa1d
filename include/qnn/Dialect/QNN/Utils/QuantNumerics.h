//===- QuantNumerics.h - the scalar quantization rules ----------*- C++ -*-===//
//
// The scalar formulas of DESIGN.md "Numerics", written once. The reference
// interpreter evaluates them element by element; a lowering that wants the
// same bits computes its constant multipliers with the same functions
// (computeMultiplier) and emits the same f32 operations in the same order.
// See docs/Rationale.md, "Interpreter numerics".
//
// Everything here is f32 arithmetic with round-to-nearest-even and no fused
// multiply-add (the interpreter is compiled with -ffp-contract=off).
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_UTILS_QUANTNUMERICS_H
#define QNN_DIALECT_QNN_UTILS_QUANTNUMERICS_H

#include <cstdint>

namespace mlir::qnn::numerics {

/// Round half to even (ties go to the even integer), independent of the
/// floating-point environment's rounding mode: llvm.roundeven.
inline float roundHalfToEven(float x) { return __builtin_roundevenf(x); }

/// `clamp(r + zp, qmin, qmax)` for an integer-valued f32 `r`, evaluated
/// exactly (in f64, where every f32 integer plus a 32-bit zero point is
/// exact), so that the clamp never compares against a rounded bound. NaN
/// saturates to `qmin`. For storage of at most 16 bits this equals the f32
/// computation `min(max(r, qmin - zp), qmax - zp) + zp`.
inline int32_t saturateToStorage(float r, int32_t zp, int32_t qmin,
                                 int32_t qmax) {
  double v = static_cast<double>(r) + static_cast<double>(zp);
  v = v >= static_cast<double>(qmin) ? v : static_cast<double>(qmin);
  v = v <= static_cast<double>(qmax) ? v : static_cast<double>(qmax);
  return static_cast<int32_t>(v);
}

/// quantize: `q = clamp(rne(x / s) + z, qmin, qmax)`, `x / s` one f32
/// division.
inline int32_t quantize(float x, float scale, int32_t zp, int32_t qmin,
                        int32_t qmax) {
  return saturateToStorage(roundHalfToEven(x / scale), zp, qmin, qmax);
}

/// dequantize: `x = float(q - z) * s` (the subtraction is exact in i32).
inline float dequantize(int32_t q, float scale, int32_t zp) {
  return static_cast<float>(q - zp) * scale;
}

/// Requantize an i32 accumulator (already relative to zero points):
/// `clamp(rne(float(acc) * M) + z_out, qmin, qmax)`, one f32 multiply.
inline int32_t requantize(int32_t acc, float multiplier, int32_t zpOut,
                          int32_t qmin, int32_t qmax) {
  return saturateToStorage(
      roundHalfToEven(static_cast<float>(acc) * multiplier), zpOut, qmin, qmax);
}

/// The f32 multiplier `M = s_in * s_w / s_out` of a requantization, the
/// oneDNN way: every scale is first rounded to f32, then
/// `M = (s_in * s_w) * (1 / s_out)` in f32, left to right (three roundings:
/// the product, the reciprocal, the final product). `sW = 1` gives the
/// single-input form `M = s_in * (1 / s_out)` used by requantize, add,
/// concat; averaging ops pass `sOut * count` as one f64 first rounded to f32
/// (see computeAveragingMultiplier).
inline float computeMultiplier(double sIn, double sW, double sOut) {
  float product = static_cast<float>(sIn) * static_cast<float>(sW);
  float reciprocal = 1.0f / static_cast<float>(sOut);
  return product * reciprocal;
}

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

} // namespace mlir::qnn::numerics

#endif // QNN_DIALECT_QNN_UTILS_QUANTNUMERICS_H
