//===- LoweringUtils.cpp - helpers shared by the qnn-to-linalg patterns ---===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace mlir::qnn;

Value mlir::qnn::buildGeneric(OpBuilder &b, Location loc,
                              RankedTensorType resultType, ValueRange inputs,
                              ArrayRef<AffineMap> inputMaps, GenericBody body) {
  int64_t rank = resultType.getRank();
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

SmallVector<Value> mlir::qnn::buildReductionOverDims(
    OpBuilder &b, Location loc, int64_t rank, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps, ValueRange inits,
    ArrayRef<int64_t> reducedDims, AccumulatorUpdate body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.append(inits.size(), getDroppingMap(rank, reducedDims, b.getContext()));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  for (int64_t d : reducedDims)
    iterators[d] = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange(inits), inputs, inits, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        SmallVector<Value> results =
            body(nested, nestedLoc, args.take_front(inputs.size()),
                 args.drop_front(inputs.size()));
        linalg::YieldOp::create(nested, nestedLoc, results);
      });
  return SmallVector<Value>(generic.getResults());
}

AffineMap mlir::qnn::getDroppingMap(int64_t rank, ArrayRef<int64_t> droppedDims,
                                    MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(droppedDims, d))
      exprs.push_back(getAffineDimExpr(d, context));
  return AffineMap::get(rank, 0, exprs, context);
}

Value mlir::qnn::buildFilledTensor(OpBuilder &b, Location loc,
                                   ArrayRef<int64_t> shape, Value value) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, value.getType());
  return linalg::FillOp::create(b, loc, value, empty).getResult(0);
}

AffineMap mlir::qnn::getBroadcastMap(ArrayRef<int64_t> operandShape,
                                     ArrayRef<int64_t> resultShape,
                                     MLIRContext *context) {
  int64_t rank = resultShape.size();
  int64_t shift = rank - static_cast<int64_t>(operandShape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    int64_t d = shift + static_cast<int64_t>(i);
    exprs.push_back(size == 1 && resultShape[d] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(d, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

Value mlir::qnn::buildBroadcastGeneric(OpBuilder &b, Location loc,
                                       RankedTensorType resultType,
                                       ValueRange inputs, GenericBody body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(input.getType()).getShape(),
                        resultType.getShape(), b.getContext()));
  return buildGeneric(b, loc, resultType, inputs, maps, body);
}

bool mlir::qnn::isUnsignedStorage(Type element) {
  auto quantized = dyn_cast<quant::QuantizedType>(element);
  return quantized && !quantized.isSigned();
}

Type mlir::qnn::getStorageContainerType(Type quantElement) {
  auto quantized = cast<quant::QuantizedType>(quantElement);
  unsigned width = quantized.getStorageTypeIntegralWidth();
  return IntegerType::get(quantElement.getContext(), width <= 8 ? 8 : width);
}

Value mlir::qnn::extendToI32(OpBuilder &b, Location loc, Value storage,
                             Type quantElement) {
  Type i32 = b.getI32Type();
  if (storage.getType() == i32)
    return storage;
  if (isUnsignedStorage(quantElement))
    return arith::ExtUIOp::create(b, loc, i32, storage);
  return arith::ExtSIOp::create(b, loc, i32, storage);
}

Value mlir::qnn::truncateToStorage(OpBuilder &b, Location loc, Value value,
                                   Type storageType) {
  if (value.getType() == storageType)
    return value;
  return arith::TruncIOp::create(b, loc, storageType, value);
}

FailureOr<ElementParams> mlir::qnn::ElementParams::get(RankedTensorType type) {
  FailureOr<QuantInfo> info = getQuantInfo(type);
  if (failed(info))
    return failure();
  ElementParams params;
  params.info = std::move(*info);
  return params;
}

void mlir::qnn::ElementParams::appendInputs(
    OpBuilder &b, Location loc, SmallVectorImpl<Value> &inputs,
    SmallVectorImpl<AffineMap> &maps) const {
  if (info.isPerTensor())
    return;
  MLIRContext *context = b.getContext();
  SmallVector<int64_t> grid;
  SmallVector<AffineExpr> exprs;
  for (auto [d, size] : llvm::enumerate(info.shape)) {
    // Only the dimensions along which the parameters change.
    int64_t block = info.block[d];
    int64_t blocks = block ? size / block : 1;
    if (blocks == 1)
      continue;
    grid.push_back(blocks);
    AffineExpr dim = getAffineDimExpr(d, context);
    exprs.push_back(block == 1 ? dim : dim.floorDiv(block));
  }
  auto scaleType = RankedTensorType::get(grid, b.getF32Type());
  auto zeroType = RankedTensorType::get(grid, b.getI32Type());
  inputs.push_back(arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(scaleType, ArrayRef(info.scales))));
  inputs.push_back(arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(zeroType, ArrayRef(info.zeroPoints))));
  AffineMap map = AffineMap::get(info.shape.size(), 0, exprs, context);
  maps.append({map, map});
}

std::pair<Value, Value>
mlir::qnn::ElementParams::getValues(numerics::EmitArith &a,
                                    ValueRange args) const {
  if (info.isPerTensor())
    return {a.constF32(info.scales[0]), a.constI32(info.zeroPoints[0])};
  return {args[0], args[1]};
}

Value mlir::qnn::ElementParams::buildElementwise(OpBuilder &b, Location loc,
                                                 Value input,
                                                 RankedTensorType resultType,
                                                 ElementwiseBody body) const {
  SmallVector<Value> inputs = {input};
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(resultType.getRank())};
  appendInputs(b, loc, inputs, maps);
  return buildGeneric(b, loc, resultType, inputs, maps,
                      [&](OpBuilder &nb, Location l, ValueRange args) {
                        numerics::EmitArith a(nb, l);
                        auto [scale, zeroPoint] =
                            getValues(a, args.drop_front());
                        return body(nb, l, args[0], scale, zeroPoint);
                      });
}

std::pair<Value, Value>
mlir::qnn::getFloatActivationBounds(numerics::EmitArith &a,
                                    ActivationAttr activation) {
  auto [lo, hi] = getActivationBounds(activation);
  return {a.constF32(lo), a.constF32(hi)};
}

Value mlir::qnn::buildReshape(OpBuilder &b, Location loc, Value value,
                              RankedTensorType type) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == type)
    return value;
  int64_t from = source.getRank(), to = type.getRank();
  // To or from rank 0: every dimension is 1, no reassociation group.
  if (to == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, value,
                                           ArrayRef<ReassociationIndices>{});
  if (from == 0)
    return tensor::ExpandShapeOp::create(b, loc, type, value,
                                         ArrayRef<ReassociationIndices>{});
  if (from > to)
    if (auto groups = getReassociationIndicesForCollapse(source.getShape(),
                                                         type.getShape()))
      return tensor::CollapseShapeOp::create(b, loc, type, value, *groups);
  if (from < to)
    if (auto groups = getReassociationIndicesForCollapse(type.getShape(),
                                                         source.getShape()))
      return tensor::ExpandShapeOp::create(b, loc, type, value, *groups);
  // Through 1-D: every dimension in one group.
  auto allDims = [](int64_t rank) {
    ReassociationIndices group;
    llvm::append_range(group, llvm::seq<int64_t>(0, rank));
    return SmallVector<ReassociationIndices>{group};
  };
  auto flat =
      RankedTensorType::get({source.getNumElements()}, source.getElementType());
  Value flattened = value;
  if (from != 1)
    flattened =
        tensor::CollapseShapeOp::create(b, loc, flat, value, allDims(from));
  if (to == 1)
    return flattened;
  return tensor::ExpandShapeOp::create(b, loc, type, flattened, allDims(to));
}

Value mlir::qnn::buildPad(OpBuilder &b, Location loc, Value source,
                          ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                          ValueRange inputs, ArrayRef<AffineMap> maps,
                          PadValueFn padValue) {
  auto type = cast<RankedTensorType>(source.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(low[d] + type.getDimSize(d) + high[d]);
  return buildGeneric(
      b, loc, type.clone(shape), inputs, maps,
      [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
        auto index = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(nb, l, v);
        };
        SmallVector<Value> position;
        Value inside;
        for (int64_t d = 0; d < rank; ++d) {
          Value i = linalg::IndexOp::create(nb, l, d);
          if (low[d] == 0 && high[d] == 0) {
            position.push_back(i);
            continue;
          }
          // i - low inside [0, size), else clamped into it.
          int64_t size = type.getDimSize(d);
          Value shifted = i, in;
          if (low[d] != 0) {
            shifted = arith::SubIOp::create(nb, l, i, index(low[d]));
            in = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge,
                                       shifted, index(0));
            shifted = arith::MaxSIOp::create(nb, l, shifted, index(0));
          }
          if (high[d] != 0) {
            Value below = arith::CmpIOp::create(
                nb, l, arith::CmpIPredicate::slt, shifted, index(size));
            in = in ? arith::AndIOp::create(nb, l, in, below) : below;
            shifted = arith::MinSIOp::create(nb, l, shifted, index(size - 1));
          }
          inside = inside ? arith::AndIOp::create(nb, l, inside, in) : in;
          position.push_back(shifted);
        }
        Value value = tensor::ExtractOp::create(nb, l, source, position);
        if (!inside)
          return value;
        return arith::SelectOp::create(nb, l, inside, value,
                                       padValue(nb, l, args));
      });
}
