//===- QNNToLinalg.h - qnn to linalg conversion patterns --------*- C++ -*-===//
//
// The patterns of `qnn-lower-to-linalg`, one populate function per op
// family (one source file each, as upstream's TosaToLinalg), and the type
// converter they share.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H
#define QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qnn {

/// Maps `!quant.uniform` element types (per tensor, per axis, blocked) to
/// their signless storage integer: u8 and i8 to i8, i4 to an i8 container
/// holding the sign-extended value, i32 to i32. The sign lives in the
/// quantized type the patterns read from the source op, not in the
/// converted value. Signed and unsigned integer tensors (the `ui8` storage
/// of qnn.dynamic_quantize) become signless. Every other type is unchanged.
class QNNTypeConverter : public TypeConverter {
public:
  QNNTypeConverter();
};

/// quantize, dequantize, requantize, fake_quant, and the quant.scast /
/// arith.constant of storage that weights are made of.
void populateQNNQuantOpsToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);

/// add, mul, sub, div, pow, sqrt, exp, tanh, sigmoid, relu, clamp.
void populateQNNElementwiseToLinalgPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns);

/// dynamic_quantize: a range reduction in element order, the parameters
/// computed once at run time, then an elementwise quantize.
void populateQNNDynamicQuantizeToLinalgPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns);

/// softmax, layer_norm, batch_norm: f32 reductions in index order, then
/// elementwise generics, as the interpreter computes them.
void populateQNNNormalizationToLinalgPatterns(const TypeConverter &converter,
                                              RewritePatternSet &patterns);

/// lstm, float and with dynamically quantized weights: an scf.for over time
/// steps per direction, each step gate products and one cell generic.
void populateQNNLSTMToLinalgPatterns(const TypeConverter &converter,
                                     RewritePatternSet &patterns);

/// Every qnn-to-linalg pattern, plus the function signature, call and return
/// conversions.
void populateQNNToLinalgConversionPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns);

/// The legality of `qnn-lower-to-linalg`: no qnn or quant op remains, and
/// function signatures hold no quantized type.
void configureQNNToLinalgTarget(ConversionTarget &target,
                                const TypeConverter &converter);

} // namespace mlir::qnn

#endif // QNN_CONVERSION_QNNTOLINALG_QNNTOLINALG_H
