//===- QNNShapeOps.td - data movement and reductions -------*- tablegen -*-===//
//
// Ops that move or select elements without arithmetic (their quantized
// forms keep the operand's scale), plus concat and reduce_mean.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SHAPE_OPS_TD
#define QNN_SHAPE_OPS_TD

include "qnn/Dialect/QNN/IR/QNNBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

/// A data-movement op whose result type follows from its operands and
/// attributes; quantized, the result keeps the operand's element type
/// (a per-axis type has its axis moved with the data).
class QNN_LayoutOp<string mnemonic, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                            QNN_InheritsScale])> {
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def QNN_ConcatOp : QNN_Op<"concat", [Pure, QNN_QuantizedCompute]> {
  let summary = "Concatenation along one axis (ONNX Concat)";
  let description = [{
    Operands agree on every dimension but `axis`; the result's `axis`
    dimension is their sum. Float, or every operand and the result quantized
    per tensor; an operand whose scale or zero point differs from the
    result's is requantized into it (`M = s_in / s_out`, DESIGN's rule).

    ```mlir
    %y = qnn.concat %a, %b {axis = 1 : i64}
         : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
    ```
  }];
  let arguments = (ins Variadic<QNN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_ReduceMeanOp : QNN_Op<"reduce_mean", [Pure, QNN_QuantizedCompute,
    QNN_PositivelyHomogeneous]> {
  let summary = "Mean over the given axes (ONNX ReduceMean)";
  let description = [{
    `y = (1 / prod_{a in axes} d_a) * sum_{axes} x`; reduced dimensions are
    kept as 1 when `keepdims`, else dropped. `axes` are distinct, in
    `[-rank, rank)`; empty means every axis. Float, or operand and result
    quantized per tensor.

    ```mlir
    %y = qnn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true}
         : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_ReshapeOp : QNN_Op<"reshape", [Pure, QNN_InheritsScale,
    QNN_PositivelyHomogeneous]> {
  let summary = "Reinterprets a tensor with another static shape";
  let description = [{
    Same elements in row-major order, new shape (the result type). Element
    counts and element types are equal; a per-axis quantized tensor cannot
    be reshaped (its channels would move).

    ```mlir
    %y = qnn.reshape %x : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def QNN_FlattenOp : QNN_LayoutOp<"flatten", [QNN_PositivelyHomogeneous]> {
  let summary = "Flattens to 2-D around an axis (ONNX Flatten)";
  let description = [{
    `x: [d_0, ..., d_(r-1)]` becomes `[d_0 * ... * d_(axis-1), d_axis * ... *
    d_(r-1)]`, `0 <= axis <= rank` (negative counts from the back).

    ```mlir
    %y = qnn.flatten %x {axis = 1 : i64} : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let hasFolder = 1;
}

def QNN_SqueezeOp : QNN_LayoutOp<"squeeze", [QNN_PositivelyHomogeneous]> {
  let summary = "Removes dimensions of size 1 (ONNX Squeeze)";
  let description = [{
    Drops the dimensions listed in `axes` (each of size 1, distinct, in
    `[-rank, rank)`); with no `axes`, drops every dimension of size 1.

    ```mlir
    %y = qnn.squeeze %x {axes = array<i64: 2, 3>} : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$axes);
  let hasFolder = 1;
}

def QNN_UnsqueezeOp : QNN_LayoutOp<"unsqueeze", [QNN_PositivelyHomogeneous]> {
  let summary = "Inserts dimensions of size 1 (ONNX Unsqueeze)";
  let description = [{
    The result has rank `r + len(axes)`; `axes` index the *result*, are
    distinct and in `[-(r + len(axes)), r + len(axes))`, and a 1 is placed at
    each of them.

    ```mlir
    %y = qnn.unsqueeze %x {axes = array<i64: 0>} : tensor<4xf32> -> tensor<1x4xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$axes);
}

def QNN_TransposeOp : QNN_LayoutOp<"transpose", [QNN_PositivelyHomogeneous]> {
  let summary = "Permutes dimensions (ONNX Transpose)";
  let description = [{
    `y.shape[k] = x.shape[perm[k]]` and
    `y[j_0, ..., j_(r-1)] = x[i]` with `i[perm[k]] = j_k`. `perm` is a
    permutation of `[0, rank)`.

    ```mlir
    %y = qnn.transpose %x {perm = array<i64: 0, 2, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$perm);
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def QNN_SliceOp : QNN_LayoutOp<"slice", [QNN_PositivelyHomogeneous]> {
  let summary = "Strided slice with static, normalized bounds (ONNX Slice)";
  let description = [{
    One entry per dimension: `y.shape[k] = ceil((ends[k] - starts[k]) /
    steps[k])` and `y[j] = x[starts + j * steps]`, with
    `0 <= starts[k] <= ends[k] <= x.shape[k]` and `steps[k] >= 1` (the
    importer normalizes ONNX's negative and out-of-range bounds).

    ```mlir
    %y = qnn.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 2, 4>,
                       steps = array<i64: 1, 2>} : tensor<2x4xf32> -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let hasFolder = 1;
}

def QNN_PadOp : QNN_LayoutOp<"pad"> {
  let summary = "Constant padding (ONNX Pad, mode constant)";
  let description = [{
    `pads = [b_0, ..., b_(r-1), e_0, ..., e_(r-1)]` (ONNX order), all >= 0:
    `y.shape[k] = b_k + x.shape[k] + e_k`, the new positions hold `value` (a
    real value; quantized, its quantization under the operand's type, which
    for the default 0 is the zero point).

    ```mlir
    %y = qnn.pad %x {pads = array<i64: 0, 1, 0, 1>} : tensor<2x3xf32> -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<F32Attr, "0.0">:$value);
  let hasFolder = 1;
}

def QNN_GatherOp : QNN_Op<"gather", [Pure, InferTypeOpAdaptor, QNN_InheritsScale,
    QNN_PositivelyHomogeneous]> {
  let summary = "Gathers slices along an axis by index (ONNX Gather; embeddings)";
  let description = [{
    `y.shape = data.shape[:axis] + indices.shape + data.shape[axis+1:]` and
    `y[p, i, s] = data[p, indices[i], s]`; negative indices count from the
    back, an index outside `[-d, d)` is a run-time error. Quantized, the
    result keeps the data's element type.

    ```mlir
    %y = qnn.gather %table, %ids {axis = 0 : i64}
         : (tensor<100x16xf32>, tensor<2x5xi64>) -> tensor<2x5x16xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$data, QNN_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

#endif // QNN_SHAPE_OPS_TD
