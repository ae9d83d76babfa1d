//===- ConstantUtils.cpp - reading and making constant tensors ------------===//

#include "qnn/Dialect/QNN/Utils/ConstantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>

using namespace mlir;
using namespace mlir::qnn;

/// The raw little-endian bytes of a constant's data and whether it is a
/// splat (one element stored for all).
static FailureOr<std::pair<ArrayRef<char>, bool>>
getRawConstantData(Value value, Type expectedElement) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return failure();
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || !type.hasStaticShape() ||
      type.getElementType() != expectedElement)
    return failure();
  Attribute attr = constant.getValue();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    ArrayRef<char> data = resource.getData();
    if (data.empty() && type.getNumElements() != 0)
      return failure();
    return std::make_pair(data, false);
  }
  if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(attr))
    return std::make_pair(dense.getRawData(), dense.isSplat());
  return failure();
}

FailureOr<SmallVector<float>> mlir::qnn::getConstantFloats(Value value) {
  FailureOr<std::pair<ArrayRef<char>, bool>> raw =
      getRawConstantData(value, Float32Type::get(value.getContext()));
  if (failed(raw))
    return failure();
  int64_t count = cast<RankedTensorType>(value.getType()).getNumElements();
  auto [data, splat] = *raw;
  int64_t stored = splat ? 1 : count;
  if (count != 0 && static_cast<int64_t>(data.size()) != stored * 4)
    return failure();
  SmallVector<float> result(count);
  if (count != 0)
    std::memcpy(result.data(), data.data(), stored * 4);
  if (splat)
    std::fill(result.begin() + 1, result.end(), result.front());
  return result;
}

FailureOr<SmallVector<int64_t>> mlir::qnn::getConstantInts(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  auto element = type ? dyn_cast<IntegerType>(type.getElementType()) : nullptr;
  if (!element || element.getWidth() % 8 || element.getWidth() > 64)
    return failure();
  FailureOr<std::pair<ArrayRef<char>, bool>> raw =
      getRawConstantData(value, element);
  if (failed(raw))
    return failure();
  unsigned bytes = element.getWidth() / 8;
  int64_t count = type.getNumElements();
  auto [data, splat] = *raw;
  int64_t stored = splat ? 1 : count;
  if (count != 0 && static_cast<int64_t>(data.size()) != stored * bytes)
    return failure();
  SmallVector<int64_t> result(count);
  bool isUnsigned = element.isUnsigned();
  for (int64_t i = 0; i < stored; ++i) {
    uint64_t bits = 0;
    std::memcpy(&bits, data.data() + i * bytes, bytes);
    if (!isUnsigned && bytes < 8 && (bits >> (8 * bytes - 1)) & 1)
      bits |= ~uint64_t(0) << (8 * bytes); // sign-extend
    result[i] = static_cast<int64_t>(bits);
  }
  if (splat)
    std::fill(result.begin() + 1, result.end(), result.front());
  return result;
}

/// Dense for splats and small tensors, a resource blob otherwise.
template <typename T>
static ElementsAttr makeElements(RankedTensorType type, ArrayRef<T> values,
                                 StringRef nameHint) {
  bool splat = !values.empty() && llvm::all_of(values, [&](const T &v) {
    return std::memcmp(&v, &values.front(), sizeof(T)) == 0;
  });
  if (splat)
    return DenseElementsAttr::get(type, values.front());
  if (static_cast<int64_t>(values.size()) <= kResourceThreshold)
    return DenseElementsAttr::get(type, values);
  return DenseResourceElementsAttr::get(
      type, nameHint, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
}

ElementsAttr mlir::qnn::makeFloatElements(RankedTensorType type,
                                          ArrayRef<float> values,
                                          StringRef nameHint) {
  return makeElements(type, values, nameHint);
}

/// Stores integers at the element type's width.
template <typename T>
static ElementsAttr narrowInts(RankedTensorType type, ArrayRef<int64_t> values,
                               StringRef nameHint) {
  SmallVector<T> narrowed(values.begin(), values.end());
  return makeElements(type, ArrayRef<T>(narrowed), nameHint);
}

ElementsAttr mlir::qnn::makeIntElements(RankedTensorType type,
                                        ArrayRef<int64_t> values,
                                        StringRef nameHint) {
  unsigned width = type.getElementType().getIntOrFloatBitWidth();
  if (width % 8) {
    // Sub-byte integers (i4): DenseElementsAttr takes them as APInt, and a
    // resource blob has no defined layout for them, so they stay dense.
    SmallVector<APInt> ints;
    for (int64_t v : values)
      ints.push_back(APInt(width, static_cast<uint64_t>(v), /*isSigned=*/true,
                           /*implicitTrunc=*/true));
    return DenseElementsAttr::get(type, ints);
  }
  switch (width) {
  case 8:
    return narrowInts<int8_t>(type, values, nameHint);
  case 16:
    return narrowInts<int16_t>(type, values, nameHint);
  case 32:
    return narrowInts<int32_t>(type, values, nameHint);
  default:
    return makeElements(type, values, nameHint);
  }
}

Value mlir::qnn::createFloatConstant(OpBuilder &builder, Location loc,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<float> values,
                                     StringRef nameHint) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return arith::ConstantOp::create(
      builder, loc, type,
      cast<TypedAttr>(makeFloatElements(type, values, nameHint)));
}

std::string mlir::qnn::getNameHint(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(inner))
        return name.getName().str();
  return "const";
}
