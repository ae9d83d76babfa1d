//===- LoweringUtils.h - helpers shared by the qnn-to-linalg patterns -----===//
//
// Private to lib/Conversion/QNNToLinalg: building elementwise linalg.generic
// ops with NumPy broadcasting, moving between storage integers and i32, and
// feeding per-element quantization parameters to a generic body.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_CONVERSION_QNNTOLINALG_LOWERINGUTILS_H
#define QNN_LIB_CONVERSION_QNNTOLINALG_LOWERINGUTILS_H

#include "qnn/Conversion/QNNToLinalg/EmitNumerics.h"
#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "qnn/Dialect/QNN/Utils/QuantInfo.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::qnn {

/// The body of a generic: the scalar block arguments of its inputs (not the
/// output's) in, the scalar result out.
using GenericBody =
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// `linalg.generic` over the index space of `resultType` (all loops
/// parallel, the result written through the identity map) reading `inputs`
/// through `inputMaps`, its output a fresh `tensor.empty`.
Value buildGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                   ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                   GenericBody body);

/// The body of a reduction: the scalar block arguments of the inputs and the
/// current accumulators in, the new accumulators out.
using AccumulatorUpdate = llvm::function_ref<SmallVector<Value>(
    OpBuilder &, Location, ValueRange inputs, ValueRange accumulators)>;

/// `linalg.generic` with `rank` loops, those in `reducedDims` reduction
/// loops, reading `inputs` through `inputMaps` and accumulating into
/// `inits` (indexed by the other loops). Lowered to loops, every
/// accumulator takes its elements in increasing row-major index order of
/// the reduced dimensions, as the interpreter's loops do.
SmallVector<Value> buildReductionOverDims(OpBuilder &b, Location loc,
                                          int64_t rank, ValueRange inputs,
                                          ArrayRef<AffineMap> inputMaps,
                                          ValueRange inits,
                                          ArrayRef<int64_t> reducedDims,
                                          AccumulatorUpdate body);

/// The map from `rank` loops to the loops not in `droppedDims`.
AffineMap getDroppingMap(int64_t rank, ArrayRef<int64_t> droppedDims,
                         MLIRContext *context);

/// A tensor of `shape` filled with the scalar `value` (tensor.empty and
/// linalg.fill).
Value buildFilledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                        Value value);

/// ONNX DynamicQuantizeLinear of a whole f32 tensor
/// (DynamicQuantizeToLinalg.cpp): the u8 storage (in an i8 container) and the
/// scalar f32 scale and i32 zero point, computed by
/// numerics::updateDynamicRange over the elements in row-major order and
/// numerics::dynamicQuantizationParams.
struct DynamicQuantized {
  Value storage, scale, zeroPoint;
};
DynamicQuantized buildDynamicQuantize(OpBuilder &b, Location loc, Value input);

/// The indexing map that reads an operand of `operandShape` at the NumPy
/// broadcast of an index of `resultShape`: dimensions aligned on the right,
/// size-1 dimensions read at 0.
AffineMap getBroadcastMap(ArrayRef<int64_t> operandShape,
                          ArrayRef<int64_t> resultShape, MLIRContext *context);

/// buildGeneric with every input read through its broadcast map.
Value buildBroadcastGeneric(OpBuilder &b, Location loc,
                            RankedTensorType resultType, ValueRange inputs,
                            GenericBody body);

/// True when `element` is a quantized type whose storage is unsigned (u8).
bool isUnsignedStorage(Type element);

/// A scalar storage value (i8 container or i32) widened to i32, zero- or
/// sign-extended as the quantized element type `quantElement` says.
Value extendToI32(OpBuilder &b, Location loc, Value storage, Type quantElement);

/// An i32 value already within the storage range narrowed to the storage
/// container `storageType` (i8 or i32).
Value truncateToStorage(OpBuilder &b, Location loc, Value value,
                        Type storageType);

/// The storage container of quantized element type `quantElement`.
Type getStorageContainerType(Type quantElement);

/// The scale and zero point of every element of a quantized tensor, as a
/// generic body sees them: constants for a per-tensor type; for a per-axis
/// or blocked one, two constant tensors over the parameter grid, read as
/// extra inputs of the generic at `index_d floordiv block_d`.
class ElementParams {
public:
  /// Fails (with no diagnostic) when `type` is not quantized.
  static FailureOr<ElementParams> get(RankedTensorType type);

  const QuantInfo &getInfo() const { return info; }

  /// Appends the generic inputs (none per tensor) and their indexing maps,
  /// for a generic whose index space is the tensor's.
  void appendInputs(OpBuilder &b, Location loc, SmallVectorImpl<Value> &inputs,
                    SmallVectorImpl<AffineMap> &maps) const;
  /// How many inputs appendInputs adds.
  unsigned getNumInputs() const { return info.isPerTensor() ? 0 : 2; }

  /// The f32 scale and i32 zero point inside the body, given the block
  /// arguments of the inputs appendInputs added.
  std::pair<Value, Value> getValues(numerics::EmitArith &a,
                                    ValueRange args) const;

  /// The body of an elementwise generic over a tensor of this type: one
  /// element `x` of the input, and its f32 scale and i32 zero point.
  using ElementwiseBody = llvm::function_ref<Value(
      OpBuilder &, Location, Value x, Value scale, Value zeroPoint)>;

  /// `linalg.generic` from `input` (the tensor's shape, storage or f32
  /// elements) to `resultType` (the same shape), element by element:
  /// appendInputs then buildGeneric, `body` given each element with the
  /// scale and zero point getValues makes for it.
  Value buildElementwise(OpBuilder &b, Location loc, Value input,
                         RankedTensorType resultType,
                         ElementwiseBody body) const;

private:
  QuantInfo info;
};

/// The f32 bounds `[lo, hi]` of a fused activation (±Inf when absent), as
/// constants.
std::pair<Value, Value> getFloatActivationBounds(numerics::EmitArith &a,
                                                 ActivationAttr activation);

/// The value of a padded position inside a generic body, given the block
/// arguments of the extra inputs.
using PadValueFn = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// `source` padded by `low[d]` / `high[d]` positions per dimension: one
/// linalg.generic over the padded shape reading the source with
/// tensor.extract where inside (at a clamped index, so that the read stays
/// in bounds) and yielding `padValue` elsewhere; `inputs` read through
/// `maps` (over the padded index space) feed `padValue`. Not tensor.pad:
/// it bufferizes to a strided memref.copy, a call to the C runner utils'
/// memrefCopy that compiled models do not link.
Value buildPad(OpBuilder &b, Location loc, Value source, ArrayRef<int64_t> low,
               ArrayRef<int64_t> high, ValueRange inputs,
               ArrayRef<AffineMap> maps, PadValueFn padValue);

/// `value` reshaped to the static `type` (same element count, elements in
/// row-major order): one tensor.collapse_shape or tensor.expand_shape when
/// one suffices, else a collapse to 1-D and an expand.
Value buildReshape(OpBuilder &b, Location loc, Value value,
                   RankedTensorType type);

} // namespace mlir::qnn

#endif // QNN_LIB_CONVERSION_QNNTOLINALG_LOWERINGUTILS_H
