// RUN: quant-opt %s -split-input-file --qnn-linalg-to-kernels=vector-width=4 --mlir-print-debuginfo=false | FileCheck %s
// RUN: quant-opt %s -split-input-file --qnn-linalg-to-kernels="vector-width=8 int8-dot-width=8" | FileCheck %s --check-prefix=WORDS

// f32, 3x3 stride 1, padding 1 (buildFloatDepthwise's generic): the padded
// input is 6 x 42, the output 4 x 40, ten vectors of 4 columns per row.
// Rows 0 and 3 reach the padding (tested at run time, a select keeping the
// accumulator), rows 1 and 2 do not (no test); vector 0 reaches the left padding and
// vector 9 the right one (constant lane masks), vectors 1 to 8 are
// interior: two tiles of four in a loop, no mask. One mulf (w * x, the
// body's order) then one addf per tap, no fma.

#x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + d6, d4 + d7)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>

// CHECK-LABEL: func.func @float_padded
// CHECK:         scf.parallel (%[[N:.*]], %[[G:.*]], %[[F:.*]]) =
// CHECK:           %[[W00:.*]] = memref.load %arg1[%[[G]], %[[F]], %{{.*}}, %{{.*}}, %{{.*}}] : memref<3x1x1x3x3xf32>
// CHECK:           %[[B00:.*]] = vector.broadcast %[[W00]] : f32 to vector<4xf32>
// The interior rows 1 and 2 (oh = i + 1), the interior vectors [4, 36) in
// tiles of 4: no test.
// CHECK:           scf.for %[[I:.*]] = %c0{{.*}} to %c2{{.*}} step
// CHECK:             %[[OH1:.*]] = arith.addi %[[I]], %c1
// CHECK:             scf.for %[[C:.*]] = %c4{{.*}} to %c36{{.*}} step %c16
// CHECK-NOT:           arith.select
// CHECK-NOT:           arith.cmpi
// CHECK:               %[[X1:.*]] = vector.load %arg0[%[[N]], %[[G]], %{{.*}}, %[[OH1]], %[[C]]] : memref<1x3x1x6x42xf32>, vector<4xf32>
// CHECK-NEXT:          arith.mulf %[[B00]], %[[X1]] : vector<4xf32>
// CHECK-NEXT:          arith.addf
// The right border vector: lane 3 skips kw = 2.
// CHECK:             arith.constant dense<[true, true, true, false]> : vector<4xi1>
// The border rows 0 and 3 in one loop (oh = i, then i + 2), their first
// vector: the row test and the lane mask.
// CHECK:           scf.for %[[J:.*]] = %c0{{.*}} to %c2{{.*}} step
// CHECK:             %[[ABOVE:.*]] = arith.cmpi ult, %[[J]], %c1
// CHECK:             %[[BELOW:.*]] = arith.addi %[[J]], %c2
// CHECK:             %[[OH:.*]] = arith.select %[[ABOVE]], %[[J]], %[[BELOW]] : index
// CHECK:             %[[ACC:.*]] = vector.load %arg2[%[[N]], %[[G]], %[[F]], %[[OH]], %c0{{.*}}] : memref<1x3x1x4x40xf32>, vector<4xf32>
// CHECK:             %[[GE:.*]] = arith.cmpi sge, %[[OH]], %c1
// CHECK:             %[[LT:.*]] = arith.cmpi slt, %[[OH]], %c5
// CHECK:             %[[ROW:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK:             %[[X:.*]] = vector.load %arg0[%[[N]], %[[G]], %{{.*}}, %[[OH]], %c0{{.*}}] : memref<1x3x1x6x42xf32>, vector<4xf32>
// CHECK:             %[[P:.*]] = arith.mulf %[[B00]], %[[X]] : vector<4xf32>
// CHECK:             %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : vector<4xf32>
// CHECK:             %[[LANES:.*]] = arith.constant dense<[false, true, true, true]> : vector<4xi1>
// CHECK:             %[[RB:.*]] = vector.broadcast %[[ROW]] : i1 to vector<4xi1>
// CHECK:             %[[KEEP:.*]] = arith.andi %[[LANES]], %[[RB]] : vector<4xi1>
// CHECK:             arith.select %[[KEEP]], %[[S]], %[[ACC]] : vector<4xi1>, vector<4xf32>
// The same row's second vector (interior columns): the row test alone.
// CHECK:             arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK-NOT:     vector.fma
// CHECK-NOT:     linalg.generic
func.func @float_padded(%x: memref<1x3x1x6x42xf32>, %w: memref<3x1x1x3x3xf32>, %y: memref<1x3x1x4x40xf32>) {
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %c41 = arith.constant 41 : index
  linalg.generic {indexing_maps = [#x, #w, #y],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<1x3x1x6x42xf32>, memref<3x1x1x3x3xf32>) outs(%y : memref<1x3x1x4x40xf32>) {
  ^bb0(%in: f32, %wt: f32, %out: f32):
    %p = arith.mulf %wt, %in : f32
    %s = arith.addf %out, %p : f32
    %oh = linalg.index 3 : index
    %kh = linalg.index 6 : index
    %ih = arith.addi %oh, %kh : index
    %ow = linalg.index 4 : index
    %kw = linalg.index 7 : index
    %iw = arith.addi %ow, %kw : index
    %h0 = arith.cmpi sge, %ih, %c1 : index
    %h1 = arith.cmpi slt, %ih, %c5 : index
    %h = arith.andi %h0, %h1 : i1
    %w0 = arith.cmpi sge, %iw, %c1 : index
    %w1 = arith.cmpi slt, %iw, %c41 : index
    %wi = arith.andi %w0, %w1 : i1
    %in_ = arith.andi %h, %wi : i1
    %r = arith.select %in_, %s, %out : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// f32, 3x3 stride 2, unpadded (no select in the body, none emitted): each
// vector of 4 columns reads 8 consecutive inputs and keeps the even ones;
// the last vector (columns 4 to 6 of 7) is masked.

#x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 * 2 + d6, d4 * 2 + d7)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>

// CHECK-LABEL: func.func @float_stride2
// CHECK:         scf.for %[[OH:.*]] = %c0{{.*}} to %c3{{.*}} step
// CHECK:           %[[IH:.*]] = arith.muli %[[OH]], %c2
// CHECK:           %[[WIDE:.*]] = vector.load %arg0[%{{.*}}, %{{.*}}, %{{.*}}, %[[IH]], %c0{{.*}}] : memref<2x5x1x7x15xf32>, vector<8xf32>
// CHECK:           %[[EVEN:.*]] = vector.shuffle %[[WIDE]], %[[WIDE]] [0, 2, 4, 6] : vector<8xf32>, vector<8xf32>
// CHECK:           %[[P:.*]] = arith.mulf %{{.*}}, %[[EVEN]] : vector<4xf32>
// CHECK:           arith.addf %{{.*}}, %[[P]] : vector<4xf32>
// CHECK:           vector.store
// CHECK:           vector.maskedload %arg2{{.*}} : memref<2x5x1x3x7xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
// CHECK:           vector.maskedstore
// CHECK-NOT:     arith.select
func.func @float_stride2(%x: memref<2x5x1x7x15xf32>, %w: memref<5x1x1x3x3xf32>, %y: memref<2x5x1x3x7xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #y],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<2x5x1x7x15xf32>, memref<5x1x1x3x3xf32>) outs(%y : memref<2x5x1x3x7xf32>) {
  ^bb0(%in: f32, %wt: f32, %out: f32):
    %p = arith.mulf %wt, %in : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// i8, the named op, NHWC, 5 channels (one vector of 4 and a masked lane),
// 2x2 kernel: the constant weight packed as [kh][kw][g] i32, sign-extended,
// zero past channel 5 (8 per tap); x read as vector<4xi8>, sign-extended.

// CHECK:       memref.global "private" constant @__qnn_packed_depthwise : memref<32xi32> = dense<[1, 2, 3, 4, -128, 0, 0, 0, 10, 20, 30, 40, -1, 0, 0, 0, 5, 6, 7, 8, 127, 0, 0, 0, -5, -6, -7, -8, 0, 0, 0, 0]> {alignment = 64 : i64}
// CHECK-LABEL: func.func @int8_named
// CHECK:         %[[PACKED:.*]] = memref.get_global @__qnn_packed_depthwise : memref<32xi32>
// CHECK:         %[[X:.*]] = memref.collapse_shape %arg0 {{\[\[}}0], [1], [2], [3, 4]] : memref<1x4x5x5x1xi8> into memref<1x4x5x5xi8>
// CHECK:         %[[Y:.*]] = memref.collapse_shape %arg1 {{\[\[}}0], [1], [2], [3, 4]] : memref<1x3x4x5x1xi32> into memref<1x3x4x5xi32>
// CHECK:         scf.parallel (%[[N:.*]], %[[OH:.*]]) =
// CHECK:           scf.for %[[G:.*]] = %c0{{.*}} to %c4{{.*}} step %c4
// CHECK:             %[[W0:.*]] = vector.load %[[PACKED]][%[[G]]] : memref<32xi32>, vector<4xi32>
// CHECK:             scf.for %[[OW:.*]] = %c0{{.*}} to %c4{{.*}} step %c4
// CHECK:               %[[ACC:.*]] = vector.load %[[Y]][%[[N]], %[[OH]], %[[OW]], %[[G]]] : memref<1x3x4x5xi32>, vector<4xi32>
// CHECK:               %[[XV:.*]] = vector.load %[[X]][%[[N]], %[[OH]], %[[OW]], %[[G]]] : memref<1x4x5x5xi8>, vector<4xi8>
// CHECK:               %[[XI:.*]] = arith.extsi %[[XV]] : vector<4xi8> to vector<4xi32>
// CHECK:               %[[P:.*]] = arith.muli %[[XI]], %[[W0]] : vector<4xi32>
// CHECK:               arith.addi %[[ACC]], %[[P]] : vector<4xi32>
// The last channel, masked.
// CHECK:           vector.maskedload %[[X]]{{.*}} : memref<1x4x5x5xi8>, vector<4xi1>, vector<4xi8> into vector<4xi8>
// CHECK:           vector.maskedstore %[[Y]]
// CHECK-NOT:     linalg.conv_2d_nhwgc_gfhwc

// With a dot width (VNNI) each product is a 2-way i16 dot product: the
// weight packed as the pair (w, 0), 65536 + w for a negative one; x
// extended to i32 and seen as the pair (x, x >> 16).
// WORDS:       memref.global "private" constant @__qnn_packed_depthwise : memref<32xi32> = dense<[1, 2, 3, 4, 65408, 0, 0, 0, 10, 20, 30, 40, 65535, 0, 0, 0, 5, 6, 7, 8, 127, 0, 0, 0, 65531, 65530, 65529, 65528, 0, 0, 0, 0]>
// WORDS-LABEL: func.func @int8_named
// WORDS:         %[[XI:.*]] = arith.extsi %{{.*}} : vector<8xi8> to vector<8xi32>
// WORDS:         %[[XW:.*]] = vector.bitcast %[[XI]] : vector<8xi32> to vector<16xi16>
// WORDS:         %[[XP:.*]] = vector.shape_cast %[[XW]] : vector<16xi16> to vector<8x2xi16>
// WORDS:         %[[XE:.*]] = arith.extsi %[[XP]] : vector<8x2xi16> to vector<8x2xi32>
// WORDS:         %[[WE:.*]] = arith.extsi %{{.*}} : vector<8x2xi16> to vector<8x2xi32>
// WORDS:         vector.contract {{{.*}}iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %[[XE]], %[[WE]], %{{.*}} : vector<8x2xi32>, vector<8x2xi32> into vector<8xi32>
// WORDS-NOT:     arith.muli {{.*}} : vector<8xi32>
memref.global "private" constant @wdw : memref<5x1x2x2x1xi8> =
  dense<[[[[[1], [10]], [[5], [-5]]]], [[[[2], [20]], [[6], [-6]]]], [[[[3], [30]], [[7], [-7]]]],
         [[[[4], [40]], [[8], [-8]]]], [[[[-128], [-1]], [[127], [0]]]]]>
func.func @int8_named(%x: memref<1x4x5x5x1xi8>, %y: memref<1x3x4x5x1xi32>) {
  %w = memref.get_global @wdw : memref<5x1x2x2x1xi8>
  linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x4x5x5x1xi8>, memref<5x1x2x2x1xi8>) outs(%y : memref<1x3x4x5x1xi32>)
  return
}

// -----

// u8 activations (the generic that zero-extends x), 8 channels, stride 2,
// the weight an argument: packed by a loop (sign-extended); x extended by
// extui.

#x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d5, d2 * 2 + d6, d3, d7)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>

// CHECK-LABEL: func.func @u8_generic
// CHECK:         %[[PACKED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<72xi32>
// CHECK:         scf.parallel
// CHECK:           memref.load %arg1[{{.*}}] : memref<8x1x3x3x1xi8>
// CHECK:           arith.extsi %{{.*}} : i8 to i32
// CHECK:           memref.store %{{.*}}, %[[PACKED]][%{{.*}}] : memref<72xi32>
// CHECK:         scf.parallel
// CHECK:           vector.load %{{.*}} : memref<2x9x9x8xi8>, vector<4xi8>
// CHECK:           arith.extui %{{.*}} : vector<4xi8> to vector<4xi32>
// CHECK-NOT:     linalg.generic
func.func @u8_generic(%x: memref<2x9x9x8x1xi8>, %w: memref<8x1x3x3x1xi8>, %y: memref<2x4x4x8x1xi32>) {
  linalg.generic {indexing_maps = [#x, #w, #y],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<2x9x9x8x1xi8>, memref<8x1x3x3x1xi8>) outs(%y : memref<2x4x4x8x1xi32>) {
  ^bb0(%in: i8, %wt: i8, %out: i32):
    %xi = arith.extui %in : i8 to i32
    %wi = arith.extsi %wt : i8 to i32
    %p = arith.muli %xi, %wi : i32
    %s = arith.addi %out, %p : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// Left to the loops: a channel multiplier of 2 in INT8 (fg = 2, the dense
// kernels' case), and an f32 body with contraction allowed (the loops'
// rounding is not this one's).

#x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 + d6, d4 + d7)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>

// CHECK-LABEL: func.func @left_alone
// CHECK:         linalg.conv_2d_nhwgc_gfhwc
// CHECK:         linalg.generic
// CHECK-NOT:     vector.
func.func @left_alone(%x: memref<1x4x5x3x1xi8>, %w: memref<3x2x2x2x1xi8>, %y: memref<1x3x4x3x2xi32>,
                      %fx: memref<1x3x1x6x6xf32>, %fw: memref<3x1x1x3x3xf32>, %fy: memref<1x3x1x4x4xf32>) {
  linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x4x5x3x1xi8>, memref<3x2x2x2x1xi8>) outs(%y : memref<1x3x4x3x2xi32>)
  linalg.generic {indexing_maps = [#x, #w, #y],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%fx, %fw : memref<1x3x1x6x6xf32>, memref<3x1x1x3x3xf32>) outs(%fy : memref<1x3x1x4x4xf32>) {
  ^bb0(%in: f32, %wt: f32, %out: f32):
    %p = arith.mulf %wt, %in fastmath<contract> : f32
    %s = arith.addf %out, %p fastmath<contract> : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// f32 NHWC (buildFloatDepthwiseNhwc's generic), 5 channels (one vector of
// 4 and a masked lane), 3x3, padding 1: the channels vectorized. The
// padding copy is absorbed: the kernel reads the unpadded source at
// (ih - 1, iw - 1), border rows clamping the row into it (the select then
// drops the value), border columns leaving their outside taps out; the
// bias broadcast right before the conv starts the accumulators. Neither
// generic remains.
#pad = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#dx = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d4, d2 + d5, d3)>
#dw = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5, d3)>
#dy = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @float_nhwc
// CHECK-SAME:    (%[[SRC:[a-z0-9]+]]: memref<1x6x7x5xf32>, %[[W:[a-z0-9]+]]: memref<3x3x5xf32>, %[[B:[a-z0-9]+]]: memref<5xf32>, %[[Y:[a-z0-9]+]]: memref<1x6x7x5xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         scf.parallel (%[[N:.*]], %[[OH:.*]]) =
// CHECK:           %[[INTERIOR:.*]] = arith.andi
// CHECK:           scf.if %[[INTERIOR]] {
// CHECK:             vector.load %[[W]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<3x3x5xf32>, vector<4xf32>
// CHECK:             vector.load %[[B]][%{{.*}}] : memref<5xf32>, vector<4xf32>
// CHECK:             vector.load %[[SRC]][%[[N]], %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x6x7x5xf32>, vector<4xf32>
// CHECK:             arith.mulf
// CHECK:             arith.addf
// CHECK:             vector.store %{{.*}}, %[[Y]][%[[N]], %[[OH]], %{{.*}}, %{{.*}}] : memref<1x6x7x5xf32>, vector<4xf32>
// CHECK:           } else {
// CHECK:             arith.maxsi
// CHECK:             arith.minsi
// CHECK:             vector.load %[[SRC]]
// CHECK:             arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:             vector.maskedstore %[[Y]]
// CHECK-NOT:     linalg.generic
func.func @float_nhwc(%src: memref<1x6x7x5xf32>, %w: memref<3x3x5xf32>, %b: memref<5xf32>, %y: memref<1x6x7x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %x = memref.alloc() {alignment = 64 : i64} : memref<1x8x9x5xf32>
  linalg.generic {indexing_maps = [#pad], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%x : memref<1x8x9x5xf32>) {
  ^bb0(%out: f32):
    %0 = linalg.index 1 : index
    %1 = arith.subi %0, %c1 : index
    %2 = arith.cmpi sge, %1, %c0 : index
    %3 = arith.maxsi %1, %c0 : index
    %4 = arith.cmpi slt, %3, %c6 : index
    %5 = arith.andi %2, %4 : i1
    %6 = arith.minsi %3, %c5 : index
    %7 = linalg.index 2 : index
    %8 = arith.subi %7, %c1 : index
    %9 = arith.cmpi sge, %8, %c0 : index
    %10 = arith.maxsi %8, %c0 : index
    %11 = arith.cmpi slt, %10, %c7 : index
    %12 = arith.andi %9, %11 : i1
    %13 = arith.minsi %10, %c6 : index
    %14 = arith.andi %5, %12 : i1
    %15 = linalg.index 3 : index
    %16 = memref.load %src[%c0, %6, %13, %15] : memref<1x6x7x5xf32>
    %17 = arith.select %14, %16, %zero : f32
    linalg.yield %17 : f32
  }
  linalg.generic {indexing_maps = [#bias, #pad], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : memref<5xf32>) outs(%y : memref<1x6x7x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#dx, #dw, #dy], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
    ins(%x, %w : memref<1x8x9x5xf32>, memref<3x3x5xf32>) outs(%y : memref<1x6x7x5xf32>) {
  ^bb0(%in: f32, %wt: f32, %out: f32):
    %0 = arith.mulf %wt, %in : f32
    %1 = arith.addf %out, %0 : f32
    %2 = linalg.index 1 : index
    %3 = linalg.index 4 : index
    %4 = arith.addi %2, %3 : index
    %5 = arith.cmpi sge, %4, %c1 : index
    %6 = arith.cmpi slt, %4, %c7 : index
    %7 = arith.andi %5, %6 : i1
    %8 = linalg.index 2 : index
    %9 = linalg.index 5 : index
    %10 = arith.addi %8, %9 : index
    %11 = arith.cmpi sge, %10, %c1 : index
    %12 = arith.cmpi slt, %10, %c8 : index
    %13 = arith.andi %11, %12 : i1
    %14 = arith.andi %7, %13 : i1
    %15 = arith.select %14, %1, %out : f32
    linalg.yield %15 : f32
  }
  return
}
