// RUN: quant-opt %s -split-input-file --qnn-linalg-to-kernels=vector-width=4 --mlir-print-debuginfo=false | FileCheck %s
// RUN: not quant-opt %s -split-input-file --qnn-linalg-to-kernels=vector-width=3 2>&1 | FileCheck %s --check-prefix=WIDTH

// WIDTH: vector-width must be 4, 8 or 16, not 3

// A conv with a constant weight: 7 output channels in one block of 8 (two
// vectors of 4), zero-filled; 9 x 9 = 81 pixels, 20 tiles of 4 and a tail
// of 1; the reduction (c, kh, kw) as loops over c and kh with kw unrolled;
// one mulf then one addf per product, no fma.

// CHECK-DAG:   memref.global "private" constant @__qnn_packed_rhs : memref<360xf32> = dense<"0x{{[0-9A-F]+}}"> {alignment = 64 : i64}
// CHECK-LABEL: func.func @conv_constant
// CHECK:         %[[FLAT:.*]] = memref.get_global @__qnn_packed_rhs : memref<360xf32>
// CHECK:         %[[PACKED:.*]] = memref.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2, 3, 4]] output_shape [1, 5, 3, 3, 8]
// CHECK:         scf.parallel (%[[N:arg[0-9]+]], %[[BLOCK:arg[0-9]+]], %[[TILE:arg[0-9]+]]) = {{.*}} to (%c1{{(_[0-9]+)?}}, %c1{{(_[0-9]+)?}}, %c21{{(_[0-9]+)?}})
// CHECK:           %[[ROW:.*]] = arith.muli %[[TILE]], %c4{{(_[0-9]+)?}}
// CHECK:           %[[FULL:.*]] = arith.cmpi ult, %[[TILE]], %c20{{(_[0-9]+)?}}
// CHECK:           scf.if %[[FULL]] {
// CHECK:             arith.divui %[[ROW]], %c9{{(_[0-9]+)?}}
// CHECK:             arith.remui %[[ROW]], %c9{{(_[0-9]+)?}}
// Initial values: lanes of the output, 4 columns of the first vector.
// CHECK:             scf.for %[[LANE:.*]] = %{{.*}} to %c4{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args
// CHECK:               memref.load %arg1[%[[N]], %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x7x9x9xf32>
// CHECK:               vector.insert %{{.*}}, %{{.*}} [%[[LANE]]] : f32 into vector<4xf32>
// The second vector holds 3 valid columns.
// CHECK:             scf.for %{{.*}} = %{{.*}} to %c3{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args
// CHECK:             scf.for %[[C:.*]] = %{{.*}} to %c5{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args({{.*}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>)
// CHECK:               scf.for %[[KH:.*]] = %{{.*}} to %c3{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args
// CHECK:                 %[[W0:.*]] = vector.load %[[PACKED]][%[[BLOCK]], %[[C]], %[[KH]], %c0{{.*}}, %c0{{.*}}] : memref<1x5x3x3x8xf32>, vector<4xf32>
// CHECK:                 %[[W1:.*]] = vector.load %[[PACKED]][%[[BLOCK]], %[[C]], %[[KH]], %c0{{.*}}, %c4{{.*}}] : memref<1x5x3x3x8xf32>, vector<4xf32>
// CHECK:                 %[[X:.*]] = memref.load %arg0[%[[N]], %[[C]], %{{.*}}, %{{.*}}] : memref<1x5x11x11xf32>
// CHECK:                 %[[XS:.*]] = vector.broadcast %[[X]] : f32 to vector<4xf32>
// CHECK:                 %[[P:.*]] = arith.mulf %[[W0]], %[[XS]] : vector<4xf32>
// CHECK:                 arith.addf %{{.*}}, %[[P]] : vector<4xf32>
// CHECK-NOT:             vector.fma
// CHECK:         vector.extract %{{.*}}[%{{.*}}] : f32 from vector<4xf32>
// CHECK:         memref.store %{{.*}}, %arg1[
// The tail tile of one pixel, the last row tile.
// CHECK:         } else {
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c5{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args({{.*}}) -> (vector<4xf32>, vector<4xf32>)
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
memref.global "private" constant @weight : memref<7x5x3x3xf32> = dense<0.5>
func.func @conv_constant(%x: memref<1x5x11x11xf32>, %y: memref<1x7x9x9xf32>) {
  %w = memref.get_global @weight : memref<7x5x3x3xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x5x11x11xf32>, memref<7x5x3x3xf32>) outs(%y : memref<1x7x9x9xf32>)
  return
}

// -----

// The NHWC f32 conv generic of the lowering (n, oh, ow, f, c, kh, kw),
// stride 2: the same kernel, x read at [n, ih, iw, c], the reduction
// (c, kh, kw); 8 output channels contiguous in y, read and written as
// vectors. The bias broadcast into a fresh y is absorbed (the
// accumulators start from the bias vectors) and so is the relu reading y
// (applied in registers, only `out` stored); y is never written.

#x = affine_map<(n, oh, ow, f, c, kh, kw) -> (n, oh * 2 + kh, ow * 2 + kw, c)>
#w = affine_map<(n, oh, ow, f, c, kh, kw) -> (f, c, kh, kw)>
#y = affine_map<(n, oh, ow, f, c, kh, kw) -> (n, oh, ow, f)>
#b = affine_map<(n, oh, ow, f) -> (f)>
#id = affine_map<(n, oh, ow, f) -> (n, oh, ow, f)>
// CHECK-LABEL: func.func @conv_nhwc_fused
// CHECK-SAME:    (%[[X:.*]]: memref<1x9x9x3xf32>, %[[BIAS:.*]]: memref<8xf32>, %[[OUT:.*]]: memref<1x4x4x8xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         scf.parallel
// CHECK:           vector.load %[[BIAS]][%{{.*}}] : memref<8xf32>, vector<4xf32>
// CHECK:           scf.for %[[C:.*]] = %{{.*}} to %c3{{.*}} step %c1{{.*}} iter_args
// CHECK:             memref.load %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %[[C]]] : memref<1x9x9x3xf32>
// CHECK:             arith.mulf
// CHECK:             arith.addf
// CHECK:           arith.maximumf %{{.*}} : vector<4xf32>
// CHECK:           vector.store %{{.*}}, %[[OUT]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x4x4x8xf32>, vector<4xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         return
memref.global "private" constant @wnhwc : memref<8x3x3x3xf32> = dense<0.25>
func.func @conv_nhwc_fused(%x: memref<1x9x9x3xf32>, %bias: memref<8xf32>, %out: memref<1x4x4x8xf32>) {
  %w = memref.get_global @wnhwc : memref<8x3x3x3xf32>
  %y = memref.alloc() : memref<1x4x4x8xf32>
  linalg.generic {indexing_maps = [#b, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
    ins(%bias : memref<8xf32>) outs(%y : memref<1x4x4x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#x, #w, #y],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
    ins(%x, %w : memref<1x9x9x3xf32>, memref<8x3x3x3xf32>) outs(%y : memref<1x4x4x8xf32>) {
  ^bb0(%in: f32, %wt: f32, %acc: f32):
    %p = arith.mulf %in, %wt : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
    ins(%y : memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A grouped conv with a run-time weight: packed by a loop into a buffer,
// columns past the last (3 of a block of 8) reading 0; stride 2 and
// dilation 2 in the input index. (The deallocation pipeline, which runs
// after this pass, frees the buffer.)

// CHECK-LABEL: func.func @conv_grouped_runtime
// CHECK:         %[[PACKED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x1x2x3x3x8xf32>
// CHECK:         scf.parallel (%[[G:.*]], %[[B:.*]], %[[C:.*]], %[[KH:.*]], %[[KW:.*]], %[[L:.*]]) =
// CHECK:           %[[COL:.*]] = arith.addi %{{.*}}, %[[L]] : index
// CHECK:           %[[CLAMPED:.*]] = arith.minsi %[[COL]], %[[LAST:c2.*]] : index
// CHECK:           %[[V:.*]] = memref.load %arg1[%[[G]], %[[CLAMPED]], %[[C]], %[[KH]], %[[KW]]] : memref<2x3x2x3x3xf32>
// CHECK:           %[[IN:.*]] = arith.cmpi ule, %[[COL]], %[[LAST]]
// CHECK:           %[[E:.*]] = arith.select %[[IN]], %[[V]], %cst
// CHECK:           memref.store %[[E]], %[[PACKED]][%[[G]], %[[B]], %[[C]], %[[KH]], %[[KW]], %[[L]]]
// CHECK:         scf.parallel (%[[N:arg[0-9]+]], %[[G2:arg[0-9]+]], %{{arg[0-9]+}}, %{{arg[0-9]+}}) =
// CHECK:           arith.muli %{{.*}}, %c2{{(_[0-9]+)?}} : index
// CHECK:           vector.load %[[PACKED]][%[[G2]], %{{.*}}] : memref<2x1x2x3x3x8xf32>, vector<4xf32>
func.func @conv_grouped_runtime(%x: memref<1x2x2x13x13xf32>, %w: memref<2x3x2x3x3xf32>,
                                %y: memref<1x2x3x5x5xf32>) {
  linalg.conv_2d_ngchw_gfchw {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %w : memref<1x2x2x13x13xf32>, memref<2x3x2x3x3xf32>) outs(%y : memref<1x2x3x5x5xf32>)
  return
}

// -----

// fully_connected's matmul (weight [N, K]), 16 columns in two blocks of 8:
// whole vectors of the contiguous output read and written as vectors; the
// reduction over k = 0..36 a loop.

// CHECK-LABEL: func.func @fully_connected
// CHECK:         %[[PACKED:.*]] = memref.expand_shape %{{.*}} output_shape [2, 37, 8]
// CHECK:         scf.parallel (%[[B:arg[0-9]+]], %{{arg[0-9]+}}) =
// CHECK:           %[[ACC:.*]] = vector.load %arg1[%{{.*}}, %{{.*}}] : memref<5x16xf32>, vector<4xf32>
// CHECK:           scf.for %[[K:.*]] = %{{.*}} to %c37{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args
// CHECK:             vector.load %[[PACKED]][%[[B]], %[[K]], %c0{{.*}}] : memref<2x37x8xf32>, vector<4xf32>
// CHECK:             memref.load %arg0[%{{.*}}, %[[K]]] : memref<5x37xf32>
// CHECK:             arith.mulf
// CHECK:             arith.addf
// CHECK:           vector.store %{{.*}}, %arg1[%{{.*}}, %{{.*}}] : memref<5x16xf32>, vector<4xf32>
// CHECK-NOT:     linalg.matmul
memref.global "private" constant @fc_weight : memref<16x37xf32> = dense<0.25>
func.func @fully_connected(%x: memref<5x37xf32>, %y: memref<5x16xf32>) {
  %w = memref.get_global @fc_weight : memref<16x37xf32>
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                 affine_map<(m, n, k) -> (n, k)>,
                                 affine_map<(m, n, k) -> (m, n)>]
    ins(%x, %w : memref<5x37xf32>, memref<16x37xf32>) outs(%y : memref<5x16xf32>)
  return
}

// -----

// Left to the loop lowering: integer matmuls, dynamic shapes, tensors.

// CHECK-LABEL: func.func @not_taken
// CHECK:         linalg.matmul ins(%arg0, %arg1 : memref<4x8xi32>, memref<8x4xi32>)
// CHECK:         linalg.matmul ins(%arg3, %arg4 : memref<?x8xf32>, memref<8x4xf32>)
// CHECK:         linalg.matmul ins(%arg6, %arg7 : tensor<4x8xf32>, tensor<8x4xf32>)
// CHECK-NOT:     scf.parallel
func.func @not_taken(%a: memref<4x8xi32>, %b: memref<8x4xi32>, %c: memref<4x4xi32>,
                     %d: memref<?x8xf32>, %e: memref<8x4xf32>, %f: memref<?x4xf32>,
                     %g: tensor<4x8xf32>, %h: tensor<8x4xf32>, %i: tensor<4x4xf32>) -> tensor<4x4xf32> {
  linalg.matmul ins(%a, %b : memref<4x8xi32>, memref<8x4xi32>) outs(%c : memref<4x4xi32>)
  linalg.matmul ins(%d, %e : memref<?x8xf32>, memref<8x4xf32>) outs(%f : memref<?x4xf32>)
  %r = linalg.matmul ins(%g, %h : tensor<4x8xf32>, tensor<8x4xf32>) outs(%i : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
