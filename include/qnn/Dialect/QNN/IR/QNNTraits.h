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
} // namespace mlir::qnn::OpTrait

#endif // QNN_DIALECT_QNN_IR_QNNTRAITS_H
