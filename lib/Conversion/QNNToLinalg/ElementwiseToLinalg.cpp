//===- ElementwiseToLinalg.cpp - binary and unary elementwise ops ---------===//
//
// One linalg.generic per op over the NumPy broadcast of its operands. Float
// bodies are the interpreter's expressions (std::exp, std::tanh, std::pow
// become math ops that convert-math-to-libm turns into the same libm
// calls); quantized bodies are the numerics rules.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "qnn/Conversion/QNNToLinalg/QNNToLinalg.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;

/// The fused activation on an f32 value (numerics::clampFloat), or the
/// value itself when there is none.
static Value applyFloatActivation(numerics::EmitArith &a, Value value,
                                  ActivationAttr activation) {
  if (!activation)
    return value;
  auto [lo, hi] = getFloatActivationBounds(a, activation);
  return numerics::clampFloat(a, value, lo, hi);
}

namespace {

/// A float binary op, `fn(lhs, rhs)` then the fused activation if any.
template <typename OpTy>
struct FloatBinaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using Fn = Value (*)(numerics::EmitArith &, Value, Value);

  FloatBinaryLowering(const TypeConverter &converter, MLIRContext *context,
                      Fn fn)
      : OpConversionPattern<OpTy>(converter, context), fn(fn) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    if (!resultType.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not a float op");
    ActivationAttr activation;
    if constexpr (std::is_same_v<OpTy, AddOp> || std::is_same_v<OpTy, MulOp>)
      activation = op.getActivationAttr();
    Value result = buildBroadcastGeneric(
        rewriter, op.getLoc(), resultType,
        ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location l, ValueRange args) {
          numerics::EmitArith a(b, l);
          return applyFloatActivation(a, fn(a, args[0], args[1]), activation);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  Fn fn;
};

/// A float unary op.
template <typename OpTy> struct FloatUnaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using Fn = Value (*)(OpBuilder &, Location, Value);

  FloatUnaryLowering(const TypeConverter &converter, MLIRContext *context,
                     Fn fn)
      : OpConversionPattern<OpTy>(converter, context), fn(fn) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    Value result = buildBroadcastGeneric(
        rewriter, op.getLoc(), resultType, adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange args) {
          return fn(b, l, args[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  Fn fn;
};

/// Quantized add: numerics::addQuantized with M_x = computeMultiplier(s_x,
/// s_y), the result range narrowed by the fused activation.
/// Quantized mul: numerics::mulQuantized with M = computeMultiplier(s_a,
/// s_b, s_y).
template <typename OpTy>
struct QuantizedBinaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto lhsType = cast<RankedTensorType>(op.getLhs().getType());
    auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    FailureOr<QuantInfo> qa = getQuantInfo(lhsType);
    FailureOr<QuantInfo> qb = getQuantInfo(rhsType);
    FailureOr<QuantInfo> qy = getQuantInfo(outType);
    if (failed(qa) || failed(qb) || failed(qy))
      return rewriter.notifyMatchFailure(op, "not a quantized op");
    if (!qa->isPerTensor() || !qb->isPerTensor() || !qy->isPerTensor())
      return rewriter.notifyMatchFailure(op, "quantized per axis");
    std::pair<int32_t, int32_t> range =
        getActivationStorageRange(op.getActivationAttr(), *qy);
    int32_t lo = range.first, hi = range.second;
    float sa = qa->scales[0], sb = qb->scales[0], sy = qy->scales[0];
    int32_t za = qa->zeroPoints[0], zb = qb->zeroPoints[0];
    int32_t zy = qy->zeroPoints[0];
    auto resultType =
        cast<RankedTensorType>(this->getTypeConverter()->convertType(outType));
    Type storage = resultType.getElementType();
    Value result = buildBroadcastGeneric(
        rewriter, op.getLoc(), resultType,
        ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location l, ValueRange args) {
          numerics::EmitArith a(b, l);
          Value x = extendToI32(b, l, args[0], lhsType.getElementType());
          Value y = extendToI32(b, l, args[1], rhsType.getElementType());
          Value q;
          if constexpr (std::is_same_v<OpTy, AddOp>) {
            q = numerics::addQuantized(
                a, x, a.constI32(za),
                a.constF32(numerics::computeMultiplier(sa, sy)), y,
                a.constI32(zb), a.constF32(numerics::computeMultiplier(sb, sy)),
                a.constI32(zy), lo, hi);
          } else {
            q = numerics::mulQuantized(
                a, x, a.constI32(za), y, a.constI32(zb),
                a.constF32(numerics::computeMultiplier(sa, sb, sy)),
                a.constI32(zy), lo, hi);
          }
          return truncateToStorage(b, l, q, storage);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// relu and clamp. f32: numerics::clampFloat. Quantized (operand and result
/// share their type): `min(max(q, lo_q), hi_q)` in i32 where `lo_q`, `hi_q`
/// quantize the real bounds with the element's own parameters
/// (numerics::activationRange, emitted as the quantize rule so per-axis
/// types work too).
template <typename OpTy> struct ClampLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  static std::pair<float, float> getBounds(OpTy op) {
    if constexpr (std::is_same_v<OpTy, ClampOp>)
      return {op.getMin().convertToFloat(), op.getMax().convertToFloat()};
    return {0.0f, std::numeric_limits<float>::infinity()};
  }

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    std::pair<float, float> bounds = getBounds(op);
    float lo = bounds.first, hi = bounds.second;
    Location loc = op.getLoc();
    if (type.getElementType().isF32()) {
      Value result = buildBroadcastGeneric(
          rewriter, loc, type, adaptor.getInput(),
          [&](OpBuilder &b, Location l, ValueRange args) {
            numerics::EmitArith a(b, l);
            return numerics::clampFloat(a, args[0], a.constF32(lo),
                                        a.constF32(hi));
          });
      rewriter.replaceOp(op, result);
      return success();
    }
    FailureOr<ElementParams> params = ElementParams::get(type);
    if (failed(params))
      return rewriter.notifyMatchFailure(op, "neither f32 nor quantized");
    const QuantInfo &info = params->getInfo();
    auto resultType =
        cast<RankedTensorType>(this->getTypeConverter()->convertType(type));
    Type element = type.getElementType();
    Type storage = resultType.getElementType();
    auto clampStorage = [&](OpBuilder &b, Location l, Value x, Value qlo,
                            Value qhi) {
      Value q = extendToI32(b, l, x, element);
      q = arith::MaxSIOp::create(b, l, q, qlo);
      q = arith::MinSIOp::create(b, l, q, qhi);
      return truncateToStorage(b, l, q, storage);
    };
    Value result;
    if (info.isPerTensor()) {
      // The bounds are known at compile time.
      std::pair<int32_t, int32_t> range = numerics::activationRange(
          lo, hi, info.scales[0], info.zeroPoints[0], info.qmin, info.qmax);
      result =
          buildBroadcastGeneric(rewriter, loc, resultType, adaptor.getInput(),
                                [&](OpBuilder &b, Location l, ValueRange args) {
                                  numerics::EmitArith a(b, l);
                                  Value qlo = a.constI32(range.first);
                                  Value qhi = a.constI32(range.second);
                                  return clampStorage(b, l, args[0], qlo, qhi);
                                });
    } else {
      result = params->buildElementwise(
          rewriter, loc, adaptor.getInput(), resultType,
          [&](OpBuilder &b, Location l, Value x, Value scale, Value zp) {
            numerics::EmitArith a(b, l);
            Value qlo = numerics::quantize(a, a.constF32(lo), scale, zp,
                                           info.qmin, info.qmax);
            Value qhi = numerics::quantize(a, a.constF32(hi), scale, zp,
                                           info.qmin, info.qmax);
            return clampStorage(b, l, x, qlo, qhi);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::qnn::populateQNNElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  using A = numerics::EmitArith;
  patterns.add<FloatBinaryLowering<AddOp>>(
      converter, context, +[](A &a, Value x, Value y) { return a.addF(x, y); });
  patterns.add<FloatBinaryLowering<MulOp>>(
      converter, context, +[](A &a, Value x, Value y) { return a.mulF(x, y); });
  patterns.add<FloatBinaryLowering<SubOp>>(
      converter, context, +[](A &a, Value x, Value y) { return a.subF(x, y); });
  patterns.add<FloatBinaryLowering<DivOp>>(
      converter, context, +[](A &a, Value x, Value y) { return a.divF(x, y); });
  patterns.add<FloatBinaryLowering<PowOp>>(
      converter, context, +[](A &a, Value x, Value y) -> Value {
        return math::PowFOp::create(a.getBuilder(), a.getLoc(), x, y);
      });
  patterns.add<FloatUnaryLowering<SqrtOp>>(
      converter, context, +[](OpBuilder &b, Location l, Value x) -> Value {
        return math::SqrtOp::create(b, l, x);
      });
  patterns.add<FloatUnaryLowering<ExpOp>>(
      converter, context, +[](OpBuilder &b, Location l, Value x) -> Value {
        return math::ExpOp::create(b, l, x);
      });
  patterns.add<FloatUnaryLowering<TanhOp>>(
      converter, context, +[](OpBuilder &b, Location l, Value x) -> Value {
        return math::TanhOp::create(b, l, x);
      });
  // 1 / (1 + exp(-x)), as the interpreter writes it.
  patterns.add<FloatUnaryLowering<SigmoidOp>>(
      converter, context, +[](OpBuilder &b, Location l, Value x) -> Value {
        A a(b, l);
        Value e = math::ExpOp::create(b, l, a.negF(x));
        return a.divF(a.constF32(1.0f), a.addF(a.constF32(1.0f), e));
      });
  patterns.add<QuantizedBinaryLowering<AddOp>, QuantizedBinaryLowering<MulOp>,
               ClampLowering<ReluOp>, ClampLowering<ClampOp>>(converter,
                                                              context);
}
