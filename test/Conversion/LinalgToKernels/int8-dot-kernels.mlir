// RUN: quant-opt %s -split-input-file --qnn-linalg-to-kernels="vector-width=16 int8-dot-width=16" --mlir-print-debuginfo=false | FileCheck %s
// RUN: not quant-opt %s -split-input-file --qnn-linalg-to-kernels="vector-width=16 int8-dot-width=4" 2>&1 | FileCheck %s --check-prefix=WIDTH
// WIDTH: error: qnn-linalg-to-kernels: int8-dot-width must be 0, 8 or 16, not 4

// With a 4-way u8 x s8 dot product (int8-dot-width=16: 16 i32 lanes,
// vpdpbusd on zmm), INT8 contractions with 8-bit activations and constant
// 8-bit weights reduce groups of four bytes: the weights packed at compile
// time as i8 [block][kh][group][block columns x 4 bytes], four activation
// bytes loaded as one i32 and broadcast, and a vector.contract per
// accumulator (6 rows x 4 vectors of 16 columns; narrower ops take fewer
// vectors and more rows: 40 columns, 3 x 16 columns x 9 rows).

// A u8 conv with one group and no dilation: the window row (kw, c) is
// KW * C = 3 * 16 = 48 contiguous bytes of x viewed as [N, Hp, Wp * C]:
// 12 groups per kh, no partial group (plain loads), no column offsets.

// CHECK-DAG:   memref.global "private" constant @__qnn_packed_rhs : memref<6912xi8>
// CHECK-LABEL: func.func @conv_u8
// CHECK:         %[[PACKED:.*]] = memref.expand_shape %{{.*}} output_shape [1, 1, 3, 12, 192] : memref<6912xi8> into memref<1x1x3x12x192xi8>
// CHECK:         %[[X:.*]] = memref.collapse_shape %arg0 {{\[\[}}0], [1], [2, 3, 4]] : memref<1x9x9x1x16xi8> into memref<1x9x144xi8>
// CHECK:         scf.parallel
// CHECK:           scf.for %[[KH:.*]] = %{{.*}} to %c3{{.*}} step %c1{{.*}} iter_args
// CHECK:             scf.for %[[Q:.*]] = %{{.*}} to %c12{{.*}} step %c1{{.*}} iter_args
// CHECK:               %[[W:.*]] = vector.load %[[PACKED]][%{{.*}}, %{{.*}}, %[[KH]], %[[Q]], %c0{{.*}}] : memref<1x1x3x12x192xi8>, vector<64xi8>
// CHECK:               %[[WS:.*]] = vector.shape_cast %[[W]] : vector<64xi8> to vector<16x4xi8>
// CHECK:               %[[WI:.*]] = arith.extsi %[[WS]] : vector<16x4xi8> to vector<16x4xi32>
// CHECK:               %[[B:.*]] = vector.load %[[X]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<1x9x144xi8>, vector<4xi8>
// CHECK:               %[[Q32:.*]] = vector.bitcast %[[B]] : vector<4xi8> to vector<1xi32>
// CHECK:               %[[QS:.*]] = vector.extract %[[Q32]][0] : i32 from vector<1xi32>
// CHECK:               %[[BC:.*]] = vector.broadcast %[[QS]] : i32 to vector<16xi32>
// CHECK:               %[[BB:.*]] = vector.bitcast %[[BC]] : vector<16xi32> to vector<64xi8>
// CHECK:               %[[BS:.*]] = vector.shape_cast %[[BB]] : vector<64xi8> to vector<16x4xi8>
// CHECK:               %[[XI:.*]] = arith.extui %[[BS]] : vector<16x4xi8> to vector<16x4xi32>
// CHECK:               vector.contract {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %[[XI]], %[[WI]], %{{.*}} : vector<16x4xi32>, vector<16x4xi32> into vector<16xi32>
// CHECK-NOT:     arith.xori
// CHECK-NOT:     linalg.generic
memref.global "private" constant @w : memref<1x40x3x3x16xi8> = dense<3>
#x = affine_map<(n, oh, ow, g, fg, kh, kw, c) -> (n, oh * 2 + kh, ow * 2 + kw, g, c)>
#w = affine_map<(n, oh, ow, g, fg, kh, kw, c) -> (g, fg, kh, kw, c)>
#y = affine_map<(n, oh, ow, g, fg, kh, kw, c) -> (n, oh, ow, g, fg)>
func.func @conv_u8(%x: memref<1x9x9x1x16xi8>, %y: memref<1x4x4x1x40xi32>) {
  %w = memref.get_global @w : memref<1x40x3x3x16xi8>
  linalg.generic {indexing_maps = [#x, #w, #y],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<1x9x9x1x16xi8>, memref<1x40x3x3x16xi8>) outs(%y : memref<1x4x4x1x40xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ai = arith.extui %a : i8 to i32
    %bi = arith.extsi %b : i8 to i32
    %p = arith.muli %ai, %bi : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// An i8 activation, grouped (G = 2, C = 6): the reduction (kh, kw, c) on x
// viewed as [N, Hp, Wp, G * C]; C is not a multiple of 4, so the groups
// are masked loads of min(6 - 4 * group, 4) bytes (constant masks here,
// the group index unrolled: canonicalization makes the full ones plain
// loads). Each
// i8 x is read as the u8 x + 128 (xor 0x80 per byte) and the accumulators
// start with the packed offsets -128 * sum_r w (here -128 * 9 * 6 * 2 =
// -13824 for the 5 columns of each group, 0 for the 11 lanes
// past them: 5 columns take one vector of 16).

// CHECK-DAG:   memref.global "private" constant @__qnn_packed_rhs{{.*}} : memref<32xi32> = dense<[-13824, -13824, -13824, -13824, -13824, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -13824, -13824, -13824, -13824, -13824, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]>
// CHECK-LABEL: func.func @conv_i8_grouped
// CHECK:         memref.collapse_shape %arg0 {{\[\[}}0], [1], [2], [3, 4]] : memref<1x7x7x2x6xi8> into memref<1x7x7x12xi8>
// CHECK:         %[[OFFSETS:.*]] = vector.load %{{.*}} : memref<2x1x16xi32>, vector<16xi32>
// CHECK:         arith.addi %{{.*}}, %[[OFFSETS]] : vector<16xi32>
// CHECK:         vector.create_mask %{{.*}} : vector<4xi1>
// CHECK:         vector.maskedload %{{.*}} : memref<1x7x7x12xi8>, vector<4xi1>, vector<4xi8> into vector<4xi8>
// CHECK:         arith.xori %{{.*}}, %c-2139062144_i32 : i32
// CHECK:         vector.contract
memref.global "private" constant @wg : memref<2x5x3x3x6xi8> = dense<2>
func.func @conv_i8_grouped(%x: memref<1x7x7x2x6xi8>, %y: memref<1x5x5x2x5xi32>) {
  %w = memref.get_global @wg : memref<2x5x3x3x6xi8>
  linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x7x7x2x6xi8>, memref<2x5x3x3x6xi8>) outs(%y : memref<1x5x5x2x5xi32>)
  return
}

// -----

// A matmul (weight [N, K], K = 37): A's rows read four bytes at a time, the
// last group of one element under a mask in the loop over groups.

// CHECK-LABEL: func.func @matmul_u8
// CHECK:         scf.for %[[G:.*]] = %{{.*}} to %c10{{.*}} step %c1{{.*}} iter_args
// CHECK:           %[[K:.*]] = arith.muli %[[G]], %c4{{.*}} : index
// CHECK:           vector.create_mask
// CHECK:           vector.maskedload %arg0[%{{.*}}, %[[K]]]
// CHECK:           vector.contract
memref.global "private" constant @fc_weight : memref<32x37xi8> = dense<3>
func.func @matmul_u8(%x: memref<5x37xi8>, %y: memref<5x32xi32>) {
  %w = memref.get_global @fc_weight : memref<32x37xi8>
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (n, k)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<5x37xi8>, memref<32x37xi8>) outs(%y : memref<5x32xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ai = arith.extui %a : i8 to i32
    %bi = arith.extsi %b : i8 to i32
    %p = arith.muli %ai, %bi : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// Not the dot kernel: a run-time weight, and a weight whose ext(w) - zw
// (200 - 3) does not fit in i8. Both keep the i16 kernel.

// CHECK-LABEL: func.func @not_dot
// CHECK-NOT:     vector.contract
// CHECK:         vector<16xi16>
// CHECK-NOT:     vector.contract
// CHECK:         vector<16xi16>
// CHECK-NOT:     vector.contract
memref.global "private" constant @mm_weight : memref<6x20xi8> = dense<200>
func.func @not_dot(%x: memref<1x9x9x1x8xi8>, %w: memref<1x40x3x3x8xi8>, %y: memref<1x7x7x1x40xi32>,
                   %a: memref<3x6xi8>, %c: memref<3x20xi32>) {
  linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x9x9x1x8xi8>, memref<1x40x3x3x8xi8>) outs(%y : memref<1x7x7x1x40xi32>)
  %b = memref.get_global @mm_weight : memref<6x20xi8>
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<3x6xi8>, memref<6x20xi8>) outs(%c : memref<3x20xi32>) {
  ^bb0(%l: i8, %r: i8, %acc: i32):
    %li = arith.extui %l : i8 to i32
    %ri = arith.extui %r : i8 to i32
    %zw = arith.constant 3 : i32
    %rz = arith.subi %ri, %zw : i32
    %p = arith.muli %li, %rz : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}
