//===- QNNLegality.cpp - the quantized types qnn ops accept ---------------===//
//
// The rules of docs/Rationale.md, "Which quantized types an op accepts".
// Every check opens its diagnostic with `emitError()`; a pass that asks
// silently gets an abandoned diagnostic there, which drops the message and
// still converts to failure.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNLegality.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::qnn;

/// A diagnostic that reports nothing: what is streamed into it is dropped
/// and it converts to failure.
static InFlightDiagnostic silentDiagnostic(MLIRContext *context) {
  InFlightDiagnostic diag = context->getDiagEngine().emit(
      UnknownLoc::get(context), DiagnosticSeverity::Error);
  diag.abandon();
  return diag;
}

/// Runs `check` with `emitError`, or with a silent emitter when the caller
/// gave none.
template <typename CheckFn>
static LogicalResult reportTo(MLIRContext *context, EmitErrorFn emitError,
                              CheckFn check) {
  auto silent = [context] { return silentDiagnostic(context); };
  return check(emitError ? emitError : EmitErrorFn(silent));
}

/// The storage as the quant dialect spells it: `u8`, `i8`, `i4`, `i32`.
static std::string storageName(quant::QuantizedType type) {
  return (type.isSigned() ? "i" : "u") +
         std::to_string(type.getStorageTypeIntegralWidth());
}

//===----------------------------------------------------------------------===//
// Storage, and the roles every op family shares
//===----------------------------------------------------------------------===//

static LogicalResult checkStorageType(quant::QuantizedType type, StringRef what,
                                      EmitErrorFn emitError) {
  // `!quant.uniform<ui8:...>` parses to a `ui8` storage type yet prints as
  // `u8`, which parses back to signless `i8` with the sign flag clear: two
  // types for one spelling. Upstream builds (and prints) the signless one.
  auto storage = dyn_cast<IntegerType>(type.getStorageType());
  if (!storage || !storage.isSignless())
    return emitError() << "storage type of " << what
                       << " must be signless, the sign given by the "
                          "quantized type: write "
                       << storageName(type) << " instead of "
                       << type.getStorageType();
  unsigned width = storage.getWidth();
  bool legal = width == 8 || (type.isSigned() && (width == 4 || width == 32));
  if (!legal)
    return emitError() << "storage of " << what
                       << " must be u8, i8, i4 or i32, got "
                       << storageName(type);
  return success();
}

LogicalResult mlir::qnn::verifyStorageType(quant::QuantizedType type,
                                           StringRef what,
                                           EmitErrorFn emitError) {
  return reportTo(type.getContext(), emitError, [&](EmitErrorFn emit) {
    return checkStorageType(type, what, emit);
  });
}

/// Activations (and results of every computing op) are u8 or i8: what the
/// integer kernels read and write. i4 is for blocked weights, i32 for
/// biases only.
static LogicalResult checkActivationStorage(quant::QuantizedType type,
                                            StringRef what,
                                            EmitErrorFn emitError) {
  if (!type || type.getStorageTypeIntegralWidth() == 8)
    return success();
  return emitError() << "storage of " << what
                     << " must be u8 or i8 (an activation), got "
                     << storageName(type);
}

/// An activation of an op whose quantized form keeps its operand's type
/// (max pool, relu, clamp): per tensor, u8 or i8. Float passes.
static LogicalResult checkActivation(Type type, StringRef what,
                                     EmitErrorFn emitError) {
  quant::QuantizedType qtype = getQuantElementType(type);
  if (!qtype)
    return success();
  // Per-axis and blocked types are for weights (and biases): a kernel
  // applies one scale to a whole activation.
  if (!isa<quant::UniformQuantizedType>(qtype))
    return emitError() << "quantization of " << what
                       << " must be per tensor (per-axis and blocked types "
                          "are for weights), got "
                       << qtype;
  return checkActivationStorage(qtype, what, emitError);
}

/// Binary ops and concat: every operand and the result f32, or every one a
/// per-tensor activation (each its own scale).
static LogicalResult checkAllFloatOrActivations(TypeRange operands, Type result,
                                                EmitErrorFn emitError) {
  SmallVector<Type> types(operands);
  types.push_back(result);
  if (llvm::all_of(types, isF32Tensor))
    return success();
  if (!llvm::all_of(types, [](Type t) { return bool(getPerTensorType(t)); }))
    return emitError() << "operands and result must all be f32 or all be "
                          "quantized per tensor";
  for (auto [i, type] : llvm::enumerate(types)) {
    std::string what = i + 1 == types.size() ? std::string("result")
                                             : "operand #" + std::to_string(i);
    if (failed(checkActivationStorage(getPerTensorType(type), what, emitError)))
      return failure();
  }
  return success();
}

/// Ops that average (avg / global pools, reduce_mean): f32 in and out, or
/// per-tensor activations in and out (the scales may differ).
static LogicalResult checkAveraging(Type input, Type output,
                                    EmitErrorFn emitError) {
  if (isF32Tensor(input) != isF32Tensor(output))
    return emitError() << "operand and result must both be f32 or both be "
                          "quantized";
  if (isF32Tensor(input))
    return success();
  if (!getPerTensorType(input) || !getPerTensorType(output))
    return emitError() << "quantized operand and result must be quantized "
                          "per tensor";
  if (failed(checkActivationStorage(getPerTensorType(input), "operand",
                                    emitError)))
    return failure();
  return checkActivationStorage(getPerTensorType(output), "result", emitError);
}

//===----------------------------------------------------------------------===//
// Weighted ops: conv2d, fully_connected, matmul
//===----------------------------------------------------------------------===//

namespace {
enum class WeightedForm { WeightOnly, Static, Dynamic };
} // namespace

/// A blocked (sub-channel) weight: INT4 weight-only only, i4 symmetric,
/// one scale per block of the contraction axis and output channel.
static LogicalResult
checkBlockedWeight(quant::UniformQuantizedSubChannelType type,
                   const WeightedOpTypes &v, WeightedForm form,
                   EmitErrorFn emitError) {
  if (form != WeightedForm::WeightOnly || v.contractionAxis < 0)
    return emitError() << "blocked (sub-channel) weight needs the "
                          "weight-only form of fully_connected or matmul";
  if (!type.isSigned() || type.getStorageTypeIntegralWidth() != 4)
    return emitError() << "blocked weight must have i4 storage, got "
                       << storageName(type);
  for (auto [dim, size] : type.getBlockSizeInfo())
    if (dim != v.contractionAxis && size != 1)
      return emitError() << "blocked weight must have its blocks along the "
                            "contraction axis ("
                         << v.contractionAxis << ") only, got block size "
                         << size << " along axis " << dim;
  if (!hasZeroZeroPoints(type))
    return emitError() << "weight must be quantized symmetrically (zero "
                          "point 0)";
  return success();
}

/// A weight: s8 per tensor or per output channel; in the weight-only form
/// also blocked i4. A matmul's right-hand side per tensor in the static
/// form may be an activation (u8 or s8, any zero point), which a matmul of
/// two activations (attention) has.
static LogicalResult checkWeight(quant::QuantizedType type,
                                 const WeightedOpTypes &v, WeightedForm form,
                                 EmitErrorFn emitError) {
  if (auto blocked = dyn_cast<quant::UniformQuantizedSubChannelType>(type))
    return checkBlockedWeight(blocked, v, form, emitError);
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
  if (!v.alwaysWeight && !perAxis && form == WeightedForm::Static) {
    if (type.getStorageTypeIntegralWidth() != 8)
      return emitError() << "right-hand side quantized per tensor must have "
                            "u8 or i8 storage, got "
                         << storageName(type);
    return success();
  }
  if (!type.isSigned() || type.getStorageTypeIntegralWidth() != 8)
    return emitError() << "weight must have i8 storage (i4 only when "
                          "blocked, in the weight-only form), got "
                       << storageName(type);
  if (!isa<quant::UniformQuantizedType>(type) &&
      !(perAxis && perAxis.getQuantizedDimension() == v.channelAxis))
    return emitError() << "weight must be quantized per tensor or per output "
                          "channel (axis "
                       << v.channelAxis << "), got " << type;
  if ((v.alwaysWeight || perAxis) && !hasZeroZeroPoints(type))
    return emitError() << "weight must be quantized symmetrically (zero "
                          "point 0)";
  return success();
}

/// Static INT8 bias: i32 storage, zero point 0 and scale s_in * s_w (per
/// output channel when the weight is per-axis), so that
/// acc = sum (q_x - z_x) * q_w + q_b needs no rescaling of the bias.
static LogicalResult checkStaticBias(Type bias,
                                     quant::UniformQuantizedType inputType,
                                     quant::QuantizedType weightType,
                                     EmitErrorFn emitError) {
  auto biasType = getQuantElementType(bias);
  if (!biasType || biasType.getStorageTypeIntegralWidth() != 32 ||
      !biasType.isSigned())
    return emitError() << "bias must be quantized with i32 storage when the "
                          "input is quantized, got "
                       << getElementTypeOrSelf(bias);
  if (!hasZeroZeroPoints(biasType))
    return emitError() << "bias must have zero point 0";

  SmallVector<double> weightScales, biasScales;
  if (auto w = dyn_cast<quant::UniformQuantizedType>(weightType))
    weightScales.push_back(w.getScale());
  else
    llvm::append_range(
        weightScales,
        cast<quant::UniformQuantizedPerAxisType>(weightType).getScales());
  if (auto b = dyn_cast<quant::UniformQuantizedType>(biasType))
    biasScales.assign(weightScales.size(), b.getScale());
  else if (auto b = dyn_cast<quant::UniformQuantizedPerAxisType>(biasType))
    llvm::append_range(biasScales, b.getScales());
  if (biasScales.size() != weightScales.size())
    return emitError() << "bias must have one scale per weight scale, "
                          "expected "
                       << weightScales.size() << ", got " << biasScales.size();
  for (auto [c, ws, bs] : llvm::enumerate(weightScales, biasScales)) {
    double expected = inputType.getScale() * ws;
    if (std::fabs(bs - expected) > 1e-6 * std::fabs(expected))
      return emitError() << "bias scale must be input scale times weight "
                            "scale, expected "
                         << expected << " for channel " << c << ", got " << bs;
  }
  return success();
}

static LogicalResult checkWeighted(const WeightedOpTypes &v,
                                   EmitErrorFn emitError) {
  Type inputElt = getElementTypeOrSelf(v.input);
  auto weightType = getQuantElementType(v.weight);

  // Dynamic: integer storage from qnn.dynamic_quantize plus its scale and
  // zero point, which come together.
  if (bool(v.inputScale) != bool(v.inputZeroPoint))
    return emitError() << "dynamic form needs both the input scale and the "
                          "input zero point";
  if (v.inputScale) {
    if (!inputElt.isUnsignedInteger(8))
      return emitError() << "dynamic form needs the ui8 storage of "
                            "qnn.dynamic_quantize as input, got "
                         << inputElt;
    if (!weightType || !hasZeroZeroPoints(weightType))
      return emitError() << "dynamic form needs a symmetrically quantized "
                            "weight (zero point 0)";
    if (failed(checkWeight(weightType, v, WeightedForm::Dynamic, emitError)))
      return failure();
    if ((v.bias && !isF32Tensor(v.bias)) || !isF32Tensor(v.result))
      return emitError() << "dynamic form needs f32 bias and result";
    return success();
  }
  if (isa<IntegerType>(inputElt))
    return emitError() << "integer input needs its scale and zero point "
                          "(the dynamic form)";

  // Float activations: float or weight-only.
  if (inputElt.isF32()) {
    if (!isF32Tensor(v.result))
      return emitError() << "result must be f32 when the input is f32";
    if (v.bias && !isF32Tensor(v.bias))
      return emitError() << "bias must be f32 when the input is f32";
    if (weightType)
      return checkWeight(weightType, v, WeightedForm::WeightOnly, emitError);
    return success();
  }

  // Static INT8.
  if (!isa<quant::QuantizedType>(inputElt))
    return emitError() << "input must be f32, quantized or (dynamic form) "
                          "ui8 storage, got "
                       << inputElt;
  auto inputType = dyn_cast<quant::UniformQuantizedType>(inputElt);
  if (!inputType)
    return emitError() << "quantized input must be quantized per tensor, got "
                       << inputElt;
  if (failed(checkActivationStorage(inputType, "input", emitError)))
    return failure();
  if (!weightType)
    return emitError() << "weight must be quantized when the input is";
  if (failed(checkWeight(weightType, v, WeightedForm::Static, emitError)))
    return failure();
  auto resultType = getPerTensorType(v.result);
  if (!resultType)
    return emitError() << "result must be quantized per tensor when the "
                          "input is quantized, got "
                       << getElementTypeOrSelf(v.result);
  if (failed(checkActivationStorage(resultType, "result", emitError)))
    return failure();
  if (v.bias)
    return checkStaticBias(v.bias, inputType, weightType, emitError);
  return success();
}

LogicalResult mlir::qnn::verifyWeightedOpTypes(const WeightedOpTypes &types,
                                               EmitErrorFn emitError) {
  return reportTo(types.input.getContext(), emitError,
                  [&](EmitErrorFn emit) { return checkWeighted(types, emit); });
}

//===----------------------------------------------------------------------===//
// LSTM
//===----------------------------------------------------------------------===//

/// W [D, 4H, I] and R [D, 4H, H]: s8 symmetric, per tensor or with one
/// scale per gate row (axis 1), which the gate matmuls apply per column.
static LogicalResult checkLSTM(Type weight, Type recurrence,
                               EmitErrorFn emitError) {
  quant::QuantizedType w = getQuantElementType(weight);
  quant::QuantizedType r = getQuantElementType(recurrence);
  if (!w != !r)
    return emitError() << "weight and recurrence must both be f32 or both be "
                          "quantized";
  if (!w)
    return success();
  for (quant::QuantizedType type : {w, r}) {
    if (!type.isSigned() || type.getStorageTypeIntegralWidth() != 8)
      return emitError() << "quantized weight and recurrence must have i8 "
                            "storage, got "
                         << storageName(type);
    auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
    if (!isa<quant::UniformQuantizedType>(type) &&
        !(perAxis && perAxis.getQuantizedDimension() == 1))
      return emitError() << "quantized weight and recurrence must be "
                            "quantized per tensor or per gate row (axis 1), "
                            "got "
                         << type;
    if (!hasZeroZeroPoints(type))
      return emitError() << "quantized weight and recurrence must be "
                            "symmetric (zero point 0)";
  }
  return success();
}

LogicalResult mlir::qnn::verifyLSTMTypes(Type weight, Type recurrence,
                                         EmitErrorFn emitError) {
  return reportTo(weight.getContext(), emitError, [&](EmitErrorFn emit) {
    return checkLSTM(weight, recurrence, emit);
  });
}

//===----------------------------------------------------------------------===//
// Any op
//===----------------------------------------------------------------------===//

/// The type of ODS operand `index` of `op` in `operandTypes` (one type per
/// operand of `op`); null for an absent optional operand.
template <typename OpTy>
static Type odsOperandType(OpTy op, unsigned index, TypeRange operandTypes) {
  auto [start, length] = op.getODSOperandIndexAndLength(index);
  return length == 0 ? Type() : operandTypes[start];
}

WeightedOpTypes WeightedOpTypes::conv2d(Type input, Type weight, Type bias,
                                        Type result) {
  return {input,
          weight,
          bias,
          /*inputScale=*/Type(),
          /*inputZeroPoint=*/Type(),
          result,
          /*channelAxis=*/0,
          /*contractionAxis=*/-1,
          /*alwaysWeight=*/true};
}

WeightedOpTypes WeightedOpTypes::fullyConnected(Type input, Type weight,
                                                Type bias, Type inputScale,
                                                Type inputZeroPoint,
                                                Type result) {
  // w: [N, K].
  return {input,
          weight,
          bias,
          inputScale,
          inputZeroPoint,
          result,
          /*channelAxis=*/0,
          /*contractionAxis=*/1,
          /*alwaysWeight=*/true};
}

WeightedOpTypes WeightedOpTypes::matmul(Type lhs, Type rhs, Type lhsScale,
                                        Type lhsZeroPoint, Type result) {
  // rhs: [..., K, N].
  int64_t rank = cast<ShapedType>(rhs).getRank();
  return {lhs,
          rhs,
          /*bias=*/Type(),
          lhsScale,
          lhsZeroPoint,
          result,
          /*channelAxis=*/rank - 1,
          /*contractionAxis=*/rank - 2,
          /*alwaysWeight=*/false};
}

/// The roles of a weighted op's operands in `operands`.
static WeightedOpTypes weightedTypes(Operation *op, TypeRange operands,
                                     Type result) {
  return TypeSwitch<Operation *, WeightedOpTypes>(op)
      .Case([&](Conv2DOp conv) {
        return WeightedOpTypes::conv2d(operands[0], operands[1],
                                       odsOperandType(conv, 2, operands),
                                       result);
      })
      .Case([&](FullyConnectedOp fc) {
        return WeightedOpTypes::fullyConnected(
            operands[0], operands[1], odsOperandType(fc, 2, operands),
            odsOperandType(fc, 3, operands), odsOperandType(fc, 4, operands),
            result);
      })
      .Case([&](MatMulOp matmul) {
        return WeightedOpTypes::matmul(
            operands[0], operands[1], odsOperandType(matmul, 2, operands),
            odsOperandType(matmul, 3, operands), result);
      });
}

/// The family rules; the storage of every type is already checked.
static LogicalResult checkFamily(Operation *op, TypeRange operands,
                                 TypeRange results, EmitErrorFn emitError) {
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case<Conv2DOp, FullyConnectedOp>([&](auto) {
        return checkWeighted(weightedTypes(op, operands, results[0]),
                             emitError);
      })
      .Case([&](MatMulOp) -> LogicalResult {
        // A rank below 2 is the shape verifier's to report.
        if (cast<ShapedType>(operands[1]).getRank() < 2)
          return success();
        return checkWeighted(weightedTypes(op, operands, results[0]),
                             emitError);
      })
      .Case([&](LSTMOp) {
        return checkLSTM(operands[1], operands[2], emitError);
      })
      .Case<AddOp, MulOp, ConcatOp>([&](auto) {
        return checkAllFloatOrActivations(operands, results[0], emitError);
      })
      .Case<AvgPool2DOp, GlobalAvgPool2DOp, ReduceMeanOp>([&](auto) {
        return checkAveraging(operands[0], results[0], emitError);
      })
      .Case<MaxPool2DOp, ReluOp, ClampOp>([&](auto) -> LogicalResult {
        if (failed(checkActivation(operands[0], "operand", emitError)))
          return failure();
        return checkActivation(results[0], "result", emitError);
      })
      .Case([&](RequantizeOp) -> LogicalResult {
        // Rescales activations (or s8 weights per channel); the i32
        // accumulator is rescaled inside the op that computes it.
        if (failed(checkActivationStorage(getQuantElementType(operands[0]),
                                          "operand", emitError)))
          return failure();
        return checkActivationStorage(getQuantElementType(results[0]), "result",
                                      emitError);
      })
      // quantize, dequantize, fake_quant and the data-movement ops carry
      // any legal storage (weights, biases, activations) as it is;
      // everything else is float only by its ODS constraints.
      .Default([](Operation *) { return success(); });
}

static LogicalResult checkElementTypes(Operation *op, TypeRange operands,
                                       TypeRange results,
                                       EmitErrorFn emitError) {
  auto checkValues = [&](TypeRange types, StringRef kind) {
    for (auto [i, type] : llvm::enumerate(types))
      if (quant::QuantizedType qtype = getQuantElementType(type))
        if (failed(checkStorageType(
                qtype, (kind + " #" + std::to_string(i)).str(), emitError)))
          return failure();
    return success();
  };
  if (failed(checkValues(operands, "operand")) ||
      failed(checkValues(results, "result")))
    return failure();
  if (auto fakeQuant = dyn_cast<FakeQuantOp>(op))
    if (auto qtype = dyn_cast<quant::QuantizedType>(fakeQuant.getQtype()))
      if (failed(checkStorageType(qtype, "qtype", emitError)))
        return failure();
  return checkFamily(op, operands, results, emitError);
}

LogicalResult mlir::qnn::verifyElementTypes(Operation *op,
                                            TypeRange operandTypes,
                                            TypeRange resultTypes,
                                            EmitErrorFn emitError) {
  return reportTo(op->getContext(), emitError, [&](EmitErrorFn emit) {
    return checkElementTypes(op, operandTypes, resultTypes, emit);
  });
}
