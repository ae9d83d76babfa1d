//===- QNNBase.td - qnn dialect definition -----------------*- tablegen -*-===//
//
// The qnn dialect: neural-network ops that are polymorphic over f32 and
// `!quant.uniform` tensors, plus the ops that move values between the two.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_BASE_TD
#define QNN_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"

def QNN_Dialect : Dialect {
  let name = "qnn";
  let cppNamespace = "::mlir::qnn";
  let summary = "Quantizable neural-network ops over f32 and !quant.uniform tensors";
  let description = [{
    The `qnn` dialect represents a neural network (imported from ONNX or written
    by hand) at the level of whole operators, before and after quantization.

    Every compute op is *polymorphic*: the same `qnn.conv2d` takes f32 tensors
    before quantization and `!quant.uniform` tensors after it. Element types are
    upstream's quantized types (per-tensor, per-axis and sub-channel); the
    dialect only adds what upstream lacks: calibration statistics
    (`#qnn.stats`), fused activations (`#qnn.activation`), packed-weight
    layouts (`#qnn.layout`), and the ops that quantize with ONNX semantics
    (round half to even, saturation). Tensors have static shapes.

    Numerics, used by every op, the interpreter and generated code alike:

    * quantize: `q = clamp(round_half_to_even(x / s) + z, qmin, qmax)`
    * dequantize: `x = (q - z) * s`
    * requantize: `q_out = clamp(rne(float(acc) * M) + z_out, qmin, qmax)`
      with `M = s_in * s_w / s_out` computed in f32, one multiply, no FMA.

    The verifier of each op accepts exactly the element-type combinations the
    compiler can lower and names the operand that is wrong otherwise.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes (defined in QNNAttrs.cpp).
    void registerAttributes();
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

/// The quantized element types the ops accept: upstream's uniform types (per
/// tensor, per axis, sub-channel). `!quant.any` and `!quant.calibrated` carry
/// no scale, so nothing can compute with them.
def QNN_QuantizedType : Type<
    CPred<"::llvm::isa<::mlir::quant::UniformQuantizedType, "
          "::mlir::quant::UniformQuantizedPerAxisType, "
          "::mlir::quant::UniformQuantizedSubChannelType>($_self)">,
    "uniform quantized type", "::mlir::quant::QuantizedType">;

// Shapes are static: the verifiers compute result shapes, and the compiler
// emits code (and a C ABI) for fixed sizes.
def QNN_FloatTensor : StaticShapeTensorOf<[F32]>;
def QNN_QuantTensor : StaticShapeTensorOf<[QNN_QuantizedType]>;
/// A tensor that a polymorphic op accepts: f32 or quantized elements.
def QNN_Tensor : StaticShapeTensorOf<[F32, QNN_QuantizedType]>;
/// Integer index tensors (gather indices).
def QNN_IndexTensor : StaticShapeTensorOf<[I32, I64]>;
/// Raw integer storage produced by run-time (dynamic) quantization.
def QNN_IntegerStorageTensor : StaticShapeTensorOf<[UI8]>;
def QNN_ScalarF32Tensor : 0DTensorOf<[F32]>;
def QNN_ScalarI32Tensor : 0DTensorOf<[I32]>;

//===----------------------------------------------------------------------===//
// Traits
//===----------------------------------------------------------------------===//

/// Checks every quantized operand and result type against its tensor shape
/// (per-axis: axis in range and one scale per channel; sub-channel: block
/// sizes divide the dimensions). Upstream's type verifier cannot, because
/// it does not see the shape.
def QNN_QuantTypesMatchShapes : NativeOpTrait<"QuantTypesMatchShapes"> {
  let cppNamespace = "::mlir::qnn::OpTrait";
}

/// Checks the quantized element types against the rules of the op's family
/// (QNNLegality.h, docs/Rationale.md): storage u8 / i8 / i4 / i32 spelled
/// signless, and per operand role (activation, weight, bias, result) the
/// storage and granularity the lowering implements. The quantization
/// passes ask the same predicates before they rewrite an op.
def QNN_LegalQuantizedTypes : NativeOpTrait<"LegalQuantizedTypes"> {
  let cppNamespace = "::mlir::qnn::OpTrait";
}

//===----------------------------------------------------------------------===//
// Base op class
//===----------------------------------------------------------------------===//

class QNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<QNN_Dialect, mnemonic,
         !listconcat(traits, [QNN_QuantTypesMatchShapes, QNN_LegalQuantizedTypes])>;

#endif // QNN_BASE_TD
