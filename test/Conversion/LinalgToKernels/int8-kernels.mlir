// RUN: quant-opt %s -split-input-file --qnn-linalg-to-kernels=vector-width=16 | FileCheck %s

// An i8 x i8 conv_2d_nhwgc_gfhwc (the named op sign-extends both) with a
// constant weight: 40 output channels in a block of 32 (two vectors of 16)
// and a tail block of 8 under scf.if; the weight packed at compile time as
// i16 (every ext(w) of an i8 fits) [g][block][kh][kw][c][32]; stride 2 in
// the input index; the reduction (kh, kw, c) with c = 8 unrolled; weights
// sign-extended to i32 as loaded, x sign-extended and broadcast, one muli
// then one addi on vector<16xi32> per product.

// CHECK-DAG:   memref.global "private" constant @__qnn_packed_rhs : memref<4608xi16> = dense<"0x{{[0-9A-F]+}}"> {alignment = 64 : i64}
// CHECK-LABEL: func.func @conv_i8
// CHECK:         %[[FLAT:.*]] = memref.get_global @__qnn_packed_rhs : memref<4608xi16>
// CHECK:         %[[PACKED:.*]] = memref.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2, 3, 4, 5]] output_shape [1, 2, 3, 3, 8, 32]
// CHECK:         scf.parallel (%[[N:arg[0-9]+]], %[[G:arg[0-9]+]], %[[BLOCK:arg[0-9]+]], %{{arg[0-9]+}}) =
// CHECK:           %[[TAIL:.*]] = arith.cmpi eq, %[[BLOCK]], %c1
// CHECK:           scf.if %[[TAIL]] {
// The tail block: one vector of 8 valid lanes, read lane by lane.
// CHECK:             scf.for %{{.*}} = %{{.*}} to %c8{{.*}} step %c1{{.*}} iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK:               memref.load %arg1[%[[N]], %{{.*}}, %{{.*}}, %[[G]], %{{.*}}] : memref<1x4x4x1x40xi32>
// CHECK:           } else {
// Full blocks: the output's channels are contiguous, read as vectors.
// CHECK:             vector.load %arg1[%[[N]], %{{.*}}, %{{.*}}, %[[G]], %{{.*}}] : memref<1x4x4x1x40xi32>, vector<16xi32>
// CHECK:             scf.for %[[KH:.*]] = %{{.*}} to %c3{{.*}} step %c1{{.*}} iter_args
// CHECK:               scf.for %[[KW:.*]] = %{{.*}} to %c3{{.*}} step %c1{{.*}} iter_args
// CHECK:                 %[[L0:.*]] = vector.load %[[PACKED]][%[[G]], %[[BLOCK]], %[[KH]], %[[KW]], %c0{{.*}}, %c0{{.*}}] : memref<1x2x3x3x8x32xi16>, vector<16xi16>
// CHECK:                 %[[W0:.*]] = arith.extsi %[[L0]] : vector<16xi16> to vector<16xi32>
// CHECK:                 vector.load %[[PACKED]][%[[G]], %[[BLOCK]], %[[KH]], %[[KW]], %c0{{.*}}, %c16{{.*}}] : memref<1x2x3x3x8x32xi16>, vector<16xi16>
// CHECK:                 %[[X:.*]] = memref.load %arg0[%[[N]], %{{.*}}, %{{.*}}, %[[G]], %c0{{.*}}] : memref<1x9x9x1x8xi8>
// CHECK:                 %[[XI:.*]] = arith.extsi %[[X]] : i8 to i32
// CHECK:                 %[[XS:.*]] = vector.broadcast %[[XI]] : i32 to vector<16xi32>
// CHECK:                 %[[P:.*]] = arith.muli %[[W0]], %[[XS]] : vector<16xi32>
// CHECK:                 arith.addi %{{.*}}, %[[P]] : vector<16xi32>
// CHECK:             vector.store %{{.*}}, %arg1[%[[N]], %{{.*}}, %{{.*}}, %[[G]], %{{.*}}] : memref<1x4x4x1x40xi32>, vector<16xi32>
// CHECK-NOT:     linalg.conv_2d_nhwgc_gfhwc
memref.global "private" constant @w : memref<1x40x3x3x8xi8> = dense<3>
func.func @conv_i8(%x: memref<1x9x9x1x8xi8>, %y: memref<1x4x4x1x40xi32>) {
  %w = memref.get_global @w : memref<1x40x3x3x8xi8>
  linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %w : memref<1x9x9x1x8xi8>, memref<1x40x3x3x8xi8>) outs(%y : memref<1x4x4x1x40xi32>)
  return
}

// -----

// A u8 activation (the generic that buildIntMac makes: x zero-extended)
// with a run-time i8 weight, grouped (G = 2, 4 channels per group),
// dilation 2: the weight packed by a loop that sign-extends it, zero past
// the last column; x zero-extended in the kernel.

// CHECK-LABEL: func.func @conv_u8_generic
// CHECK:         %[[PACKED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x1x3x3x5x32xi16>
// CHECK:         scf.parallel (%[[G:.*]], %[[B:.*]], %[[KH:.*]], %[[KW:.*]], %[[C:.*]], %[[L:.*]]) =
// CHECK:           %[[V:.*]] = memref.load %arg1[%[[G]], %{{.*}}, %[[KH]], %[[KW]], %[[C]]] : memref<2x4x3x3x5xi8>
// CHECK:           %[[VI:.*]] = arith.extsi %[[V]] : i8 to i32
// CHECK:           %[[VS:.*]] = arith.trunci %[[VI]] : i32 to i16
// CHECK:           arith.select %{{.*}}, %[[VS]], %c0_i16
// CHECK:         scf.parallel (%{{arg[0-9]+}}, %[[G2:arg[0-9]+]], %{{arg[0-9]+}}, %{{arg[0-9]+}}) =
// CHECK:           vector.load %[[PACKED]][%[[G2]], %{{.*}}] : memref<2x1x3x3x5x32xi16>, vector<16xi16>
// CHECK:           %[[X:.*]] = memref.load %arg0[{{.*}}] : memref<2x12x12x2x5xi8>
// CHECK:           arith.extui %[[X]] : i8 to i32
// CHECK:           arith.muli %{{.*}} : vector<16xi32>
// CHECK:           arith.addi %{{.*}} : vector<16xi32>
// CHECK-NOT:     linalg.generic
#x = affine_map<(n, oh, ow, g, fg, kh, kw, c) -> (n, oh + kh * 2, ow + kw * 2, g, c)>
#w = affine_map<(n, oh, ow, g, fg, kh, kw, c) -> (g, fg, kh, kw, c)>
#y = affine_map<(n, oh, ow, g, fg, kh, kw, c) -> (n, oh, ow, g, fg)>
func.func @conv_u8_generic(%x: memref<2x12x12x2x5xi8>, %w: memref<2x4x3x3x5xi8>, %y: memref<2x8x8x2x4xi32>) {
  linalg.generic {indexing_maps = [#x, #w, #y],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<2x12x12x2x5xi8>, memref<2x4x3x3x5xi8>) outs(%y : memref<2x8x8x2x4xi32>) {
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

// An i8 x i8 linalg.matmul (fully_connected's, weight [N, K]), 32 columns
// in one block: the packed weight a splat of 3 (no zero-filled lanes).

// CHECK-DAG:   memref.global "private" constant @__qnn_packed_rhs : memref<1184xi16> = dense<3> {alignment = 64 : i64}
// CHECK-LABEL: func.func @matmul_i8
// CHECK:         %[[PACKED:.*]] = memref.expand_shape %{{.*}} output_shape [1, 37, 32]
// CHECK:         vector.load %arg1[%{{.*}}, %{{.*}}] : memref<5x32xi32>, vector<16xi32>
// CHECK:         scf.for %[[K:.*]] = %{{.*}} to %c37{{.*}} step %c1{{.*}} iter_args
// CHECK:           vector.load %[[PACKED]][%{{.*}}, %[[K]], %c0{{.*}}] : memref<1x37x32xi16>, vector<16xi16>
// CHECK:           %[[A:.*]] = memref.load %arg0[%{{.*}}, %[[K]]] : memref<5x37xi8>
// CHECK:           arith.extsi %[[A]] : i8 to i32
// CHECK:           arith.muli {{.*}} : vector<16xi32>
// CHECK:           arith.addi {{.*}} : vector<16xi32>
// CHECK:         vector.store %{{.*}}, %arg1[%{{.*}}, %{{.*}}] : memref<5x32xi32>, vector<16xi32>
// CHECK-NOT:     linalg.matmul
memref.global "private" constant @fc_weight : memref<32x37xi8> = dense<3>
func.func @matmul_i8(%x: memref<5x37xi8>, %y: memref<5x32xi32>) {
  %w = memref.get_global @fc_weight : memref<32x37xi8>
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                 affine_map<(m, n, k) -> (n, k)>,
                                 affine_map<(m, n, k) -> (m, n)>]
    ins(%x, %w : memref<5x37xi8>, memref<32x37xi8>) outs(%y : memref<5x32xi32>)
  return
}

// -----

// A u8 x u8 matmul with a weight zero point (the generic of a matmul of two
// activations): the constant packed as ext(w) - zw = 200 - 3 = 197
// (0xC5 in i16), zero past the 20 columns (each k's row of 32 shown once); the odd column count reads and writes the output
// lane by lane.

// CHECK-DAG:   memref.global "private" constant @__qnn_packed_rhs : memref<192xi16> = dense<"0xC500C500C500C500C500C500C500C500C500C500C500C500C500C500C500C500C500C500C500C500000000000000000000000000000000000000000000000000C500
// CHECK-LABEL: func.func @matmul_u8_zero_point
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c4{{.*}} step %c1{{.*}} iter_args
// CHECK:           memref.load %arg1[%{{.*}}, %{{.*}}] : memref<3x20xi32>
// CHECK:           vector.insert %{{.*}} : i32 into vector<16xi32>
// CHECK:         %[[A:.*]] = memref.load %arg0[%{{.*}}, %{{.*}}] : memref<3x6xi8>
// CHECK:         arith.extui %[[A]] : i8 to i32
// CHECK:         arith.muli {{.*}} : vector<16xi32>
// CHECK-NOT:     arith.subi
// CHECK:         memref.store %{{.*}}, %arg1[%{{.*}}, %{{.*}}] : memref<3x20xi32>
// CHECK-NOT:     linalg.generic
memref.global "private" constant @mm_weight : memref<6x20xi8> = dense<200>
func.func @matmul_u8_zero_point(%x: memref<3x6xi8>, %y: memref<3x20xi32>) {
  %w = memref.get_global @mm_weight : memref<6x20xi8>
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<3x6xi8>, memref<6x20xi8>) outs(%y : memref<3x20xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ai = arith.extui %a : i8 to i32
    %bi = arith.extui %b : i8 to i32
    %zw = arith.constant 3 : i32
    %bz = arith.subi %bi, %zw : i32
    %p = arith.muli %ai, %bz : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// A u16 weight zero-extended with zero point 100: ext(w) - zw spans
// [-100, 65435], more than i16, so the run-time packing keeps i32.

// CHECK-LABEL: func.func @matmul_u16_i32
// CHECK:         %[[PACKED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x9x32xi32>
// CHECK:           %[[W:.*]] = arith.extui %{{.*}} : i16 to i32
// CHECK:           %[[WZ:.*]] = arith.subi %[[W]], %c100_i32 : i32
// CHECK:           arith.select %{{.*}}, %[[WZ]], %c0_i32 : i32
// CHECK:         vector.load %[[PACKED]][{{.*}}] : memref<1x9x32xi32>, vector<16xi32>
func.func @matmul_u16_i32(%x: memref<2x9xi8>, %w: memref<9x5xi16>, %y: memref<2x5xi32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<2x9xi8>, memref<9x5xi16>) outs(%y : memref<2x5xi32>) {
  ^bb0(%a: i8, %b: i16, %acc: i32):
    %ai = arith.extsi %a : i8 to i32
    %bi = arith.extui %b : i16 to i32
    %zw = arith.constant 100 : i32
    %bz = arith.subi %bi, %zw : i32
    %p = arith.muli %bz, %ai : i32
    %s = arith.addi %p, %acc : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// Left to the loops: a grouped conv of 2 output channels per group (fewer
// than 4, and not depthwise), a matmul of 3 columns, a body that is not a
// multiply-accumulate.

// CHECK-LABEL: func.func @not_taken
// CHECK:         linalg.conv_2d_nhwgc_gfhwc
// CHECK:         linalg.matmul
// CHECK:         linalg.generic
// CHECK-NOT:     scf.parallel
func.func @not_taken(%x: memref<1x6x6x4x1xi8>, %w: memref<4x2x3x3x1xi8>, %y: memref<1x4x4x4x2xi32>,
                     %a: memref<4x8xi8>, %b: memref<8x3xi8>, %c: memref<4x3xi32>,
                     %d: memref<4x8xi8>, %e: memref<8x16xi8>, %f: memref<4x16xi32>) {
  linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x6x6x4x1xi8>, memref<4x2x3x3x1xi8>) outs(%y : memref<1x4x4x4x2xi32>)
  linalg.matmul ins(%a, %b : memref<4x8xi8>, memref<8x3xi8>) outs(%c : memref<4x3xi32>)
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%d, %e : memref<4x8xi8>, memref<8x16xi8>) outs(%f : memref<4x16xi32>) {
  ^bb0(%p: i8, %q: i8, %acc: i32):
    %pi = arith.extsi %p : i8 to i32
    %qi = arith.extsi %q : i8 to i32
    %s = arith.addi %pi, %qi : i32
    %t = arith.addi %acc, %s : i32
    linalg.yield %t : i32
  }
  return
}
