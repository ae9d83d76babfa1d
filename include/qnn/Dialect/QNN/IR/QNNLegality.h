//===- QNNLegality.h - the quantized types qnn ops accept -------*- C++ -*-===//
//
// Which quantized element types each qnn op accepts, per operand role
// (activation, weight, bias, result): exactly the combinations the lowering
// to linalg / LLVM implements (x86 VNNI u8 x s8, NEON s8 x s8 with u8
// activations flipped in the kernel). docs/Rationale.md, "Which quantized
// types an op accepts", holds the table.
//
// One set of predicates serves two callers: the op verifiers report the
// broken rule through `emitError` (an op's emitOpError), and the
// quantization passes ask, with no `emitError`, whether a rewrite would be
// legal before they make it. Each predicate checks the element types only;
// shapes and attributes are the verifiers' (and, for per-axis and
// sub-channel types against their tensor, QuantTypesMatchShapes').
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNLEGALITY_H
#define QNN_DIALECT_QNN_IR_QNNLEGALITY_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/TypeRange.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::qnn {

/// Opens the diagnostic that reports a broken rule, e.g.
/// `[&] { return op->emitOpError(); }`. A null function asks silently.
using EmitErrorFn = llvm::function_ref<InFlightDiagnostic()>;

/// Any quantized type on a qnn op (operand, result, fake_quant's qtype):
/// its storage is u8, i8, i4 or i32, spelled as upstream's quant dialect
/// prints it: a signless integer, the sign given by the type's Signed flag
/// (`!quant.uniform<u8:f32, ...>`), never `ui8` / `si8`. `what` names the
/// value in the message ("operand #1", "qtype").
LogicalResult verifyStorageType(quant::QuantizedType type, StringRef what,
                                EmitErrorFn emitError = nullptr);

/// The element types of a conv2d, fully_connected or matmul, by role.
struct WeightedOpTypes {
  Type input;
  Type weight;
  /// Null when the op has none.
  Type bias;
  /// Both null unless the op is in its dynamic form.
  Type inputScale;
  Type inputZeroPoint;
  Type result;
  /// The weight axis of the output channels (per-axis weights).
  int64_t channelAxis;
  /// The weight axis summed over, along which a blocked INT4 weight has its
  /// blocks; -1 when the op takes no blocked weight (conv2d).
  int64_t contractionAxis;
  /// The weight is a weight, never an activation (conv2d, fully_connected):
  /// s8 and symmetric in every quantized form. A matmul's right-hand side
  /// may be an activation, which may be u8 and asymmetric per tensor.
  bool alwaysWeight;

  /// The roles of each op's operands (null for an absent optional one).
  static WeightedOpTypes conv2d(Type input, Type weight, Type bias,
                                Type result);
  static WeightedOpTypes fullyConnected(Type input, Type weight, Type bias,
                                        Type inputScale, Type inputZeroPoint,
                                        Type result);
  static WeightedOpTypes matmul(Type lhs, Type rhs, Type lhsScale,
                                Type lhsZeroPoint, Type result);
};

/// The four forms of a weighted op: float; weight-only (f32 input, bias
/// and result, s8 or blocked i4 weight); static INT8 (u8 / s8 input and
/// result per tensor, s8 weight per tensor or per output channel, i32 bias
/// at s_in * s_w); dynamic (the ui8 storage of qnn.dynamic_quantize with
/// its scale and zero point, s8 symmetric weight, f32 bias and result).
LogicalResult verifyWeightedOpTypes(const WeightedOpTypes &types,
                                    EmitErrorFn emitError = nullptr);

/// An LSTM's weight and recurrence: both f32, or both s8 symmetric per
/// tensor or per gate row (axis 1).
LogicalResult verifyLSTMTypes(Type weight, Type recurrence,
                              EmitErrorFn emitError = nullptr);

/// The element types `op` (any qnn op) would have with one type per operand
/// in `operandTypes` and per result in `resultTypes`, checked against its
/// op family's rules; passes give the types of a rewrite they consider,
/// verifiers the op's own. Float-only ops are left to their ODS
/// constraints.
LogicalResult verifyElementTypes(Operation *op, TypeRange operandTypes,
                                 TypeRange resultTypes,
                                 EmitErrorFn emitError = nullptr);

} // namespace mlir::qnn

#endif // QNN_DIALECT_QNN_IR_QNNLEGALITY_H
