// RUN: quant-opt %s -split-input-file --qnn-linalg-to-kernels="vector-width=16 int8-dot-width=16" --mlir-print-debuginfo=false | FileCheck %s

// An INT8 matmul's bias broadcast and requantization, absorbed by the dot
// kernel: the accumulators start from the bias vector, the requantization
// runs on them in registers (the generic's ops in its order, on vectors),
// and only the u8 result is stored; the i32 buffer is never written.

// CHECK-LABEL: func.func @matmul_fused
// CHECK-NOT:     linalg.generic
// CHECK:         scf.parallel
// CHECK:           %[[B:.*]] = vector.load %{{.*}} : memref<32xi32>, vector<16xi32>
// CHECK:           vector.contract
// CHECK:           %[[F:.*]] = arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK:           %[[M:.*]] = arith.mulf %[[F]], %{{.*}} : vector<16xf32>
// CHECK:           %[[R:.*]] = math.roundeven %[[M]] : vector<16xf32>
// CHECK:           arith.maxnumf %[[R]], %{{.*}} : vector<16xf32>
// CHECK:           arith.fptosi %{{.*}} : vector<16xf32> to vector<16xi32>
// CHECK:           %[[T:.*]] = arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// CHECK:           vector.store %[[T]], %arg1[%{{.*}}, %{{.*}}] : memref<6x32xi8>, vector<16xi8>
// CHECK-NOT:     vector.store %{{.*}} : memref<6x32xi32>
memref.global "private" constant @w : memref<32x40xi8> = dense<3>
memref.global "private" constant @bias : memref<32xi32> = dense<7>
func.func @matmul_fused(%a: memref<6x40xi8>, %out: memref<6x32xi8>) {
  %scale = arith.constant 0.01 : f32
  %lo = arith.constant 0.0 : f32
  %hi = arith.constant 255.0 : f32
  %y = memref.alloc() : memref<6x32xi32>
  %bias = memref.get_global @bias : memref<32xi32>
  linalg.generic {indexing_maps = [affine_map<(m, n) -> (n)>, affine_map<(m, n) -> (m, n)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<32xi32>) outs(%y : memref<6x32xi32>) {
  ^bb0(%in: i32, %o: i32):
    linalg.yield %in : i32
  }
  %w = memref.get_global @w : memref<32x40xi8>
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (n, k)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w : memref<6x40xi8>, memref<32x40xi8>) outs(%y : memref<6x32xi32>) {
  ^bb0(%l: i8, %r: i8, %acc: i32):
    %li = arith.extui %l : i8 to i32
    %ri = arith.extsi %r : i8 to i32
    %p = arith.muli %li, %ri : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  linalg.generic {indexing_maps = [affine_map<(m, n) -> (m, n)>, affine_map<(m, n) -> (m, n)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%y : memref<6x32xi32>) outs(%out : memref<6x32xi8>) {
  ^bb0(%in: i32, %o: i8):
    %f = arith.sitofp %in : i32 to f32
    %m = arith.mulf %f, %scale : f32
    %r = math.roundeven %m : f32
    %c0 = arith.maxnumf %r, %lo : f32
    %c1 = arith.minnumf %c0, %hi : f32
    %i = arith.fptosi %c1 : f32 to i32
    %t = arith.trunci %i : i32 to i8
    linalg.yield %t : i8
  }
  return
}

// -----

// The same around a depthwise convolution (lanes along the channels, the
// accumulator [N, OH, OW, G, 1] read through its collapse to [N, OH, OW,
// G]).

// CHECK-LABEL: func.func @depthwise_fused
// CHECK-NOT:     linalg.generic
// CHECK:         vector.load %{{.*}} : memref<16x1xi32>, vector<16xi32>
// CHECK:         math.roundeven %{{.*}} : vector<16xf32>
// CHECK:         vector.store %{{.*}}, %arg1[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x4x4x16xi8>, vector<16xi8>
memref.global "private" constant @dw : memref<16x1x3x3x1xi8> = dense<2>
memref.global "private" constant @dwbias : memref<16x1xi32> = dense<-5>
func.func @depthwise_fused(%x: memref<1x6x6x16x1xi8>, %out: memref<1x4x4x16xi8>) {
  %scale = arith.constant 0.02 : f32
  %lo = arith.constant 0.0 : f32
  %hi = arith.constant 255.0 : f32
  %y = memref.alloc() : memref<1x4x4x16x1xi32>
  %bias = memref.get_global @dwbias : memref<16x1xi32>
  linalg.generic {indexing_maps = [affine_map<(n, h, w, g, f) -> (g, f)>,
                                   affine_map<(n, h, w, g, f) -> (n, h, w, g, f)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%bias : memref<16x1xi32>) outs(%y : memref<1x4x4x16x1xi32>) {
  ^bb0(%in: i32, %o: i32):
    linalg.yield %in : i32
  }
  %w = memref.get_global @dw : memref<16x1x3x3x1xi8>
  linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x6x6x16x1xi8>, memref<16x1x3x3x1xi8>) outs(%y : memref<1x4x4x16x1xi32>)
  %v = memref.collapse_shape %y [[0], [1], [2], [3, 4]] : memref<1x4x4x16x1xi32> into memref<1x4x4x16xi32>
  linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%v : memref<1x4x4x16xi32>) outs(%out : memref<1x4x4x16xi8>) {
  ^bb0(%in: i32, %o: i8):
    %f = arith.sitofp %in : i32 to f32
    %m = arith.mulf %f, %scale : f32
    %r = math.roundeven %m : f32
    %c0 = arith.maxnumf %r, %lo : f32
    %c1 = arith.minnumf %c0, %hi : f32
    %i = arith.fptosi %c1 : f32 to i32
    %t = arith.trunci %i : i32 to i8
    linalg.yield %t : i8
  }
  return
}
