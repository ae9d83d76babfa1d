//===- EmitNumerics.h - the numerics rules as arith / math ops --*- C++ -*-===//
//
// The back end of QuantNumerics.h that emits IR: every operation of a rule
// becomes one `arith` or `math` op (no fastmath flags, so no contraction or
// reassociation), in the order the rule performs it. Instantiating a rule
// with `EmitArith` inside a linalg.generic body therefore makes generated
// code compute what the interpreter computes with `ScalarArith`, bit for bit.
//
//   numerics::EmitArith a(builder, loc);
//   Value q = numerics::quantize(a, x, a.constF32(scale), a.constI32(zp),
//                                qmin, qmax);
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QNNTOLINALG_EMITNUMERICS_H
#define QNN_CONVERSION_QNNTOLINALG_EMITNUMERICS_H

#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"

namespace mlir::qnn::numerics {

/// Emits scalar f32 / i32 ops (or, given vector operands, the same ops on
/// vectors: every op used is elementwise).
struct EmitArith {
  using F32 = Value;
  using I32 = Value;
  using Bool = Value;

  EmitArith(OpBuilder &builder, Location loc) : b(builder), loc(loc) {}

  OpBuilder &getBuilder() { return b; }
  Location getLoc() const { return loc; }

  F32 constF32(float v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }
  I32 constI32(int32_t v) {
    return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
  }
  F32 addF(F32 x, F32 y) { return arith::AddFOp::create(b, loc, x, y); }
  F32 subF(F32 x, F32 y) { return arith::SubFOp::create(b, loc, x, y); }
  F32 mulF(F32 x, F32 y) { return arith::MulFOp::create(b, loc, x, y); }
  F32 divF(F32 x, F32 y) { return arith::DivFOp::create(b, loc, x, y); }
  F32 negF(F32 x) { return arith::NegFOp::create(b, loc, x); }
  F32 roundEven(F32 x) { return math::RoundEvenOp::create(b, loc, x); }
  F32 maxNum(F32 x, F32 y) { return arith::MaxNumFOp::create(b, loc, x, y); }
  F32 minNum(F32 x, F32 y) { return arith::MinNumFOp::create(b, loc, x, y); }
  F32 toF32(I32 x) {
    return arith::SIToFPOp::create(b, loc, withElement(x, b.getF32Type()), x);
  }
  I32 toI32(F32 x) {
    return arith::FPToSIOp::create(b, loc, withElement(x, b.getI32Type()), x);
  }
  I32 addI(I32 x, I32 y) { return arith::AddIOp::create(b, loc, x, y); }
  I32 subI(I32 x, I32 y) { return arith::SubIOp::create(b, loc, x, y); }
  I32 mulI(I32 x, I32 y) { return arith::MulIOp::create(b, loc, x, y); }
  Bool cmpOEq(F32 x, F32 y) { return cmpF(arith::CmpFPredicate::OEQ, x, y); }
  Bool cmpOLt(F32 x, F32 y) { return cmpF(arith::CmpFPredicate::OLT, x, y); }
  Bool cmpOGt(F32 x, F32 y) { return cmpF(arith::CmpFPredicate::OGT, x, y); }
  F32 selectF(Bool c, F32 x, F32 y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }

private:
  /// `value`'s type with element type `element` (scalar or vector).
  static Type withElement(Value value, Type element) {
    if (auto vector = dyn_cast<VectorType>(value.getType()))
      return vector.clone(element);
    return element;
  }
  Bool cmpF(arith::CmpFPredicate predicate, F32 x, F32 y) {
    return arith::CmpFOp::create(b, loc, predicate, x, y);
  }

  OpBuilder &b;
  Location loc;
};

} // namespace mlir::qnn::numerics

#endif // QNN_CONVERSION_QNNTOLINALG_EMITNUMERICS_H
