//===- Passes.td - qnn dialect passes ----------------------*- tablegen -*-===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNFuseActivations : Pass<"qnn-fuse-activations"> {
  let summary = "Fuse relu / clamp (and a matmul's bias add) into their producer";
  let description = [{
    Rewrites `relu(p)` and `clamp(p)` (ops with `ActivationOpInterface`)
    into `p` with an `activation` attribute when `p` can apply one
    (`FusedActivationOpInterface`: `qnn.conv2d`, `qnn.fully_connected`,
    `qnn.matmul`, `qnn.add`, `qnn.mul`) and the relu / clamp is its only use
    (otherwise the unactivated value is still needed). An activation `p` already has is
    composed with the new one, `clamp(clamp(x, a, b), c, d) = clamp(x,
    max(a, c), min(b, d))` (PyTorch exports relu6 as Relu then Clip); bounds
    that do not overlap (a constant result) are not fused.

    A clamp to `[0, 6]` becomes `#qnn.activation<relu6>`, `[0, +inf)` (via
    relu) `#qnn.activation<relu>`, anything else
    `#qnn.activation<clamp [lo, hi]>`.

    `add(matmul(x, w), b)` with a 2-D `x`, a constant `[K, N]` `w` and a
    constant `b` of `N` values (PyTorch's `x @ w + b`) becomes
    `fully_connected(x, w^T, b)`, so that the bias is added to the
    accumulator rather than by a float add after a quantized matmul.

    ```mlir
    %0 = qnn.conv2d %x, %w : (...) -> tensor<1x8x4x4xf32>
    %1 = qnn.relu %0 : tensor<1x8x4x4xf32>
    // becomes
    %1 = qnn.conv2d %x, %w {activation = #qnn.activation<relu>} : (...) -> tensor<1x8x4x4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect"];
}

def QNNFoldBatchNorm : Pass<"qnn-fold-batchnorm"> {
  let summary = "Fold inference batch normalization into the producing op";
  let description = [{
    A float `qnn.batch_norm` whose operand is produced by a weighted op
    (`WeightedOpInterface`) that can take a bias and has its output channels
    on axis 1 (a `qnn.conv2d`, grouped and depthwise too, with or without
    bias, or a `qnn.fully_connected`) with constant weights, and used by
    nothing else, is folded into it. With
    `k[c] = scale[c] / sqrt(variance[c] + epsilon)`, for the weight elements
    of output channel `c`:

    ```
    w'[c, ...] = w[c, ...] * k[c]
    b'[c]      = (b[c] - mean[c]) * k[c] + bias[c]      (b = 0 when absent)
    ```

    computed in f64 and rounded once to f32. A batch_norm with nothing to
    fold into (its producer is not such an op, has other uses, or already
    applies an activation) becomes `x * k + (bias - mean * k)`: a `qnn.mul`
    and a `qnn.add` with constant per-channel operands shaped to broadcast
    along axis 1.

    A batch_norm whose parameters are not constants is left alone.
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect"];
}

def QNNInsertObservers : Pass<"qnn-insert-observers"> {
  let summary = "Mark every tensor quantization needs statistics for";
  let description = [{
    Inserts one `qnn.observe` on each float tensor whose scale quantization
    will have to choose:

    * the result of every op that computes in INT8 with a scale of its own
      (the `QNN_QuantizedCompute` trait: conv2d, fully_connected, matmul,
      add, mul, concat, avg_pool2d, global_avg_pool2d, reduce_mean);
    * every activation operand of such an op (graph inputs, and outputs of
      ops that stay float, e.g. a softmax feeding a matmul).

    Tensors produced by ops that keep their operand's scale (the
    `QNN_InheritsScale` trait: max_pool2d, reshape, flatten, squeeze,
    unsqueeze, transpose, slice, pad, relu, clamp, gather) are not observed: the observer goes on the tensor they
    inherit the scale from. Constants (weights) are never observed. Each
    tensor gets at most one observer (running the pass twice adds nothing).

    ```mlir
    %0 = qnn.conv2d %x, %w : ...
    // becomes
    %xo = qnn.observe %x : tensor<1x1x8x8xf32>
    %0 = qnn.conv2d %xo, %w : ...
    %1 = qnn.observe %0 : tensor<1x8x8x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def QNNQuantizeStatic : Pass<"qnn-quantize-static"> {
  let summary = "Quantize a calibrated module statically to INT8";
  let description = [{
    Reads the `#qnn.stats` of every `qnn.observe` (written by
    `quant-run --calibrate`) and quantizes:

    * each observed tensor to u8 asymmetric per tensor, its range chosen by
      `method` (`minmax`, `percentile`, `entropy`, `mse`; see
      include/qnn/Calibration/RangeSelection.h);
    * constant weights of conv2d / fully_connected (and constant matmul
      right-hand sides) to s8 symmetric in [-127, 127], per output channel
      (`per-channel=true`) or per tensor, `s = max|w| / 127`;
    * biases to i32 with scale `s_in * s_w` and zero point 0.

    The observers first become `qnn.quantize` + `qnn.dequantize` pairs.
    Dequantizes then sink below ops that keep their operand's scale (max
    pool, reshape, relu ...), and every INT8-capable op (conv2d,
    fully_connected, matmul, add, mul, concat, avg_pool2d,
    global_avg_pool2d, reduce_mean) whose activation operands all come out
    of a dequantize and whose result is quantized next is rewritten to take
    and produce quantized tensors. Ops without an integer lowering
    (softmax, layer_norm, sigmoid, tanh, ...) stay float between a
    dequantize and a quantize. `keep-float` names more ops, by the name of
    their location (the ONNX node name), that stay float.

    An observer without statistics is an error naming it; so is a
    `keep-float` name that matches no op.
  }];
  let options = [
    Option<"method", "method", "std::string", /*default=*/"\"minmax\"",
           "Range selection: minmax, percentile, entropy or mse">,
    Option<"percentile", "percentile", "double", /*default=*/"99.99",
           "Percentile of the values the range keeps (method=percentile)">,
    Option<"perChannel", "per-channel", "bool", /*default=*/"true",
           "Quantize weights per output channel (else per tensor)">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Names (locations) of ops that stay float">
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

def QNNConvertFakeQuant : Pass<"qnn-convert-fake-quant"> {
  let summary = "Quantize a QAT / Q-DQ model with the scales its fake_quants give";
  let description = [{
    For an imported quantization-aware-trained or Q-DQ model: no
    calibration, every tensor keeps exactly the quantization the model
    states.

    * Each `qnn.fake_quant %x {qtype = T}` becomes `qnn.dequantize
      (qnn.quantize %x : T)`; on a float constant the quantize is computed
      now (an integer `arith.constant` viewed as `T` through `quant.scast`).
    * A quantize after a `qnn.relu` / `qnn.clamp` moves above it (exact:
      quantize is monotonic), so that the producer of a QAT-fused
      conv + relu is quantized next.
    * `avg_pool2d` / `global_avg_pool2d` of a quantized tensor with no
      fake_quant after it keep their operand's type, as PyTorch's quantized
      pools do.
    * Then the steps of `qnn-quantize-static`: dequantizes sink below ops
      that keep their operand's scale, and every INT8-capable op whose
      activations come out of dequantizes and whose result is quantized next
      computes in INT8. A conv2d / fully_connected weight must be given
      quantized (`qnn.dequantize` of a `quant.scast`) and is used as it is,
      nothing requantized; a float bias constant becomes i32 at
      `s_in * s_w`, a bias given as `qnn.dequantize(b)` is used as `b`.
    * What the verifier rejects (e.g. a per-axis weight with a non-zero zero
      point) and ops without an INT8 form stay float between a dequantize
      and a quantize. A fake_quant between two float ops stays as a
      quantize + dequantize pair: its rounding is part of the model, unlike
      an observer's.

    ```mlir
    %0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x4xf32>
    %w = qnn.dequantize %ws : tensor<2x4x!quant.uniform<i8:f32:0, {0.01, 0.02}>> -> tensor<2x4xf32>
    %1 = qnn.fully_connected %0, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
    %2 = qnn.fake_quant %1 {qtype = !quant.uniform<u8:f32, 0.2:128>} : tensor<1x2xf32>
    // becomes
    %q = qnn.quantize %x : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<u8:f32, 0.1>>
    %1 = qnn.fully_connected %q, %ws : (...) -> tensor<1x2x!quant.uniform<u8:f32, 0.2:128>>
    %2 = qnn.dequantize %1 : ... -> tensor<1x2xf32>
    ```
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

def QNNQuantizeDynamic : Pass<"qnn-quantize-dynamic"> {
  let summary = "Quantize constant weights to INT8, activations at run time";
  let description = [{
    Dynamic quantization (ONNX DynamicQuantizeLinear): needs no calibration.

    * A f32 `qnn.fully_connected` with a constant weight, or a f32
      `qnn.matmul` with a constant `rhs`, gets its weight quantized to s8
      symmetric in [-127, 127] (`s = max|w| / 127`), per output channel
      (fully_connected axis 0, matmul `rhs` last axis) with
      `per-channel=true`, else per tensor. Its activation goes through
      `qnn.dynamic_quantize` (one per tensor, shared by all its consumers)
      and the op takes the dynamic form; bias and result stay f32, a fused
      activation is kept.
    * A f32 `qnn.lstm` with constant `W` and `R` gets both quantized the
      same way, per gate row (axis 1) or per tensor; the op then quantizes
      `X_t` and `H_{t-1}` itself at every step.

    ```mlir
    %y = qnn.fully_connected %x, %w, %b : (...) -> tensor<1x10xf32>
    // becomes
    %q, %s, %z = qnn.dynamic_quantize %x : tensor<1x64xf32> -> tensor<1x64xui8>, tensor<f32>, tensor<i32>
    %y = qnn.fully_connected %q, %wq, %b input_scale(%s, %z) : (...) -> tensor<1x10xf32>
    ```

    Ops whose weight is not a constant stay float. `qnn.observe` ops are
    removed first: their statistics are not needed.

    With `only-lstm`, only `qnn.lstm` ops are quantized: run after
    `qnn-quantize-static`, which leaves LSTMs float, it gives a model
    static INT8 convs and matmuls and an LSTM whose gate products run in
    INT8 (PyTorch's recipe for recurrent layers), while every op static
    quantization kept float on purpose (`keep-float`) stays float.
  }];
  let options = [
    Option<"perChannel", "per-channel", "bool", /*default=*/"true",
           "Quantize weights per output channel (else per tensor)">,
    Option<"onlyLSTM", "only-lstm", "bool", /*default=*/"false",
           "Quantize only qnn.lstm ops (after static quantization)">
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

def QNNQuantizeWeightsInt4 : Pass<"qnn-quantize-weights-int4"> {
  let summary = "Quantize constant weights to blocked INT4 (weight-only)";
  let description = [{
    The constant weight of every f32 `qnn.fully_connected` (`[N, K]`) and
    the constant `rhs` of every f32 `qnn.matmul` (`[..., K, N]`) becomes i4
    symmetric in [-7, 7] with one scale per block of `block-size`
    consecutive elements along K (`s = max|w| / 7` over the block, 1 for
    an all-zero block), as an upstream sub-channel type:

    ```mlir
    %w = quant.scast %c : tensor<4x64xi4>
         to tensor<4x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{...}}>>
    %y = qnn.fully_connected %x, %w, %b : (tensor<2x64xf32>, ...) -> tensor<2x4xf32>
    ```

    Activations, bias and result stay f32 (the weight-only form: the
    weight is dequantized and the op runs in float). A K shorter than
    `block-size` is one block (one scale per output channel); an op whose
    longer K is not a multiple of `block-size` stays float, with a warning.
    `block-size` must be 32, 64 or 128.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"64",
           "Elements along K sharing one scale: 32, 64 or 128">
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

def QNNPrintSummary : Pass<"qnn-print-summary"> {
  let summary = "Print how much of the model is quantized (ops, MACs, bytes)";
  let description = [{
    An analysis: prints to stderr, per op name, how many ops compute in
    INT8 and how many in float; the multiply-accumulates of conv2d,
    fully_connected and matmul in INT8 (static or dynamic form) and in float
    (weight-only ops compute in float); and the bytes of the constant
    tensors (weights and biases) as stored, next to what they take in f32.

    ```
    qnn summary
      op                       int8  float
      qnn.conv2d                  4      0
      ...
      MACs: 1234567 int8, 0 float (100.0 % int8)
      weight bytes: 10040 stored, 40168 as f32 (25.0 %)
    ```

    The IR is not changed.
  }];
}

def QNNEqualizeConcatRanges : Pass<"qnn-equalize-concat-ranges"> {
  let summary = "Give the branches of a concat equal ranges before quantizing";
  let description = [{
    A quantized `qnn.concat` has one scale, so a branch whose range is 100x
    smaller than another's is left with two or three of the 256 levels
    under one shared min-max scale. This pass runs on a calibrated module
    (after `quant-run --calibrate`, before `qnn-quantize-static`) and removes
    the imbalance from the float model itself, without changing what it
    computes:

    * branch `i` of the concat is multiplied by `k_i > 0` at its producer: a
      weighted op (conv2d, fully_connected, matmul; constant weight and
      bias) whose result reaches the concat only through positively
      homogeneous ops (`QNN_PositivelyHomogeneous`, `f(k x) = k f(x)`: relu,
      pools, reduce_mean, reshape, flatten, squeeze, unsqueeze, transpose,
      slice, gather) and observers, each used once. Its weight and
      bias are scaled by `k_i`; a fused `relu6` becomes `clamp [0, 6 k_i]`
      and `clamp [lo, hi]` becomes `clamp [k_i lo, k_i hi]`;
    * every consumer of the concat divides the weights it applies to branch
      `i`'s channels by `k_i`: the input-channel slice of a conv2d weight
      (the concat on axis 1), the input-feature columns of a
      fully_connected weight or rows of a constant matmul right-hand side
      (the concat on the last axis), possibly through ops that keep each
      channel in place (relu; pools when the concat is on axis 0 or 1).
      A concat with any other consumer is left alone;
    * the `#qnn.stats` of the rescaled observers are scaled with the tensor
      (exact) and the concat's are merged from its branches'
      (`mergeStats`).

    `k_i` brings branch `i`'s calibrated range width `max(max, 0) -
    min(min, 0)` to the reference: the widest branch that cannot be
    rescaled (a graph input, a shared tensor ...), else the widest
    branch. After quantization every branch of the concat uses the full
    8 bits; the precision moves into the consumer's per-channel weights,
    which have it to spare. Concats whose branch widths differ by less than
    `min-ratio` are left alone. See docs/Rationale.md.
  }];
  let options = [
    Option<"minRatio", "min-ratio", "double", /*default=*/"4.0",
           "Equalize a concat only when its widest branch range is at "
           "least this many times its narrowest">
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect"];
}

def QNNPropagateScales : Pass<"qnn-propagate-scales"> {
  let summary = "Make quantized operands arrive in the scale their consumer writes";
  let description = [{
    Runs after quantization:

    * `quantize(dequantize(x : T1)) : T2` becomes `requantize(x) : T2`
      (and folds away when `T1 == T2`): no float round trip between two
      quantized ops.
    * `qnn.concat` gets every operand in its result type, so that it is a
      copy: an operand produced by an INT8 op (or a quantize / requantize)
      used only by the concat is retargeted to write the concat's type
      directly (one rounding instead of two); any other operand of another
      type goes through a `qnn.requantize`.
    * `requantize(requantize(x : T0) : T1) : T2` becomes `requantize(x) : T2`
      when the inner result has no other use and `T1` holds every value of
      `T0` (the inner step would only round, not clip).

    Ops that keep their operand's scale (max pool, reshape, relu, ...) and
    `qnn.add` (which rescales both operands into its output scale itself,
    DESIGN's add rule) need nothing.

    ```mlir
    %a = qnn.conv2d ... -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02>>
    %c = qnn.concat %a, %b {axis = 1 : i64} : (...) -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05>>
    // becomes
    %a = qnn.conv2d ... -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05>>
    %r = qnn.requantize %b : ... -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05>>
    %c = qnn.concat %a, %r {axis = 1 : i64} : (...) -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05>>
    ```
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def QNNNhwcInterface : Pass<"qnn-nhwc-interface", "ModuleOp"> {
  let summary = "Give the model's rank-4 inputs and outputs the NHWC layout";
  let description = [{
    `qnn` ops (and ONNX) take images as NCHW, while the compiled model
    computes in NHWC: a model library's NCHW interface costs a transpose of
    every image input and output. A caller whose data is NHWC already (a
    camera frame, a TFLite-style pipeline, a benchmark handing both
    libraries their preferred layout) can ask for an NHWC interface
    instead (`quant-compile --io-layout nhwc`).

    In every public function with a body, each rank-4 ranked tensor
    argument `[N, C, H, W]` becomes `[N, H, W, C]` and is read through
    `qnn.transpose {perm = [0, 3, 1, 2]}`; each rank-4 result is returned
    through `qnn.transpose {perm = [0, 2, 3, 1]}`. The argument or result
    gets the attribute `qnn.layout = "nhwc"`, which the model library's
    `qnn_tensor_info` reports as `QNN_LAYOUT_NHWC`. The values computed are
    unchanged: the lowering's own transposes around its NHWC convs and
    pools cancel against the new ones (`qnn-sink-transposes`), so that a
    conv at the interface reads and writes the caller's buffers directly.
    Tensors of other ranks, and arguments or results already marked, are
    left alone. A rank-4 tensor quantized per axis is an error (activations
    at a model's interface are quantized per tensor).

    ```mlir
    func.func @main(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32>
    // becomes
    func.func @main(%x: tensor<1x8x8x3xf32> {qnn.layout = "nhwc"})
        -> (tensor<1x8x8x4xf32> {qnn.layout = "nhwc"}) {
      %0 = qnn.transpose %x {perm = array<i64: 0, 3, 1, 2>} : ...
      ...
      %r = qnn.transpose %y {perm = array<i64: 0, 2, 3, 1>} : ...
      return %r : tensor<1x8x8x4xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
