//===- Passes.td - qnn conversion passes -------------------*- tablegen -*-===//

#ifndef QNN_CONVERSION_PASSES_TD
#define QNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNLowerToLinalg : Pass<"qnn-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower qnn ops, float and quantized, to linalg / tensor / arith / math";
  let description = [{
    Every `qnn` op becomes upstream `linalg`, `tensor`, `arith` and `math`
    ops on tensors, with the quantized arithmetic explicit: `!quant.uniform`
    element types become their signless storage integers (`u8` and `i8` as
    `i8`, sub-byte `i4` widened to an `i8` container, `i32` as `i32`; the
    raw `ui8` storage of `qnn.dynamic_quantize` as `i8` too),
    function signatures included, and each rule of the numerics library
    (`QuantNumerics.h`) is emitted as the sequence of f32 / i32 operations the
    interpreter performs (`EmitNumerics.h`), so that generated code matches
    the reference interpreter bit for bit.

    `quant.scast` disappears (both sides convert to the same storage type).
    An op that is left (a form without a lowering) is an error naming it.
    A `qnn.observe` is an error too ("calibrate and quantize first") unless
    `lower-observers` is set (compiled calibration): then observer `i` (in
    walk order) becomes a call `qnn_observe(i, x)` of the runtime's
    statistics collector with the observed f32 tensor flattened, and its
    result is its input.

    ```mlir
    %y = qnn.relu %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>>
    // becomes
    %y = linalg.generic {...} ins(%x : tensor<4xi8>) outs(...) {
      ^bb0(%in: i8, %out: i8):
        %0 = arith.extui %in : i8 to i32
        ... clamp to [128, 255] ...
    }
    ```
  }];
  let options = [
    Option<"lowerObservers", "lower-observers", "bool", /*default=*/"false",
           "Lower qnn.observe to calls of the runtime statistics collector "
           "(compiled calibration) instead of rejecting it">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def QNNSinkTransposes : Pass<"qnn-sink-transposes"> {
  let summary = "Move linalg.transpose below elementwise ops and cancel pairs";
  let description = [{
    Convolutions and pools run in NHWC while qnn ops are NCHW, so their
    lowerings transpose around the linalg op. This pass makes activations
    NHWC inside the model: an elementwise `linalg.generic` (every loop
    parallel, the result written through the identity map) one of whose
    operands is a `linalg.transpose` read through the identity map is
    rewritten to iterate in the transpose's input layout, reading every
    other operand through its map composed with the permutation, and the
    transpose moves below it. A transpose of a transpose becomes one
    transpose, or nothing when the permutations cancel. Transposes then
    remain only where the layout really changes meaning: before a reshape
    and at the model's inputs and results.

    Values and the order of every arithmetic operation are unchanged (a
    transpose moves data, it computes nothing), so results stay bit-identical.

    ```mlir
    %t = linalg.transpose ins(%conv_nhwc) ... permutation = [0, 3, 1, 2]
    %r = linalg.generic {relu} ins(%t) ...        // NCHW
    %u = linalg.transpose ins(%r) ... permutation = [0, 2, 3, 1]
    // becomes
    %r = linalg.generic {relu} ins(%conv_nhwc) ... // NHWC
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def QNNAllocateArena : Pass<"qnn-allocate-arena", "::mlir::ModuleOp"> {
  let summary = "Place every static buffer of the model entry in one arena argument";
  let description = [{
    Runs after bufferization. Every `memref.alloc` of a public function (or
    of the function named by `entry`) becomes a `memref.view` into one byte
    buffer, the arena, which the function takes as a new trailing argument
    `memref<N x i8>`; its `memref.dealloc`s are removed. Offsets are computed
    at compile time, each a multiple of 64 bytes (or of the alloc's larger
    `alignment`), and two buffers share bytes only when their live ranges
    (from the alloc to the last use of the buffer or of a view of it, in the
    function's top-level op order) do not overlap. The function gets the
    attribute `qnn.arena_size = N : i64`, which survives the conversion to
    the LLVM dialect.

    A caller passes an arena of at least N bytes, 64-byte aligned, that no
    other call uses at the same time; the function then allocates nothing,
    so the model runtime's `run` does not either.

    ```mlir
    func.func @main(%x: memref<4xf32>, %y: memref<4xi8>) {
      %0 = memref.alloc() {alignment = 64 : i64} : memref<4xi8>
      ...
    }
    // becomes
    func.func @main(%x: memref<4xf32>, %y: memref<4xi8>, %arena: memref<64xi8>)
        attributes {qnn.arena_size = 64 : i64} {
      %c0 = arith.constant 0 : index
      %0 = memref.view %arena[%c0][] : memref<64xi8> to memref<4xi8>
      ...
    }
    ```

    An alloc with a dynamic size, a non-identity layout or a memory space,
    a buffer that is returned, or a function that is called from the module
    is an error: the arena is sized once, at compile time, per entry.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"\"",
           "The function to allocate the arena for (default: every public "
           "function with a body)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def QNNLinalgToKernels : Pass<"qnn-linalg-to-kernels", "::mlir::ModuleOp"> {
  let summary = "Rewrite f32 and INT8 convolutions (dense and depthwise) and matmuls on buffers into vector kernels";
  let description = [{
    Runs after bufferization, before the remaining linalg ops become loops.
    Each f32 `linalg.conv_2d_nchw_fchw`, `linalg.conv_2d_ngchw_gfchw`, 2-D
    `linalg.matmul` (with a [K, N] or [N, K] right-hand side) and the NHWC
    `linalg.generic` of the lowering's dense float conv (loops (n, oh, ow,
    f, c, kh, kw), body `out + x * w`) whose shapes
    are static becomes a register-tiled kernel: the output channels (or
    columns) are vectorized, a tile of output pixels (or rows) shares each
    weight vector, and the accumulators stay in registers for the whole
    reduction. The weights are re-laid out as [column block][reduction...]
    [block columns] (zero-filled past the last column): at compile time into
    a new constant global when they are constant, by a packing loop into a
    buffer otherwise.

    Each output element still sums its products in the interpreter's order:
    it starts from the output's value (the bias) and adds `w * x` for the
    reduction indices in lexicographic order ((c, kh, kw) for a convolution,
    k for a matmul), one rounded `arith.mulf` then one `arith.addf` per
    product, no fused multiply-add, no reassociation. Only independent
    output elements share a vector, so results are bit-identical to the
    loops this pass replaces.

    The INT8 contractions the QNN lowering produces take the same kernel on
    i32 lanes: `linalg.conv_2d_nhwgc_gfhwc`, 2-D `linalg.matmul` and the
    `linalg.generic` ops with their indexing maps, with i8 (or narrower)
    operands, an i32 output and the body `acc + ext(x) * (ext(w) - zw)`
    (each `ext` an `arith.extsi` or `arith.extui`, the `- zw` optional).
    Columns are output channels per group for a convolution (rows its
    output pixels, the reduction (kh, kw, c)). The weights are packed as
    the values `ext(w) - zw`, in i16 when every one of them fits (8-bit
    weights) and in i32 otherwise, sign-extended to i32 as they are
    loaded; the kernel adds `ext(x) * packed` with `arith.muli` and
    `arith.addi` on i32 lanes: the same products and, modulo 2^32, the same
    sums in any order. Ops with fewer than 4 columns per group (depthwise
    convolutions take the kernels below) and batched matmuls of two
    activations stay loops; a matmul of a batched activation by a weight is
    first collapsed to a 2-D one.

    With `int8-dot-width` (16 or 8: AVX512-VNNI or AVX-VNNI), those with
    8-bit activations and constant weights whose `ext(w) - zw` fit in i8
    take a 4-way dot-product kernel instead: weights packed at compile time
    as i8 [block][reduction...][group of 4][block columns x 4], four
    activation bytes loaded as one i32 and broadcast, one `vector.contract`
    of `extui` x `extsi` operands per accumulator and step (which
    `qnn-lower-x86-vnni` turns into `vpdpbusd`). i8 activations are read as
    the u8 `x + 128`, the accumulators starting from the precomputed
    `-128 * sum w` per column. When the i32 output is a buffer of its own,
    written before by a bias broadcast and read after by one elementwise
    generic (the requantization), the kernel starts its accumulators from
    the bias, applies the generic's body to them in registers and stores
    only its result; both generics are erased. The INT8 depthwise kernel
    absorbs its bias and requantization the same way, and the NHWC f32 conv
    its bias and a fused activation (an init right before the kernel is
    absorbed even when y is not a buffer of its own). Tiles: 6 rows x 4
    vectors for f32 at vector-width 16, 6 x 2 for the i32 kernels.

    Depthwise convolutions (one input channel per group) take their own
    kernels. The f32 `linalg.generic` of the conv2d lowering (NCHW,
    dimensions (n, g, fg, oh, ow, c, kh, kw), any channel multiplier fg)
    vectorizes the output columns: each lane adds `w * x` for (kh, kw) in
    lexicographic order, and a tap that falls in the padding is skipped,
    as the generic's body skips it (a `select` keeping the accumulator),
    never added as `w * 0`. Rows and column vectors whose windows stay
    inside the input need no test; the border rows test the input row at
    run time and the border vectors use constant lane masks. A strided
    row is read as `stride * W` consecutive inputs and shuffled. The INT8
    `linalg.conv_2d_nhwgc_gfhwc`, or its generic that zero-extends u8
    activations, with fg = 1 (NHWC, input padded with the zero point)
    vectorizes the channels: `vector<W x i8>` inputs extended as the body
    extends them, weights packed as [kh][kw][channel] i32 (a constant
    global, or a packing loop for run-time weights), `muli` then `addi`;
    with `int8-dot-width` each product is instead a 2-way i16 dot product
    (the input lane as the i16 pair (x, x >> 16), the weight packed as
    (w, 0)), a `vector.contract` that `qnn-lower-x86-vnni` makes
    `vpdpwssd`.

    ```mlir
    linalg.conv_2d_nchw_fchw ins(%x, %w : memref<1x64x58x58xf32>, memref<64x64x3x3xf32>)
                             outs(%y : memref<1x64x56x56xf32>)
    // becomes, for vector-width 16 (two vectors of output channels, six pixels):
    scf.for %fb ... scf.for %p ... {
      %acc = ... (12 x vector<16xf32> read from %y)
      %r = scf.for %c = 0 to 64 iter_args(%acc...) {
        %w0 = vector.load %packed[%fb, %c, 0, 0, 0] : memref<2x64x3x3x32xf32>, vector<16xf32>
        %x0 = memref.load %x[0, %c, %ih, %iw] ; %b0 = vector.broadcast %x0
        %m = arith.mulf %w0, %b0 ; %a = arith.addf %acc0, %m ...
      }
      ... written back to %y
    }
    ```
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"4",
           "32-bit (f32 or i32) lanes per vector: 4 (SSE2, NEON), 8 (AVX2) "
           "or 16 (AVX-512)">,
    Option<"int8DotWidth", "int8-dot-width", "int64_t", /*default=*/"0",
           "i32 lanes of the target's 4-way u8 x s8 dot product: 16 "
           "(AVX512-VNNI), 8 (AVX-VNNI), 0 (none: INT8 contractions use "
           "i16 x i16 products)">,
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def QNNVectorizeElementwise : Pass<"qnn-vectorize-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Tile and vectorize elementwise linalg.generic ops";
  let description = [{
    Runs on tensors, before bufferization (and again on buffers after
    qnn-linalg-to-kernels, for what is left). Each `linalg.generic` whose
    iterators are all parallel, whose loop sizes are static and whose body
    upstream's vectorizer takes (`tensor.extract` included: the pad of a
    convolution) is tiled by an `scf.forall` into tiles of one element along
    every dimension but the innermost, which keeps a chunk of up to
    `max-chunk` elements (its largest divisor that fits), and each tile is
    vectorized (`linalg::vectorize`): `vector.transfer_read`, the body's ops
    on vectors, `vector.transfer_write`. The leading unit dimensions of the
    vectors are then dropped.

    A `linalg.transpose` on tensors (the NCHW boundary of a model whose
    inside is NHWC) becomes a generic tiled in two dimensions: up to 16
    elements of the loop that indexes the input's innermost dimension and
    of the innermost loop, so that the tile is read and written as
    contiguous rows and transposed in registers (`vector.transpose`,
    lowered to shuffles).

    A generic with reductions (on tensors) is taken when they are all
    outer loops and the innermost loop is parallel (a global average
    pool's sum over NHWC): the parallel loops are tiled as above, the
    reductions become sequential `scf.for` loops, one element per step,
    carrying the vector of partial results.

    Every element is still computed by the same scalar operations on the
    same operands in the same order (arith and math ops act lane by lane;
    a lane's reduction runs in the loops' order), so the results are
    bit-identical to the loops it replaces:
    the requantization, activation, residual-add, bias-broadcast and pad
    ops between the kernels. The `scf.forall` becomes an `scf.parallel`
    after bufferization (`scf-forall-to-parallel`), so that the thread pool
    takes it.

    ```mlir
    %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = [4 x "parallel"]}
           ins(%acc : tensor<1x56x56x64xi32>) outs(%e : tensor<1x56x56x64xi8>) {...}
    // becomes
    %r = scf.forall (%i, %j, %k) in (1, 56, 56) shared_outs(%o = %e) -> (tensor<1x56x56x64xi8>) {
      %v = vector.transfer_read %acc[%i, %j, %k, %c0], %c0_i32 {in_bounds = [true]} : tensor<1x56x56x64xi32>, vector<64xi32>
      ... (the body on vector<64xi32>) ...
      %w = vector.transfer_write %q, %slice[%c0, %c0, %c0, %c0] ...
      scf.forall.in_parallel { tensor.parallel_insert_slice %w into %o[...] }
    }
    ```
  }];
  let options = [
    Option<"maxChunk", "max-chunk", "int64_t", /*default=*/"64",
           "The most elements of the innermost dimension per vector">,
    Option<"leaveContractionNeighbors", "leave-contraction-neighbors",
           "bool", /*default=*/"false",
           "Leave alone the generics that initialize an INT8 contraction's "
           "accumulator or read its result (through reshapes): "
           "qnn-linalg-to-kernels folds them into its dot-product kernel, "
           "and a second run of this pass on buffers takes those it did not">,
    Option<"leaveFloatConvNeighbors", "leave-float-conv-neighbors",
           "bool", /*default=*/"false",
           "The same for the NHWC f32 convolutions (dense and depthwise: "
           "an f32 [N, OH, OW, C] output on the four leading loops), whose "
           "kernels fold in the bias broadcast and an activation">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

def QNNLowerX86Vnni : Pass<"qnn-lower-x86-vnni"> {
  let summary = "Rewrite i8 and i16 dot-product vector.contract ops to vpdpbusd and vpdpwssd";
  let description = [{
    The INT8 kernels of `qnn-linalg-to-kernels{int8-dot-width=W}` reduce
    groups of four bytes with

    ```mlir
    %a = arith.extui %x : vector<Wx4xi8> to vector<Wx4xi32>   // u8
    %b = arith.extsi %w : vector<Wx4xi8> to vector<Wx4xi32>   // s8
    %r = vector.contract {indexing_maps = [(n, k) -> (n, k), (n, k) -> (n, k),
                                           (n, k) -> (n)],
                          iterator_types = ["parallel", "reduction"],
                          kind = #vector.kind<add>} %a, %b, %acc
         : vector<Wx4xi32>, vector<Wx4xi32> into vector<Wxi32>
    ```

    that is, `r[n] = acc[n] + sum_k u8(x[n, k]) * s8(w[n, k])` with the
    sum modulo 2^32. This pass rewrites each such contract with W = 16 into
    `llvm.x86.avx512.vpdpbusd.512` and with W = 8 into
    `llvm.x86.avx512.vpdpbusd.256` (the VEX `vpdpbusd` of AVX-VNNI when the
    target has no AVX512-VL), whose operands are the accumulator and the
    two operands' bytes as `vector<4Wxi8>`. The instruction computes the
    same value: each u8 x s8 product is exact in 16 bits, and the four and
    the accumulator are added without saturation, modulo 2^32.

    The INT8 depthwise kernel's 2-way i16 dot products, `contract(extsi(x :
    vector<Wx2xi16>), extsi(w : vector<Wx2xi16>), acc)` with the same maps,
    become `llvm.x86.avx512.vpdpwssd.512` / `.256` (also AVX512-VNNI /
    AVX-VNNI) on the operands' words as `vector<2Wxi16>`: each i16 x i16
    product is exact in 32 bits and the sum wraps modulo 2^32.

    Any other contract is left to the generic vector lowering.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::vector::VectorDialect"];
}

def QNNParallelizeLoops : Pass<"qnn-parallelize-loops", "::mlir::ModuleOp"> {
  let summary = "Run the outermost scf.parallel loops on the runtime's thread pool";
  let description = [{
    Runs after bufferization and `convert-linalg-to-parallel-loops`, on
    memrefs. Each outermost `scf.parallel` (no `scf.parallel` around it,
    no reductions) of a function with a body, when it is worth it (below),
    becomes a call

    ```
    qnn_rt_parallel_for(n, @body, captures)
    ```

    of the model runtime (`qnn/Runtime/ThreadPool.h`), which runs
    `body(captures, begin, end)` over contiguous chunks of [0, n) on the
    threads of the current pool and returns when all are done.

    * The leading dimensions of the loop (those with a constant trip count)
      are linearized until there are at least 64 iterations (or none is
      left): n is the product of their trip counts. Iteration t of the
      chunk is delinearized back into their induction variables; the other
      dimensions stay an `scf.parallel` inside, and the body is unchanged,
      so every element is computed by the same operations in the same order
      as before (nested `scf.for` reductions run in index order in one
      thread).
    * `@body` is a new private `func.func @<function>_parallel<k>(%captures:
      !llvm.ptr, %begin: i64, %end: i64)`. Constants the loop uses are
      cloned into it; every other value defined outside is stored into one
      `!llvm.struct` on the caller's stack (an `llvm.alloca` in the entry
      block): an `index` as `i64`, a memref as its LLVM descriptor (through
      `builtin.unrealized_conversion_cast`, which the conversion to LLVM
      resolves), an LLVM-compatible scalar or vector as itself. A loop
      capturing any other type is left sequential.
    * Worth it: the estimated work, trip count of every dimension times the
      op count of the body (ops in nested loops with constant bounds counted
      once per iteration, an op on a vector once per element), is at least
      `min-work`; a thread pool wake-up
      costs about as much as some ten thousand scalar ops. Loops whose
      leading dimension has no constant trip count are left sequential.

    Only `scf.parallel` dimensions are split, and they come from parallel
    iterators: no reduction is ever divided, so the results do not depend
    on the thread count.

    ```mlir
    scf.parallel (%i, %j) = (%c0, %c0) to (%c128, %c64) step (%c1, %c1) {
      %v = memref.load %in[%i, %j] : memref<128x64xf32>
      memref.store %v, %out[%i, %j] : memref<128x64xf32>
    }
    // becomes
    %captures = llvm.alloca %c1_i64 x !llvm.struct<(struct<...>, struct<...>)>
    ... llvm.store of the descriptors of %in and %out ...
    %body = func.constant @f_parallel0 : (!llvm.ptr, i64, i64) -> ()
    call @qnn_rt_parallel_for(%c128_i64, %body, %captures)
    ```
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"65536",
           "The least estimated work (iterations times body ops) of a loop "
           "run on the pool">,
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // QNN_CONVERSION_PASSES_TD
