// RUN: quant-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qnn-vectorize-elementwise),canonicalize)" --mlir-print-debuginfo=false | FileCheck %s

// A requantization (i32 accumulator to u8, the interpreter's order of
// operations: sitofp, mulf, roundeven, clamp, fptosi, add zero point):
// tiles of one pixel and all 64 channels, the body on vector<64x...>, the
// same ops in the same order.

// CHECK-LABEL: func.func @requantize
// CHECK:         %[[ACC:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2], [3]] : tensor<1x56x56x64xi32> into tensor<56x56x64xi32>
// CHECK:         scf.forall (%[[H:.*]], %[[W:.*]]) in (56, 56) shared_outs(%[[O:.*]] = %{{.*}}) -> (tensor<56x56x64xi8>)
// CHECK:           %[[S:.*]] = tensor.extract_slice %[[ACC]][%[[H]], %[[W]], 0] [1, 1, 64] [1, 1, 1] : tensor<56x56x64xi32> to tensor<1x1x64xi32>
// CHECK:           %[[V:.*]] = vector.transfer_read %[[S]][%c0, %c0, %c0], %{{.*}} {in_bounds = [true]} : tensor<1x1x64xi32>, vector<64xi32>
// CHECK:           %[[F:.*]] = arith.sitofp %[[V]] : vector<64xi32> to vector<64xf32>
// CHECK:           %[[M:.*]] = arith.mulf %[[F]], %{{.*}} : vector<64xf32>
// CHECK:           %[[R:.*]] = math.roundeven %[[M]] : vector<64xf32>
// CHECK:           %[[LO:.*]] = arith.maxnumf %[[R]], %{{.*}} : vector<64xf32>
// CHECK:           %[[HI:.*]] = arith.minnumf %[[LO]], %{{.*}} : vector<64xf32>
// CHECK:           %[[I:.*]] = arith.fptosi %[[HI]] : vector<64xf32> to vector<64xi32>
// CHECK:           %[[Z:.*]] = arith.addi %[[I]], %{{.*}} : vector<64xi32>
// CHECK:           %[[T:.*]] = arith.trunci %[[Z]] : vector<64xi32> to vector<64xi8>
// CHECK:           vector.transfer_write %[[T]]
// CHECK:           tensor.parallel_insert_slice %{{.*}} into %[[O]][%[[H]], %[[W]], 0] [1, 1, 64] [1, 1, 1]
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] output_shape [1, 56, 56, 64]
// CHECK-NOT:     linalg.generic
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @requantize(%acc: tensor<1x56x56x64xi32>) -> tensor<1x56x56x64xi8> {
  %scale = arith.constant 1.6e-03 : f32
  %lo = arith.constant 0.0 : f32
  %hi = arith.constant 250.0 : f32
  %zp = arith.constant 5 : i32
  %e = tensor.empty() : tensor<1x56x56x64xi8>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : tensor<1x56x56x64xi32>) outs(%e : tensor<1x56x56x64xi8>) {
  ^bb0(%in: i32, %out: i8):
    %f = arith.sitofp %in : i32 to f32
    %m = arith.mulf %f, %scale : f32
    %r0 = math.roundeven %m : f32
    %c0 = arith.maxnumf %r0, %lo : f32
    %c1 = arith.minnumf %c0, %hi : f32
    %i = arith.fptosi %c1 : f32 to i32
    %z = arith.addi %i, %zp : i32
    %t = arith.trunci %z : i32 to i8
    linalg.yield %t : i8
  } -> tensor<1x56x56x64xi8>
  return %r : tensor<1x56x56x64xi8>
}

// -----

// A convolution's pad (the body gathers the input at clamped indices and
// selects the zero point outside): the channels are contiguous, so each
// tile is one transfer_read of 16 channels and a select.

// CHECK-LABEL: func.func @pad
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (10, 10)
// CHECK:           vector.transfer_read %arg0[%c0, %{{.*}}, %{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<1x8x8x16xi8>, vector<16xi8>
// CHECK:           arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xi8>
// CHECK-NOT:     linalg.generic
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @pad(%x: tensor<1x8x8x16xi8>) -> tensor<1x10x10x16xi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %zp = arith.constant -125 : i8
  %e = tensor.empty() : tensor<1x10x10x16xi8>
  %p = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%e : tensor<1x10x10x16xi8>) {
  ^bb0(%out: i8):
    %h = linalg.index 1 : index
    %hs = arith.subi %h, %c1 : index
    %hin0 = arith.cmpi sge, %hs, %c0 : index
    %hc0 = arith.maxsi %hs, %c0 : index
    %hin1 = arith.cmpi slt, %hc0, %c8 : index
    %hin = arith.andi %hin0, %hin1 : i1
    %hc = arith.minsi %hc0, %c7 : index
    %w = linalg.index 2 : index
    %ws = arith.subi %w, %c1 : index
    %win0 = arith.cmpi sge, %ws, %c0 : index
    %wc0 = arith.maxsi %ws, %c0 : index
    %win1 = arith.cmpi slt, %wc0, %c8 : index
    %win = arith.andi %win0, %win1 : i1
    %wc = arith.minsi %wc0, %c7 : index
    %in = arith.andi %hin, %win : i1
    %c = linalg.index 3 : index
    %v = tensor.extract %x[%c0, %hc, %wc, %c] : tensor<1x8x8x16xi8>
    %s = arith.select %in, %v, %zp : i8
    linalg.yield %s : i8
  } -> tensor<1x10x10x16xi8>
  return %p : tensor<1x10x10x16xi8>
}

// -----

// A per-channel broadcast (the bias an INT8 conv accumulates onto; unit
// dimensions dropped first), an innermost dimension of 112 (NCHW rows: two
// chunks of 56), and ops left alone: a reduction, dynamic sizes.

// CHECK-LABEL: func.func @shapes
// CHECK:         %[[BIAS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<1x64xi32> into tensor<64xi32>
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (7, 7) shared_outs(%{{.*}}) -> (tensor<7x7x64xi32>)
// CHECK:           vector.transfer_read %[[BIAS]][%c0], %{{.*}} {in_bounds = [true]} : tensor<64xi32>, vector<64xi32>
// CHECK:         scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (3, 112, 112) step (1, 1, 56)
// CHECK:           vector.transfer_read %{{.*}} : tensor<1x1x56xf32>, vector<56xf32>
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} : vector<56xf32>
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK:         linalg.generic {{.*}}ins(%arg3 : tensor<?x8xf32>)
#bias = affine_map<(n, h, w, g, f) -> (g, f)>
#id5 = affine_map<(n, h, w, g, f) -> (n, h, w, g, f)>
#id4 = affine_map<(n, c, h, w) -> (n, c, h, w)>
#row = affine_map<(i, j) -> (i, j)>
#sum = affine_map<(i, j) -> (i)>
#id2 = affine_map<(i, j) -> (i, j)>
func.func @shapes(%b: tensor<1x64xi32>, %x: tensor<1x3x112x112xf32>, %m: tensor<4x8xf32>,
                  %d: tensor<?x8xf32>) -> (tensor<1x7x7x1x64xi32>, tensor<1x3x112x112xf32>, tensor<4xf32>, tensor<?x8xf32>) {
  %e0 = tensor.empty() : tensor<1x7x7x1x64xi32>
  %0 = linalg.generic {indexing_maps = [#bias, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<1x64xi32>) outs(%e0 : tensor<1x7x7x1x64xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<1x7x7x1x64xi32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x3x112x112xf32>
  %1 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x3x112x112xf32>) outs(%e1 : tensor<1x3x112x112xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x3x112x112xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %2 = linalg.generic {indexing_maps = [#row, #sum], iterator_types = ["parallel", "reduction"]}
      ins(%m : tensor<4x8xf32>) outs(%e2 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %d, %c0 : tensor<?x8xf32>
  %e3 = tensor.empty(%n) : tensor<?x8xf32>
  %3 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%d : tensor<?x8xf32>) outs(%e3 : tensor<?x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<?x8xf32>
  return %0, %1, %2, %3 : tensor<1x7x7x1x64xi32>, tensor<1x3x112x112xf32>, tensor<4xf32>, tensor<?x8xf32>
}

// -----

// A global average pool's sum (NHWC): the reductions are outer loops, the
// channels innermost. Channels are vectorized, the reduction stays two
// sequential loops carrying the vector of sums: each lane adds its
// channel's pixels in the loops' order.

// CHECK-LABEL: func.func @global_pool_sum
// CHECK:         scf.forall (%[[C:.*]]) = (0) to (1280) step (64)
// CHECK:           scf.for %[[H:.*]] = %c0 to %c7 step %c1 iter_args
// CHECK:             scf.for %[[W:.*]] = %c0 to %c7 step %c1 iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<64xi32>)
// CHECK:               %[[X:.*]] = vector.transfer_read %{{.*}} : tensor<1x1x64xi8>, vector<64xi8>
// CHECK:               %[[S:.*]] = vector.transfer_read %[[ACC]][%c0], %{{.*}} : tensor<64xi32>, vector<64xi32>
// CHECK:               %[[XI:.*]] = arith.extui %[[X]] : vector<64xi8> to vector<64xi32>
// CHECK:               arith.addi %[[S]], %[[XI]] : vector<64xi32>
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
#o = affine_map<(n, h, w, c) -> (n, c)>
func.func @global_pool_sum(%x: tensor<1x7x7x1280xi8>) -> tensor<1x1280xi32> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x1280xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<1x1280xi32>) -> tensor<1x1280xi32>
  %r = linalg.generic {indexing_maps = [#id, #o], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
      ins(%x : tensor<1x7x7x1280xi8>) outs(%f : tensor<1x1280xi32>) {
  ^bb0(%in: i8, %out: i32):
    %a = arith.extui %in : i8 to i32
    %s = arith.addi %out, %a : i32
    linalg.yield %s : i32
  } -> tensor<1x1280xi32>
  return %r : tensor<1x1280xi32>
}

// -----

// A transpose (NHWC to NCHW, the model's boundary): tiles of 16 channels
// x 14 columns (the largest divisor of 56 up to 16), each read along the
// input's contiguous channels, transposed in registers, written along the
// output's contiguous columns.

// CHECK-LABEL: func.func @transpose
// CHECK:         scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (64, 56, 56) step (16, 1, 14)
// CHECK:           %[[T:.*]] = vector.transfer_read %{{.*}} : tensor<14x16xi8>, vector<14x16xi8>
// CHECK:           %[[R:.*]] = vector.transpose %[[T]], [1, 0] : vector<14x16xi8> to vector<16x14xi8>
// CHECK:           vector.transfer_write %[[R]], %{{.*}} : vector<16x14xi8>, tensor<16x14xi8>
// CHECK-NOT:     linalg.transpose
func.func @transpose(%x: tensor<1x56x56x64xi8>) -> tensor<1x64x56x56xi8> {
  %e = tensor.empty() : tensor<1x64x56x56xi8>
  %t = linalg.transpose ins(%x : tensor<1x56x56x64xi8>) outs(%e : tensor<1x64x56x56xi8>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x64x56x56xi8>
}
