//===- QNNTraits.h - qnn op traits ------------------------------*- C++ -*-===//

#ifndef QNN_DIALECT_QNN_IR_QNNTRAITS_H
#define QNN_DIALECT_QNN_IR_QNNTRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace mlir::qnn::OpTrait {
namespace impl {
/// Checks each quantized operand and result type against its shape.
LogicalResult verifyQuantTypesMatchShapes(Operation *op);
/// Checks the op's element types against its family's rules (QNNLegality.h).
LogicalResult verifyLegalQuantizedTypes(Operation *op);
} // namespace impl

/// Every qnn op carries this trait: quantized element types must fit the
/// shape of the tensor that carries them (see QNNBase.td).
template <typename ConcreteType>
class QuantTypesMatchShapes
    : public ::mlir::OpTrait::TraitBase<ConcreteType, QuantTypesMatchShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return impl::verifyQuantTypesMatchShapes(op);
  }
};

/// Every qnn op carries this trait too: its quantized operands and results
/// are a combination the compiler lowers (see QNNBase.td).
template <typename ConcreteType>
class LegalQuantizedTypes
    : public ::mlir::OpTrait::TraitBase<ConcreteType, LegalQuantizedTypes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return impl::verifyLegalQuantizedTypes(op);
  }
};
// Marker traits: what an op is (QNNBase.td). They add no verification;
// test/unit/QNNOpTraitsTest.cpp checks the facts each one implies for every
// op that carries it.

/// Static quantization gives the result a scale of its own.
template <typename ConcreteType>
class QuantizedCompute
    : public ::mlir::OpTrait::TraitBase<ConcreteType, QuantizedCompute> {};

/// Quantized, the result keeps its data operand's (operand #0) scale.
template <typename ConcreteType>
class InheritsScale
    : public ::mlir::OpTrait::TraitBase<ConcreteType, InheritsScale> {};

/// Static quantization leaves the op in f32.
template <typename ConcreteType>
class StaysFloat : public ::mlir::OpTrait::TraitBase<ConcreteType, StaysFloat> {
};

/// Quantize, dequantize, requantize, fake_quant, dynamic_quantize, observe.
template <typename ConcreteType>
class QuantizationOp
    : public ::mlir::OpTrait::TraitBase<ConcreteType, QuantizationOp> {};

/// Elementwise after NumPy broadcasting of the operands to the result.
template <typename ConcreteType>
class ElementwiseOperator
    : public ::mlir::OpTrait::TraitBase<ConcreteType, ElementwiseOperator> {};

/// f(k * x) = k * f(x) for k > 0, x the data operand #0.
template <typename ConcreteType>
class PositivelyHomogeneous
    : public ::mlir::OpTrait::TraitBase<ConcreteType, PositivelyHomogeneous> {};

/// A 2-D window op on NCHW: result plane (n, c) reads input plane (n, c).
template <typename ConcreteType>
class Pool2D : public ::mlir::OpTrait::TraitBase<ConcreteType, Pool2D> {};
} // namespace mlir::qnn::OpTrait

#endif // QNN_DIALECT_QNN_IR_QNNTRAITS_H
