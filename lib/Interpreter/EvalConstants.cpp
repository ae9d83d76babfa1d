//===- EvalConstants.cpp - arith.constant and quant.scast -----------------===//
//
// Quantized constants are integer constants reinterpreted by quant.scast:
// `arith.constant dense<...> : tensor<...xi8>` + `quant.scast` to the
// !quant.uniform type. Constants are dense (splat or not) or dense_resource
// tensors of f32 or integers.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

/// Reads `count` (or one, for a splat) little-endian integers of `bytes`
/// bytes each, sign- or zero-extended from `width` bits.
static LogicalResult readIntegers(Operation *op, ArrayRef<char> raw,
                                  int64_t count, bool splat, unsigned width,
                                  bool isUnsigned,
                                  MutableArrayRef<int32_t> out) {
  unsigned bytes = (width + 7) / 8;
  int64_t stored = splat ? 1 : count;
  if (static_cast<int64_t>(raw.size()) != stored * bytes)
    return op->emitError("constant holds ")
           << raw.size() << " bytes, expected " << stored * bytes;
  for (int64_t i = 0; i < stored; ++i) {
    uint64_t bits = 0;
    std::memcpy(&bits, raw.data() + i * bytes, bytes);
    if (width < 64)
      bits &= (uint64_t(1) << width) - 1;
    int64_t value;
    if (!isUnsigned && width < 64 && (bits >> (width - 1)) & 1)
      value = static_cast<int64_t>(bits | ~((uint64_t(1) << width) - 1));
    else
      value = static_cast<int64_t>(bits);
    if (value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max())
      return op->emitError("constant element ")
             << i << " (" << value
             << ") does not fit the interpreter's 32-bit integers";
    out[i] = static_cast<int32_t>(value);
  }
  if (splat)
    std::fill(out.begin() + 1, out.end(), out[0]);
  return success();
}

/// arith.constant: a dense (splat or not) or dense_resource tensor of f32 or
/// integers.
LogicalResult mlir::qnn::evaluate(arith::ConstantOp op, Results &results) {
  auto type = dyn_cast<RankedTensorType>(op.getType());
  Type element = type ? type.getElementType() : Type();
  if (!type || !type.hasStaticShape() ||
      !(element.isF32() || isa<IntegerType>(element)))
    return op.emitError("the interpreter supports constants of statically "
                        "shaped f32 or integer tensors, got ")
           << op.getType();
  HostTensor &result = results.emplace_back(type);
  int64_t count = type.getNumElements();
  if (count == 0)
    return success();

  ArrayRef<char> raw;
  bool splat = false;
  Attribute value = op.getValue();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    raw = resource.getData();
    if (raw.empty())
      return op.emitError("the data of resource '")
             << resource.getRawHandle().getKey()
             << "' is not available (was it elided?)";
  } else if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(value)) {
    splat = dense.isSplat();
    if (isa<IntegerType>(element) && element.getIntOrFloatBitWidth() % 8) {
      // Sub-byte integers (i1, i4): through APInt.
      bool isUnsigned =
          element.isUnsignedInteger() || element.getIntOrFloatBitWidth() == 1;
      MutableArrayRef<int32_t> out = result.getInts();
      int64_t i = 0;
      for (const APInt &v : dense.getValues<APInt>())
        out[i++] = static_cast<int32_t>(isUnsigned ? v.getZExtValue()
                                                   : v.getSExtValue());
      return success();
    }
    raw = dense.getRawData();
  } else {
    return op.emitError("the interpreter supports dense and dense_resource "
                        "constants, got ")
           << value;
  }

  if (element.isF32()) {
    int64_t stored = splat ? 1 : count;
    if (static_cast<int64_t>(raw.size()) != stored * 4)
      return op.emitError("constant holds ")
             << raw.size() << " bytes, expected " << stored * 4;
    MutableArrayRef<float> out = result.getFloats();
    std::memcpy(out.data(), raw.data(), stored * 4);
    if (splat)
      std::fill(out.begin() + 1, out.end(), out[0]);
    return success();
  }
  unsigned width = element.getIntOrFloatBitWidth();
  if (width % 8)
    return op.emitError("the interpreter cannot read resource data of ")
           << element;
  return readIntegers(op, raw, count, splat, width, element.isUnsignedInteger(),
                      result.getInts());
}

/// Whether `values` all lie in [lo, hi]; otherwise reports the first that
/// does not.
static LogicalResult checkRange(function_ref<InFlightDiagnostic()> emitError,
                                ArrayRef<int32_t> values, int32_t lo,
                                int32_t hi, StringRef what) {
  for (auto [i, v] : llvm::enumerate(values))
    if (v < lo || v > hi)
      return emitError() << what << " element " << i << " (" << v
                         << ") is outside the storage range [" << lo << ", "
                         << hi << "]";
  return success();
}

/// The signedness and width of an integer or quantized element type's
/// stored bits.
static void getStorageBits(Type element, unsigned &width, bool &isSigned) {
  if (auto qtype = dyn_cast<quant::QuantizedType>(element)) {
    width = qtype.getStorageTypeIntegralWidth();
    isSigned = qtype.isSigned();
    return;
  }
  auto integer = cast<IntegerType>(element);
  width = integer.getWidth();
  isSigned = !integer.isUnsigned() && width > 1;
}

/// quant.scast: the same bits viewed as storage of a quantized type, or the
/// reverse. `dense<255> : tensor<1xi8>` cast to u8 storage is 255: values
/// are re-read from their low `width` bits with the result's signedness,
/// then checked against a quantized type's (possibly narrow) range.
LogicalResult mlir::qnn::evaluate(quant::StorageCastOp op, ValueLookup get,
                                  Results &results) {
  const HostTensor &in = *get(op.getInput());
  auto type = dyn_cast<RankedTensorType>(op.getType());
  if (!type || in.isFloat() || type.getElementType().isF32())
    return op.emitError("the interpreter supports quant.scast between "
                        "integer and quantized tensors only");
  unsigned width;
  bool isSigned;
  getStorageBits(type.getElementType(), width, isSigned);
  HostTensor &result = results.emplace_back(in.withType(type));
  if (width < 32) {
    uint32_t mask = (uint32_t(1) << width) - 1;
    uint32_t sign = uint32_t(1) << (width - 1);
    for (int32_t &v : result.getInts()) {
      uint32_t bits = static_cast<uint32_t>(v) & mask;
      v = static_cast<int32_t>(isSigned && (bits & sign) ? bits | ~mask : bits);
    }
  }
  if (isa<quant::QuantizedType>(type.getElementType())) {
    FailureOr<QuantInfo> info = getQuantInfoOrError(op, type);
    if (failed(info) ||
        failed(checkRange([&] { return op.emitError(); }, result.getInts(),
                          info->qmin, info->qmax, "stored")))
      return failure();
  }
  return success();
}
