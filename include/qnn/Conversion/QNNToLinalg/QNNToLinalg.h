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
#include "llvm/ADT/DenseMap.h"

namespace mlir::qnn {

/// Maps `!quant.uniform` element types (per tensor, per axis, blocked) to
/// their signless storage integer: u8 and i8 to i8, i4 to an i8 container
/// holding the sign-extended value, i32 to i32. The sign lives in the
/// quantized type the patterns read from the source op, not in the
/// converted value. Every other type is unchanged.
class QNNTypeConverter : public TypeConverter {
public:
  QNNTypeConverter();
};

/// quantize, dequantize, requantize, fake_quant, dynamic_quantize, and the
/// quant.scast / arith.constant of storage that weights are made of.
void populateQNNQuantOpsToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);

/// add, mul, sub, div, pow, sqrt, exp, tanh, sigmoid, relu, clamp.
void populateQNNElementwiseToLinalgPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns);

/// The name of the runtime function observers call (compiled calibration):
/// `void qnn_observe(int64_t id, memref<?xf32>)`, declared with
/// `llvm.emit_c_interface`, so native code calls
/// `_mlir_ciface_qnn_observe(int64_t, StridedMemRefType<float, 1> *)`.
inline constexpr llvm::StringLiteral kObserveFunctionName = "qnn_observe";

/// qnn.observe to a call of `kObserveFunctionName` with the observer's
/// index in `ids` (which must hold every observer) and the tensor flattened.
void populateQNNObserveToCallPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    const llvm::DenseMap<Operation *, int64_t> &ids);

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
