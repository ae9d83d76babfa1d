//===- WeightedOpLowering.cpp - helpers of the conv / matmul lowering -----===//

#include "WeightedOpLowering.h"
#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qnn;

Value mlir::qnn::buildReduction(OpBuilder &b, Location loc, Value init,
                                ValueRange inputs, ArrayRef<AffineMap> maps,
                                AffineMap outMap,
                                ArrayRef<utils::IteratorType> iterators,
                                ReductionBody body) {
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(outMap);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, init, allMaps, iterators,
      [&](OpBuilder &nested, Location l, ValueRange args) {
        Value result = body(nested, l, args.drop_back(), args.back());
        linalg::YieldOp::create(nested, l, result);
      });
  return generic.getResult(0);
}

Value mlir::qnn::buildZeros(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                            Type element) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, element);
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

Value mlir::qnn::buildBroadcast(OpBuilder &b, Location loc, Value value,
                                AffineMap map, RankedTensorType type) {
  return buildGeneric(
      b, loc, type, value, map,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Value mlir::qnn::buildAccumulatorInit(OpBuilder &b, Location loc,
                                      Value perChannel, AffineMap map,
                                      RankedTensorType type) {
  if (!perChannel)
    return buildZeros(b, loc, type.getShape(), type.getElementType());
  return buildBroadcast(b, loc, perChannel, map, type);
}

Value mlir::qnn::buildTranspose(OpBuilder &b, Location loc, Value value,
                                ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : permutation)
    shape.push_back(type.getDimSize(p));
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value, init, permutation)
      .getResult()[0];
}

Value mlir::qnn::buildExpand(OpBuilder &b, Location loc, Value value,
                             ArrayRef<int64_t> shape,
                             ArrayRef<ReassociationIndices> reassociation) {
  auto type = cast<RankedTensorType>(value.getType());
  return tensor::ExpandShapeOp::create(b, loc, type.clone(shape), value,
                                       reassociation);
}

Value mlir::qnn::buildCollapse(OpBuilder &b, Location loc, Value value,
                               ArrayRef<ReassociationIndices> reassociation) {
  return tensor::CollapseShapeOp::create(b, loc, value, reassociation);
}

Value mlir::qnn::buildPad(OpBuilder &b, Location loc, Value source,
                          ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                          Value padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return source;
  return buildPad(b, loc, source, low, high, ValueRange{}, {},
                  [&](OpBuilder &, Location, ValueRange) { return padValue; });
}

FailureOr<SmallVector<int64_t>> mlir::qnn::getConstantStorage(Value weight) {
  auto storageCast = weight.getDefiningOp<quant::StorageCastOp>();
  if (!storageCast)
    return failure();
  FailureOr<SmallVector<int64_t>> values =
      getConstantInts(storageCast.getInput());
  if (failed(values))
    return failure();
  auto type = cast<quant::QuantizedType>(getElementTypeOrSelf(weight));
  if (!type.isSigned()) {
    uint64_t mask = (uint64_t(1) << type.getStorageTypeIntegralWidth()) - 1;
    for (int64_t &v : *values)
      v = static_cast<int64_t>(static_cast<uint64_t>(v) & mask);
  }
  return values;
}

SmallVector<int32_t> mlir::qnn::scaledSumAlongAxis(ArrayRef<int64_t> values,
                                                   ArrayRef<int64_t> shape,
                                                   int64_t axis, int64_t zero,
                                                   int64_t factor) {
  int64_t outer = 1, inner = 1, length = shape[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
  SmallVector<int32_t> result(outer * inner);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      uint32_t sum = 0;
      for (int64_t l = 0; l < length; ++l)
        sum +=
            static_cast<uint32_t>(values[(o * length + l) * inner + i] - zero);
      result[o * inner + i] =
          static_cast<int32_t>(sum * static_cast<uint32_t>(factor));
    }
  }
  return result;
}

Value mlir::qnn::dequantizeWeight(OpBuilder &b, Location loc, Value storage,
                                  RankedTensorType quantType) {
  FailureOr<ElementParams> params = ElementParams::get(quantType);
  if (failed(params))
    return storage;
  Type element = quantType.getElementType();
  return params->buildElementwise(
      b, loc, storage, quantType.clone(b.getF32Type()),
      [&](OpBuilder &nb, Location l, Value q, Value scale, Value zp) {
        numerics::EmitArith a(nb, l);
        return numerics::dequantize(a, extendToI32(nb, l, q, element), scale,
                                    zp);
      });
}

Value mlir::qnn::buildFloatActivation(OpBuilder &b, Location loc, Value value,
                                      ActivationAttr activation) {
  if (!activation)
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  return buildGeneric(b, loc, type, value,
                      b.getMultiDimIdentityMap(type.getRank()),
                      [&](OpBuilder &nb, Location l, ValueRange args) {
                        numerics::EmitArith a(nb, l);
                        auto [lo, hi] = getFloatActivationBounds(a, activation);
                        return numerics::clampFloat(a, args[0], lo, hi);
                      });
}

Value mlir::qnn::extractScalar(OpBuilder &b, Location loc, Value tensor) {
  return tensor::ExtractOp::create(b, loc, tensor, ValueRange{});
}

FailureOr<StaticEpilogue> StaticEpilogue::get(Type x, Type w, Type y,
                                              ActivationAttr activation,
                                              int64_t channels) {
  FailureOr<QuantInfo> xInfo = getQuantInfo(cast<RankedTensorType>(x));
  FailureOr<QuantInfo> wInfo = getQuantInfo(cast<RankedTensorType>(w));
  FailureOr<QuantInfo> yInfo = getQuantInfo(cast<RankedTensorType>(y));
  if (failed(xInfo) || failed(wInfo) || failed(yInfo) ||
      !xInfo->isPerTensor() || !yInfo->isPerTensor())
    return failure();
  StaticEpilogue e;
  e.zIn = xInfo->zeroPoints[0];
  e.zOut = yInfo->zeroPoints[0];
  std::tie(e.lo, e.hi) = getActivationStorageRange(activation, *yInfo);
  for (int64_t c = 0; c < channels; ++c)
    e.multipliers.push_back(numerics::computeMultiplier(
        xInfo->scales[0], wInfo->scales[wInfo->isPerTensor() ? 0 : c],
        yInfo->scales[0]));
  return e;
}

Value StaticEpilogue::build(OpBuilder &b, Location loc, Value acc,
                            AffineMap accMap, AffineMap channelMap,
                            RankedTensorType resultType) const {
  SmallVector<Value> inputs = {acc};
  SmallVector<AffineMap> maps = {accMap};
  bool perTensor = llvm::all_equal(multipliers);
  if (!perTensor) {
    auto type = RankedTensorType::get(
        {static_cast<int64_t>(multipliers.size())}, b.getF32Type());
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef(multipliers))));
    maps.push_back(channelMap);
  }
  Type storage = resultType.getElementType();
  return buildGeneric(
      b, loc, resultType, inputs, maps,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        numerics::EmitArith a(nb, l);
        Value m = perTensor ? a.constF32(multipliers[0]) : args[1];
        Value q = numerics::requantize(a, args[0], m, a.constI32(zOut), lo, hi);
        return truncateToStorage(nb, l, q, storage);
      });
}

Value mlir::qnn::buildIntMac(OpBuilder &b, Location loc, Value x, Type xElement,
                             Value w, Type wElement, int64_t zw, Value acc) {
  numerics::EmitArith a(b, loc);
  Value xi = isa<quant::QuantizedType>(xElement)
                 ? extendToI32(b, loc, x, xElement)
                 : Value(arith::ExtUIOp::create(b, loc, b.getI32Type(), x));
  Value wi = extendToI32(b, loc, w, wElement);
  if (zw != 0)
    wi = a.subI(wi, a.constI32(zw));
  return a.addI(acc, a.mulI(xi, wi));
}

Value mlir::qnn::buildWeightSumTerm(OpBuilder &b, Location loc, Value w,
                                    Type wElement,
                                    ArrayRef<int64_t> reducedDims, int64_t zw,
                                    Value negZx, Value init) {
  auto type = cast<RankedTensorType>(w.getType());
  int64_t rank = type.getRank();
  SmallVector<utils::IteratorType> iterators;
  SmallVector<AffineExpr> kept;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(reducedDims, d);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced)
      kept.push_back(b.getAffineDimExpr(d));
  }
  AffineMap outMap = AffineMap::get(rank, 0, kept, b.getContext());
  return buildReduction(
      b, loc, init, w, b.getMultiDimIdentityMap(rank), outMap, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args, Value acc) {
        numerics::EmitArith a(nb, l);
        Value wi = extendToI32(nb, l, args[0], wElement);
        if (zw != 0)
          wi = a.subI(wi, a.constI32(zw));
        return a.addI(acc, a.mulI(negZx, wi));
      });
}

Value FoldedBias::build(OpBuilder &b, Location loc, int32_t zx) const {
  auto wType = cast<RankedTensorType>(weight.getType());
  SmallVector<int64_t> keptShape;
  for (int64_t d = 0; d < wType.getRank(); ++d)
    if (!llvm::is_contained(reducedDims, d))
      keptShape.push_back(wType.getDimSize(d));
  auto type = RankedTensorType::get(keptShape, b.getI32Type());
  if (zx == 0)
    return bias ? biasStorage : Value();
  FailureOr<SmallVector<int64_t>> values = getConstantStorage(weight);
  if (failed(values)) {
    // Computed: sum the weight at run time, starting from the bias.
    Value init =
        bias ? biasStorage : buildZeros(b, loc, keptShape, b.getI32Type());
    numerics::EmitArith a(b, loc);
    return buildWeightSumTerm(b, loc, wStorage, wType.getElementType(),
                              reducedDims, zw, a.constI32(-zx), init);
  }
  // Folded at compile time (with a constant bias, into one constant).
  SmallVector<int32_t> term =
      scaledSumAlongAxis(*values, flatShape, axis, zw, -int64_t(zx));
  FailureOr<SmallVector<int64_t>> biasValues =
      bias ? getConstantStorage(bias) : FailureOr<SmallVector<int64_t>>();
  if (bias && succeeded(biasValues))
    for (auto [t, v] : llvm::zip_equal(term, *biasValues))
      t = static_cast<int32_t>(static_cast<uint32_t>(t) +
                               static_cast<uint32_t>(v));
  Value constant = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef(term)));
  if (!bias || succeeded(biasValues))
    return constant;
  return buildBroadcastGeneric(
      b, loc, type, ValueRange{biasStorage, constant},
      [](OpBuilder &nb, Location l, ValueRange args) -> Value {
        return arith::AddIOp::create(nb, l, args[0], args[1]);
      });
}
