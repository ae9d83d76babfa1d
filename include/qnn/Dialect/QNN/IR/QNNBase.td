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

/// A trait that states what an op is, for the passes and the interpreter to
/// read instead of lists of op classes (see docs/Rationale.md, "What an op
/// is lives in TableGen"). Marker only: the facts each one implies are
/// checked per op by test/unit/QNNOpTraitsTest.cpp.
class QNN_MarkerTrait<string name> : NativeOpTrait<name> {
  let cppNamespace = "::mlir::qnn::OpTrait";
}

// Quantization policy: every qnn op has exactly one of these four.

/// Static quantization gives the result a scale of its own (from its
/// observer) and the op computes in INT8: conv2d, add, concat, the average
/// pools, ...
def QNN_QuantizedCompute : QNN_MarkerTrait<"QuantizedCompute">;
/// Quantized, the result keeps the scale and zero point of the one data
/// operand (operand #0): the op moves, selects or monotonically clamps
/// values. Any other operand is an integer index.
def QNN_InheritsScale : QNN_MarkerTrait<"InheritsScale">;
/// Static quantization leaves the op in f32, with a dequantize / quantize
/// at its boundary (it may still have a weight-only or dynamic form).
def QNN_StaysFloat : QNN_MarkerTrait<"StaysFloat">;
/// Moves a tensor between f32 and a quantized type, or observes it:
/// quantize, dequantize, requantize, fake_quant, dynamic_quantize, observe.
def QNN_QuantizationOp : QNN_MarkerTrait<"QuantizationOp">;

// Semantics.

/// `y[i] = f(x_1[i], ..., x_n[i])` once the operands are broadcast to the
/// result's shape as in NumPy (upstream's `Elementwise` forbids the
/// broadcast, as TOSA's `TosaElementwiseOperator` notes).
def QNN_ElementwiseOperator : QNN_MarkerTrait<"ElementwiseOperator">;
/// `f(k * x) = k * f(x)` for every `k > 0`, `x` the data operand #0 (other
/// operands, if any, being integer indices): relu, max pool, average pools,
/// data movement. Rescaling passes move a factor through such ops.
def QNN_PositivelyHomogeneous : QNN_MarkerTrait<"PositivelyHomogeneous">;
/// A 2-D window over an NCHW tensor: result plane `(n, c)` is computed from
/// input plane `(n, c)` alone, so per-channel (and per-batch) factors pass
/// through when the op is also positively homogeneous.
def QNN_Pool2D : QNN_MarkerTrait<"Pool2D">;

//===----------------------------------------------------------------------===//
// Base op class
//===----------------------------------------------------------------------===//

class QNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<QNN_Dialect, mnemonic,
         !listconcat(traits, [QNN_QuantTypesMatchShapes, QNN_LegalQuantizedTypes])>;

#endif // QNN_BASE_TD
