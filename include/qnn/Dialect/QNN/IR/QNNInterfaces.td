//===- QNNInterfaces.td - qnn op interfaces ----------------*- tablegen -*-===//
//
// What an op is, where a marker trait (QNNBase.td) is not enough because
// the passes need to read or set something through it: the fused
// activation, the bounds of a standalone activation, the roles and layout
// of a weighted op's operands.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_INTERFACES_TD
#define QNN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def QNN_FusedActivationOpInterface : OpInterface<"FusedActivationOpInterface"> {
  let cppNamespace = "::mlir::qnn";
  let description = [{
    An op that applies an optional `#qnn.activation` to its result before
    writing it (before rounding, when the result is quantized). The op
    declares `OptionalAttr<QNN_ActivationAttr>:$activation`; passes read and
    set it through this interface, never by the attribute's name.
  }];
  let methods = [
    InterfaceMethod<
      "The fused activation, null when there is none.",
      "::mlir::qnn::ActivationAttr", "getActivation", (ins), [{
        return $_op.getActivationAttr();
      }]>,
    InterfaceMethod<
      "Sets the fused activation; null removes it.",
      "void", "setActivation", (ins "::mlir::qnn::ActivationAttr":$activation),
      [{
        if (activation)
          $_op.setActivationAttr(activation);
        else
          $_op.removeActivationAttr();
      }]>
  ];
}

def QNN_ActivationOpInterface : OpInterface<"ActivationOpInterface"> {
  let cppNamespace = "::mlir::qnn";
  let description = [{
    A standalone activation `y = min(max(x, lo), hi)` on its one operand
    (relu: `[0, +inf)`, clamp: its bounds). `qnn-fuse-activations` folds it
    into a producer that implements `FusedActivationOpInterface`; since it
    is monotonic, it commutes with quantization
    (`quantize(clamp(x)) = clamp(quantize(x))` with quantized bounds).
  }];
  let methods = [
    InterfaceMethod<
      "The bounds `{lo, hi}` it clamps to, infinite where unbounded.",
      "std::pair<double, double>", "getBounds">
  ];
}

def QNN_WeightedOpInterface : OpInterface<"WeightedOpInterface"> {
  let cppNamespace = "::mlir::qnn";
  let description = [{
    An op that contracts an input with a weight tensor, one output channel
    per slice of the weight along `getWeightOutputChannelDim()`, and
    optionally adds a bias with one value per output channel:
    conv2d (weight `[F, C/groups, KH, KW]`), fully_connected (`[N, K]`),
    matmul (rhs `[..., K, N]`, no bias).

    The layout facts let passes scale output channels (batch-norm folding,
    concat equalization), pick the axis of per-channel weight scales and
    the contraction axis of blocked weights, without knowing the op.
    The default implementations use the accessors named `input`, `weight`
    and `bias`; an op whose operands are named otherwise overrides them.
  }];
  let methods = [
    InterfaceMethod<"The input the weight is applied to.",
      "::mlir::Value", "getInput", (ins), [{}], [{
        return $_op.getInput();
      }]>,
    InterfaceMethod<"The weight operand.",
      "::mlir::Value", "getWeight", (ins), [{}], [{
        return $_op.getWeight();
      }]>,
    InterfaceMethod<"The weight operand, to replace it.",
      "::mlir::OpOperand &", "getWeightMutable", (ins), [{}], [{
        return $_op.getWeightMutable();
      }]>,
    InterfaceMethod<"The bias operand, null when absent.",
      "::mlir::Value", "getBias", (ins), [{}], [{
        return $_op.getBias();
      }]>,
    InterfaceMethod<[{
        The bias operand range (empty when the op has none), to set or
        replace it; `std::nullopt` when the op cannot take a bias.
      }],
      "std::optional<::mlir::MutableOperandRange>", "getBiasMutable", (ins),
      [{}], [{
        return $_op.getBiasMutable();
      }]>,
    InterfaceMethod<[{
        Whether the weight operand may also be a second activation (a
        matmul multiplies two tensors): it is then a weight only when it
        is not computed at run time. A conv2d or fully_connected weight is
        always a weight, constant or not.
      }],
      "bool", "weightMayBeActivation", (ins), [{}], [{ return false; }]>,
    InterfaceMethod<[{
        The input dimension that holds its channels (1 for NCHW, the last
        one for products): the channels the weight contracts.
      }],
      "int64_t", "getInputChannelDim">,
    InterfaceMethod<[{
        The result dimension that holds the output channels, one per slice
        of the weight along `getWeightOutputChannelDim()`.
      }],
      "int64_t", "getResultChannelDim">,
    InterfaceMethod<"The weight dimension that holds the output channels.",
      "int64_t", "getWeightOutputChannelDim">,
    InterfaceMethod<[{
        The weight dimension that the input's channels contract with (for a
        grouped conv2d, the channels of one group).
      }],
      "int64_t", "getWeightInputChannelDim">,
    InterfaceMethod<"The multiply-accumulates one evaluation performs.",
      "int64_t", "getMultiplyAccumulateCount">
  ];
}

#endif // QNN_INTERFACES_TD
