// RUN: quant-opt %s -split-input-file -verify-diagnostics --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// Every form the verifier accepts lowers (there is no diagnostic to test).

// Static INT8 conv2d, u8 input (z_x = 128), constant per-channel weight:
// sum_k w = [-1, 7] is folded at compile time into -z_x * sum_k w =
// [128, -896] and added to the run-time bias; the weight is re-laid out to
// [G, F/G, KH, KW, C/G] as a constant; the input, transposed to NHWC, reads
// the zero point (128 as i8: -128) in the padding (one generic: index - 1
// along the width padded on the left only, the input where 0 <= iw; no
// upper test, iw <= 3 always), and is zero-extended
// in the body; the requantization uses M_f = computeMultiplier(0.05, s_w[f],
// 0.1) and the relu range [z_y, 255] = [0, 135] relative to z_y = 120, then
// the result is transposed back to NCHW.
// CHECK-DAG: #[[X:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
// CHECK-DAG: #[[CH:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_u8_constant_weight
// CHECK-SAME: (%[[XIN:.*]]: tensor<1x1x4x4xi8>, %[[B:.*]]: tensor<2xi32>) -> tensor<1x2x4x4xi8>
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.350000e+02 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ZY:.*]] = arith.constant 120 : i32
// CHECK-DAG: %[[M:.*]] = arith.constant dense<[0.00500000035, 0.0100000007]> : tensor<2xf32>
// CHECK-DAG: %[[TERM:.*]] = arith.constant dense<[128, -896]> : tensor<2xi32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1], [-2]]], {{\[\[\[}}3], [4]]]]]> : tensor<1x2x1x2x1xi8>
// CHECK-DAG: %[[PAD:.*]] = arith.constant -128 : i8
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[XIN]] : tensor<1x1x4x4xi8>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x4x5x1xi8>)
// CHECK: %[[OH:.*]] = linalg.index 1 : index
// CHECK: %[[OW:.*]] = linalg.index 2 : index
// CHECK: %[[IW:.*]] = arith.subi %[[OW]], %[[C1]] : index
// CHECK: %[[IN:.*]] = arith.cmpi sge, %[[IW]], %[[C0]] : index
// CHECK-NOT: arith.cmpi
// CHECK: %[[V:.*]] = tensor.extract %[[XT]][%{{.*}}, %[[OH]], %{{.*}}, %{{.*}}] : tensor<1x4x4x1xi8>
// CHECK: arith.select %[[IN]], %[[V]], %[[PAD]] : i8
// CHECK: linalg.generic {{.*}} ins(%[[B]], %[[TERM]] : tensor<2xi32>, tensor<2xi32>)
// CHECK: arith.addi
// CHECK: linalg.generic {indexing_maps = [#[[X]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.*}}, %[[W]] :
// CHECK: %[[XE:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[WE:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[P:.*]] = arith.muli %[[XE]], %[[WE]] : i32
// CHECK: arith.addi %{{.*}}, %[[P]] : i32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CH]], #{{.*}}]{{.*}} ins(%{{.*}}, %[[M]] : tensor<1x4x4x2xi32>, tensor<2xf32>) outs(%{{.*}} : tensor<1x4x4x2xi8>)
// CHECK: %[[F:.*]] = arith.sitofp %{{.*}} : i32 to f32
// CHECK: %[[S:.*]] = arith.mulf %[[F]], %{{.*}} : f32
// CHECK: %[[R:.*]] = math.roundeven %[[S]] : f32
// CHECK: %[[A:.*]] = arith.maxnumf %[[R]], %[[LO]] : f32
// CHECK: %[[C:.*]] = arith.minnumf %[[A]], %[[HI]] : f32
// CHECK: %[[I:.*]] = arith.fptosi %[[C]] : f32 to i32
// CHECK: arith.addi %[[I]], %[[ZY]] : i32
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x4x4x2xi8>) {{.*}} permutation = [0, 3, 1, 2]
!x_u8 = !quant.uniform<u8:f32, 0.05:128>
!w_pc = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!b_pc = !quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>
!y_u8 = !quant.uniform<u8:f32, 0.1:120>
func.func @conv_u8_constant_weight(%x: tensor<1x1x4x4x!x_u8>, %b: tensor<2x!b_pc>) -> tensor<1x2x4x4x!y_u8> {
  %c = arith.constant dense<[[[[1, -2]]], [[[3, 4]]]]> : tensor<2x1x1x2xi8>
  %w = quant.scast %c : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!w_pc>
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 0, 1, 0, 0>, activation = #qnn.activation<relu>}
       : (tensor<1x1x4x4x!x_u8>, tensor<2x1x1x2x!w_pc>, tensor<2x!b_pc>) -> tensor<1x2x4x4x!y_u8>
  return %y : tensor<1x2x4x4x!y_u8>
}

// -----

// Grouped (two input channels, two outputs each: depthwise with multiplier
// 2), stride 2, asymmetric padding (top 0, left 1, bottom 1, right 0), i8
// input (z_x = -5, padding reads -5),
// run-time weight: -z_x * sum_k w computed by a reduction (factor 5, sign
// extension), the weight transposed to [G, F/G, KH, KW, C/G] for the named
// op conv_2d_nhwgc_gfhwc (which sign-extends: right for i8); relu6 narrows
// the i8 range (z_y = -10) to [0, 137] relative to z_y.
// CHECK-LABEL: func.func @conv_grouped_runtime_weight
// CHECK-SAME: (%{{.*}}: tensor<2x2x5x5xi8>, %[[W:.*]]: tensor<4x1x3x3xi8>)
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.370000e+02 : f32
// CHECK-DAG: %[[M:.*]] = arith.constant dense<[0.0133333337, 0.0266666673, 0.0400000028, 0.0533333346]> : tensor<4xf32>
// CHECK-DAG: %[[NZX:.*]] = arith.constant 5 : i32
// CHECK-DAG: %[[PAD:.*]] = arith.constant -5 : i8
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x6x6x2xi8>)
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[PAD]] : i8
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 2, 1, 3, 3]
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[WG]] : tensor<2x2x1x3x3xi8>) {{.*}} permutation = [0, 1, 3, 4, 2]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction", "reduction"]} ins(%[[W]] : tensor<4x1x3x3xi8>)
// CHECK: %[[E:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[T:.*]] = arith.muli %[[E]], %[[NZX]] : i32
// CHECK: arith.addi %{{.*}}, %[[T]] : i32
// CHECK: linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %[[WT]] : tensor<2x6x6x2x1xi8>, tensor<2x2x3x3x1xi8>) outs(%{{.*}} : tensor<2x2x2x2x2xi32>)
// CHECK: ins(%{{.*}}, %[[M]] : tensor<2x2x2x4xi32>, tensor<4xf32>) outs(%{{.*}} : tensor<2x2x2x4xi8>)
// CHECK: arith.minnumf %{{.*}}, %[[HI]] : f32
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x2x2x4xi8>) outs(%{{.*}} : tensor<2x4x2x2xi8>) permutation = [0, 3, 1, 2]
!x_i8 = !quant.uniform<i8:f32, 0.04:-5>
!dw = !quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04}>
!y_i8 = !quant.uniform<i8:f32, 0.03:-10>
func.func @conv_grouped_runtime_weight(%x: tensor<2x2x5x5x!x_i8>, %w: tensor<4x1x3x3x!dw>) -> tensor<2x4x2x2x!y_i8> {
  %y = qnn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 0, 1, 1, 0>, groups = 2 : i64, activation = #qnn.activation<relu6>}
       : (tensor<2x2x5x5x!x_i8>, tensor<4x1x3x3x!dw>) -> tensor<2x4x2x2x!y_i8>
  return %y : tensor<2x4x2x2x!y_i8>
}

// -----

// Float conv2d (one group) runs in NHWC between two transposes, as the
// INT8 conv does: a generic over (n, oh, ow, f, c, kh, kw), so that it sums
// over (c, kh, kw), the interpreter's im2col order, reading x[n, ih, iw, c]
// (no named NHWC conv has that order); padding reads 0; the output starts
// from the bias; relu is numerics::clampFloat afterwards.
// CHECK-DAG: #[[XMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d5, d2 + d6, d4)>
// CHECK-DAG: #[[WMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG: #[[YMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_float
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<6x4x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<1x4x5x5xf32>) outs(%{{.*}} : tensor<1x5x5x4xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[P:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x7x7x4xf32>)
// CHECK: tensor.extract %[[XT]]
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[ZERO]] : f32
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<6xf32>) outs(%{{.*}} : tensor<1x5x5x6xf32>)
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[XMAP]], #[[WMAP]], #[[YMAP]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[P]], %[[W]] : tensor<1x7x7x4xf32>, tensor<6x4x3x3xf32>) outs(%[[INIT]] : tensor<1x5x5x6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[WT:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT:   %[[PROD:.*]] = arith.mulf %[[IN]], %[[WT]] : f32
// CHECK-NEXT:   arith.addf %[[OUT]], %[[PROD]] : f32
// CHECK: %[[YT:.*]] = linalg.transpose ins(%[[Y]] : tensor<1x5x5x6xf32>) outs(%{{.*}} : tensor<1x6x5x5xf32>) permutation = [0, 3, 1, 2]
// CHECK: linalg.generic {{.*}} ins(%[[YT]] : tensor<1x6x5x5xf32>)
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: arith.cmpf ogt
// CHECK: arith.select
func.func @conv_float(%x: tensor<1x4x5x5xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5x5xf32> {
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<1x4x5x5xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32>
  return %y : tensor<1x6x5x5xf32>
}

// -----

// Float grouped conv2d: conv_2d_ngchw_gfchw on expanded NCHW / OIHW.
// CHECK-LABEL: func.func @conv_float_grouped
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 5, 5]
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
func.func @conv_float_grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %y = qnn.conv2d %x, %w {groups = 2 : i64}
       : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %y : tensor<1x6x3x3xf32>
}

// -----

// Float depthwise (one input and one output channel per group), in NHWC
// between transposes: loops (n, oh, ow, g, kh, kw), the weight re-laid out
// to [KH, KW, G] (a transpose of a run-time weight). The interpreter skips
// window positions in the padding, so the body adds w * x only where
// 1 <= oh + kh < 6 and 1 <= ow + kw < 6 (padded coordinates).
// CHECK-DAG: #[[DWX:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d4, d2 + d5, d3)>
// CHECK-DAG: #[[DWW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5, d3)>
// CHECK-LABEL: func.func @conv_float_depthwise
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x3x5x5xf32>) outs(%{{.*}} : tensor<1x5x5x3xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[WT:.*]] = linalg.transpose ins(%{{.*}} : tensor<3x3x3xf32>) outs(%{{.*}} : tensor<3x3x3xf32>) permutation = [1, 2, 0]
// CHECK: linalg.generic {indexing_maps = [#[[DWX]], #[[DWW]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}}, %[[WT]] : tensor<1x7x7x3xf32>, tensor<3x3x3xf32>)
// CHECK: ^bb0(%[[XV:.*]]: f32, %[[WV:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[WV]], %[[XV]] : f32
// CHECK: %[[SUM:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK: %[[OH:.*]] = linalg.index 1 : index
// CHECK: %[[KH:.*]] = linalg.index 4 : index
// CHECK: %[[IH:.*]] = arith.addi %[[OH]], %[[KH]] : index
// CHECK: arith.cmpi sge, %[[IH]], %[[C1]] : index
// CHECK: arith.cmpi slt, %[[IH]], %[[C6]] : index
// CHECK: arith.andi
// CHECK: arith.select %{{.*}}, %[[SUM]], %[[ACC]] : f32
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x5x5x3xf32>) outs(%{{.*}} : tensor<1x3x5x5xf32>) permutation = [0, 3, 1, 2]
func.func @conv_float_depthwise(%x: tensor<1x3x5x5xf32>, %w: tensor<3x1x3x3xf32>) -> tensor<1x3x5x5xf32> {
  %y = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, groups = 3 : i64}
       : (tensor<1x3x5x5xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x5x5xf32>
  return %y : tensor<1x3x5x5xf32>
}

// -----

// Static INT8 fully_connected with constant weight and bias: one constant
// b' = q_b - z_x * sum_k w = [1000 - 100 * 10, -1000 - 100 * 2].
// CHECK-DAG: #[[XM:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[WM:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @fc_int8_constant
// CHECK-DAG: %[[M:.*]] = arith.constant dense<[0.00250000018, 0.00500000035]> : tensor<2xf32>
// CHECK-DAG: %[[BP:.*]] = arith.constant dense<[0, -1200]> : tensor<2xi32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1, 2, 3, 4], [-5, 6, -7, 8]]> : tensor<2x4xi8>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[BP]] : tensor<2xi32>)
// CHECK: linalg.generic {indexing_maps = [#[[XM]], #[[WM]], {{.*}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %[[W]] : tensor<3x4xi8>, tensor<2x4xi8>) outs(%[[INIT]] : tensor<3x2xi32>)
// CHECK: arith.extui
// CHECK: arith.extsi
// CHECK: ins(%{{.*}}, %[[M]] : tensor<3x2xi32>, tensor<2xf32>)
!a = !quant.uniform<u8:f32, 0.05:100>
!wc = !quant.uniform<i8:f32:0, {0.01, 0.02}>
!bc = !quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>
!y = !quant.uniform<i8:f32, 0.2:-3>
func.func @fc_int8_constant(%x: tensor<3x4x!a>) -> tensor<3x2x!y> {
  %cw = arith.constant dense<[[1, 2, 3, 4], [-5, 6, -7, 8]]> : tensor<2x4xi8>
  %w = quant.scast %cw : tensor<2x4xi8> to tensor<2x4x!wc>
  %cb = arith.constant dense<[1000, -1000]> : tensor<2xi32>
  %b = quant.scast %cb : tensor<2xi32> to tensor<2x!bc>
  %y = qnn.fully_connected %x, %w, %b : (tensor<3x4x!a>, tensor<2x4x!wc>, tensor<2x!bc>) -> tensor<3x2x!y>
  return %y : tensor<3x2x!y>
}

// -----

// Static INT8 matmul of two activations with broadcast batch dimensions:
// the rhs (u8, z_w = 7) has its zero point subtracted in the body; the
// term -z_x * sum_k (w - z_w) (z_x = 3) is summed at run time per
// (rhs batch, n) and broadcast over lhs batches and rows.
// CHECK-DAG: #[[L:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[R:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[T:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-LABEL: func.func @matmul_int8_batch
// CHECK-DAG: %[[M:.*]] = arith.constant 0.0250000022 : f32
// CHECK-DAG: %[[ZW:.*]] = arith.constant 7 : i32
// CHECK-DAG: %[[NZX:.*]] = arith.constant -3 : i32
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.*}} : tensor<5x4x6xi8>) outs(%{{.*}} : tensor<5x6xi32>)
// CHECK: %[[E:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[C:.*]] = arith.subi %[[E]], %[[ZW]] : i32
// CHECK: arith.muli %[[C]], %[[NZX]] : i32
// CHECK: linalg.generic {indexing_maps = [#[[T]], {{.*}}]
// CHECK: linalg.generic {indexing_maps = [#[[L]], #[[R]], {{.*}}]
// CHECK: %[[XE:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[WE:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[WC:.*]] = arith.subi %[[WE]], %[[ZW]] : i32
// CHECK: arith.muli %[[XE]], %[[WC]] : i32
// CHECK: arith.mulf %{{.*}}, %[[M]] : f32
!a = !quant.uniform<i8:f32, 0.05:3>
!r = !quant.uniform<u8:f32, 0.1:7>
!y = !quant.uniform<i8:f32, 0.2:-3>
func.func @matmul_int8_batch(%a: tensor<2x1x3x4x!a>, %b: tensor<5x4x6x!r>) -> tensor<2x5x3x6x!y> {
  %y = qnn.matmul %a, %b : (tensor<2x1x3x4x!a>, tensor<5x4x6x!r>) -> tensor<2x5x3x6x!y>
  return %y : tensor<2x5x3x6x!y>
}

// -----

// Dynamic fully_connected: the u8 storage (signless once converted) is
// zero-extended; sum_k w = [10, 2] is folded at compile time and multiplied
// by the run-time -z_x; y = f32(acc) * (s_x * s_w[n]) + b[n].
// CHECK-LABEL: func.func @fc_dynamic
// CHECK-SAME: (%[[Q:.*]]: tensor<3x4xi8>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i32>, %[[B:.*]]: tensor<2xf32>)
// CHECK-DAG: %[[SW:.*]] = arith.constant dense<[0.00999999977, 2.000000e-02]> : tensor<2xf32>
// CHECK-DAG: %[[SUM:.*]] = arith.constant dense<[10, 2]> : tensor<2xi32>
// CHECK: %[[ZX:.*]] = tensor.extract %[[Z]][] : tensor<i32>
// CHECK: %[[NZX:.*]] = arith.subi %{{.*}}, %[[ZX]] : i32
// CHECK: %[[SX:.*]] = tensor.extract %[[S]][] : tensor<f32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<2xi32>)
// CHECK: arith.muli %[[NZX]], %{{.*}} : i32
// CHECK: linalg.generic {{.*}} ins(%[[Q]], %{{.*}} : tensor<3x4xi8>, tensor<2x4xi8>)
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[SW]], %[[B]] : tensor<3x2xi32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: ^bb0(%[[ACC:.*]]: i32, %[[SWV:.*]]: f32, %[[BV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[F:.*]] = arith.sitofp %[[ACC]] : i32 to f32
// CHECK: %[[SS:.*]] = arith.mulf %[[SX]], %[[SWV]] : f32
// CHECK: %[[D:.*]] = arith.mulf %[[F]], %[[SS]] : f32
// CHECK: arith.addf %[[D]], %[[BV]] : f32
!wc = !quant.uniform<i8:f32:0, {0.01, 0.02}>
func.func @fc_dynamic(%q: tensor<3x4xui8>, %s: tensor<f32>, %z: tensor<i32>, %b: tensor<2xf32>) -> tensor<3x2xf32> {
  %cw = arith.constant dense<[[1, 2, 3, 4], [-5, 6, -7, 8]]> : tensor<2x4xi8>
  %w = quant.scast %cw : tensor<2x4xi8> to tensor<2x4x!wc>
  %y = qnn.fully_connected %q, %w, %b input_scale(%s, %z) : (tensor<3x4xui8>, tensor<2x4x!wc>, tensor<2xf32>, tensor<f32>, tensor<i32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Weight-only INT4 fully_connected: the blocked weight is dequantized to f32
// (scale per block of 4 along K), then linalg.matmul reads it as [N, K].
// CHECK-DAG: #[[BLK:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1 floordiv 4)>
// CHECK-DAG: #[[WT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @fc_int4
// CHECK: %[[WF:.*]] = linalg.generic {indexing_maps = [{{.*}}, #[[BLK]], #[[BLK]], {{.*}}]
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.sitofp
// CHECK: arith.mulf
// CHECK: linalg.matmul indexing_maps = [{{.*}}, #[[WT]], {{.*}}] ins(%{{.*}}, %[[WF]] : tensor<3x8xf32>, tensor<2x8xf32>)
!w4 = !quant.uniform<i4:f32:{0:1, 1:4}, {{0.1, 0.2}, {0.3, 0.4}}>
func.func @fc_int4(%x: tensor<3x8xf32>, %w: tensor<2x8x!w4>) -> tensor<3x2xf32> {
  %y = qnn.fully_connected %x, %w : (tensor<3x8xf32>, tensor<2x8x!w4>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Float batched matmul with broadcasting: a generic whose reduction (k)
// is innermost, the interpreter's GEMM order, from 0.
// CHECK-DAG: #[[L:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[R:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-LABEL: func.func @matmul_float_batch
// CHECK: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[L]], #[[R]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: %[[P:.*]] = arith.mulf
// CHECK: arith.addf %{{.*}}, %[[P]] : f32
func.func @matmul_float_batch(%a: tensor<2x1x3x8xf32>, %b: tensor<5x8x6xf32>) -> tensor<2x5x3x6xf32> {
  %y = qnn.matmul %a, %b : (tensor<2x1x3x8xf32>, tensor<5x8x6xf32>) -> tensor<2x5x3x6xf32>
  return %y : tensor<2x5x3x6xf32>
}

// -----

// Static INT8 fully_connected on i8 activations: linalg.matmul (which
// sign-extends both operands) reading the [N, K] weight through transposing
// maps; the run-time weight's term -z_x * sum_k w = 9 * sum_k w is a
// reduction starting from the bias.
// CHECK-DAG: #[[WM:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @fc_int8_signed
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xi8>, %[[W:.*]]: tensor<2x4xi8>, %[[B:.*]]: tensor<2xi32>)
// CHECK-DAG: %[[NZX:.*]] = arith.constant 9 : i32
// CHECK: %[[BP:.*]] = linalg.generic {{.*}} ins(%[[W]] : tensor<2x4xi8>) outs(%[[B]] : tensor<2xi32>)
// CHECK: arith.muli %{{.*}}, %[[NZX]] : i32
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[BP]] : tensor<2xi32>)
// CHECK: linalg.matmul indexing_maps = [{{.*}}, #[[WM]], {{.*}}] ins(%[[X]], %[[W]] : tensor<3x4xi8>, tensor<2x4xi8>) outs(%[[INIT]] : tensor<3x2xi32>)
!a = !quant.uniform<i8:f32, 0.05:-9>
!w = !quant.uniform<i8:f32, 0.01>
!b = !quant.uniform<i32:f32, 5.0e-4>
!y = !quant.uniform<i8:f32, 0.2:-3>
func.func @fc_int8_signed(%x: tensor<3x4x!a>, %w: tensor<2x4x!w>, %b: tensor<2x!b>) -> tensor<3x2x!y> {
  %y = qnn.fully_connected %x, %w, %b : (tensor<3x4x!a>, tensor<2x4x!w>, tensor<2x!b>) -> tensor<3x2x!y>
  return %y : tensor<3x2x!y>
}
