//===- WeightedOpLowering.h - helpers of the conv / matmul lowering -------===//
//
// Private to lib/Conversion/QNNToLinalg: the building blocks of the
// conv2d, fully_connected and matmul lowerings (NNToLinalg.cpp): reductions
// and layout changes on tensors, the weight read as a compile-time
// constant, the zero-point term folded into the bias, and the epilogues of
// the static INT8 and float forms.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QNNTOLINALG_WEIGHTEDOPLOWERING_H
#define QNN_LIB_CONVERSION_QNNTOLINALG_WEIGHTEDOPLOWERING_H

#include "LoweringUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

namespace mlir::qnn {

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

/// The body of a reduction generic: the scalar block arguments of the
/// inputs and the accumulator in, the new accumulator out.
using ReductionBody =
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange, Value)>;

/// `linalg.generic` accumulating into `init` (read and written through
/// `outMap`) over loops of `iterators`, reading `inputs` through `maps`.
/// Lowered to loops, it iterates in loop order, the last loop innermost.
Value buildReduction(OpBuilder &b, Location loc, Value init, ValueRange inputs,
                     ArrayRef<AffineMap> maps, AffineMap outMap,
                     ArrayRef<utils::IteratorType> iterators,
                     ReductionBody body);

/// A tensor of `shape` filled with zero.
Value buildZeros(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                 Type element);

/// `value` (indexed by the results of `map`) copied to every index of a
/// tensor of `type`.
Value buildBroadcast(OpBuilder &b, Location loc, Value value, AffineMap map,
                     RankedTensorType type);

/// The init of an accumulator of `type`: `perChannel` read through `map`,
/// or zeros when it is null.
Value buildAccumulatorInit(OpBuilder &b, Location loc, Value perChannel,
                           AffineMap map, RankedTensorType type);

/// linalg.transpose: result dimension i is `value`'s `permutation[i]`.
Value buildTranspose(OpBuilder &b, Location loc, Value value,
                     ArrayRef<int64_t> permutation);

/// tensor.expand_shape to the static `shape`.
Value buildExpand(OpBuilder &b, Location loc, Value value,
                  ArrayRef<int64_t> shape,
                  ArrayRef<ReassociationIndices> reassociation);

/// tensor.collapse_shape.
Value buildCollapse(OpBuilder &b, Location loc, Value value,
                    ArrayRef<ReassociationIndices> reassociation);

/// `source` padded by `low[i]` / `high[i]` elements along dimension i with
/// the scalar `padValue`; `source` itself when nothing is padded. One
/// generic reading the source with tensor.extract where inside, not
/// tensor.pad: that bufferizes to a copy into a strided subview, which
/// lowers to a call of the MLIR runtime's `memrefCopy`, and compiled models
/// link no MLIR runtime library.
Value buildPad(OpBuilder &b, Location loc, Value source, ArrayRef<int64_t> low,
               ArrayRef<int64_t> high, Value padValue);

/// The scalar of a 0-d tensor.
Value extractScalar(OpBuilder &b, Location loc, Value tensor);

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

/// The storage values of a weight built from constant storage
/// (`quant.scast` of an `arith.constant`, dense or dense_resource),
/// unsigned storage read unsigned; failure when the weight is not such a
/// constant.
FailureOr<SmallVector<int64_t>> getConstantStorage(Value weight);

/// `factor * sum_axis (v - zero)` of `values` (of `shape`) in wrapping i32
/// arithmetic, over the shape without `axis`.
SmallVector<int32_t> scaledSumAlongAxis(ArrayRef<int64_t> values,
                                        ArrayRef<int64_t> shape, int64_t axis,
                                        int64_t zero, int64_t factor);

/// f32 weights: `storage` dequantized element by element with the
/// parameters of `quantType` (numerics::dequantize, as the interpreter's
/// dequantizeTensor), or `storage` itself when `quantType` is f32.
Value dequantizeWeight(OpBuilder &b, Location loc, Value storage,
                       RankedTensorType quantType);

//===----------------------------------------------------------------------===//
// Integer contraction
//===----------------------------------------------------------------------===//

/// `acc + ext(x) * (ext(w) - zw)` in i32, each operand widened as its
/// quantized element type says (an integer `xElement`, the dynamic form's
/// storage, is u8 and zero-extended).
Value buildIntMac(OpBuilder &b, Location loc, Value x, Type xElement, Value w,
                  Type wElement, int64_t zw, Value acc);

/// `init + negZx * sum (w - zw)` over `reducedDims` of the weight storage
/// `w` (of quantized element type `wElement`), in i32: the zero-point term
/// of a weight only known at run time. `init` has the shape of `w` without
/// `reducedDims`; `negZx` is an i32 scalar.
Value buildWeightSumTerm(OpBuilder &b, Location loc, Value w, Type wElement,
                         ArrayRef<int64_t> reducedDims, int64_t zw, Value negZx,
                         Value init);

/// The per-channel start of a static INT8 accumulator,
/// `b'[j] = q_b[j] - z_x * sum (q_w - z_w)` over the contraction axes of
/// the weight: folded at compile time when the weight is constant (into
/// one constant when the bias is too), computed otherwise.
struct FoldedBias {
  /// The weight (qnn value, for its constant) and its converted storage.
  Value weight, wStorage;
  /// The weight shape with the summed axes flattened into `axis`.
  SmallVector<int64_t> flatShape;
  int64_t axis;
  /// The summed axes of the weight itself.
  SmallVector<int64_t> reducedDims;
  /// The weight's zero point (a per-tensor matmul rhs may have one).
  int64_t zw = 0;
  /// The optional i32 bias (qnn value) and its converted storage.
  Value bias, biasStorage;

  /// b' as an i32 tensor over the weight's kept dimensions; null when it
  /// is all zeros (no bias and z_x = 0).
  Value build(OpBuilder &b, Location loc, int32_t zx) const;
};

//===----------------------------------------------------------------------===//
// Epilogues
//===----------------------------------------------------------------------===//

/// The static INT8 epilogue, as the interpreter's getStaticInt8Epilogue:
/// the input's zero point, one multiplier per output channel
/// `M[c] = computeMultiplier(s_x, s_w[c], s_y)` and the output range
/// narrowed by the fused activation (getActivationStorageRange).
struct StaticEpilogue {
  int32_t zIn, zOut, lo, hi;
  SmallVector<float> multipliers;

  /// Failure unless input, weight and result types are quantized, input
  /// and result per tensor.
  static FailureOr<StaticEpilogue>
  get(Type x, Type w, Type y, ActivationAttr activation, int64_t channels);

  /// q_y = requantize(acc, M[c], z_y, lo, hi) into the storage of
  /// `resultType`, `acc` read through `accMap`, the channel c of a result
  /// index given by `channelMap`.
  Value build(OpBuilder &b, Location loc, Value acc, AffineMap accMap,
              AffineMap channelMap, RankedTensorType resultType) const;
};

/// The fused activation on an f32 tensor (numerics::clampFloat), as the
/// interpreter applies it after the whole product; `value` itself without
/// one.
Value buildFloatActivation(OpBuilder &b, Location loc, Value value,
                           ActivationAttr activation);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_QNNTOLINALG_WEIGHTEDOPLOWERING_H
