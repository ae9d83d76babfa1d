// RUN: quant-opt %s -split-input-file -verify-diagnostics --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// f32 max pool: the input padded with -Inf, which never wins (a generic
// selecting it outside the input); each window position replaces the
// maximum only when greater (a NaN never wins), reduced over (kh, kw) from
// -Inf.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_f32
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x7x7xf32>)
// CHECK: %[[X_IN:.*]] = tensor.extract %{{.*}} : tensor<1x2x5x5xf32>
// CHECK: arith.select %{{.*}}, %[[X_IN]], %[[NEG_INF]] : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEG_INF]] : f32)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[PAD]], %{{.*}} : tensor<1x2x7x7xf32>, tensor<3x3xi8>) outs(%[[INIT]]
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i8, %[[ACC:.*]]: f32):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[ACC]] : f32
// CHECK: arith.select %[[GT]], %[[X]], %[[ACC]] : f32
func.func @max_pool_f32(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %y = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// u8 max pool on storage: unsigned max, padding and start at 0 (the lowest
// u8), not at the zero point. Quantized pools compute in NHWC between two
// transposes, as the INT8 conv: the same window reduction over
// (n, oh, ow, c, kh, kw).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_u8
// CHECK: %[[LOWEST:.*]] = arith.constant 0 : i8
// CHECK: %[[X:.*]] = linalg.transpose ins(%{{.*}} : tensor<1x2x5x5xi8>) outs(%{{.*}} : tensor<1x5x5x2xi8>) permutation = [0, 2, 3, 1]
// CHECK: %[[PAD:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x7x7x2xi8>)
// CHECK: tensor.extract %[[X]]
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[LOWEST]] : i8
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : i8) outs(%{{.*}} : tensor<1x3x3x2xi8>)
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[PAD]], %{{.*}} : tensor<1x7x7x2xi8>, tensor<3x3xi8>) outs(%[[INIT]]
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK: %[[R:.*]] = linalg.transpose ins(%[[Y]] : tensor<1x3x3x2xi8>) outs(%{{.*}} : tensor<1x2x3x3xi8>) permutation = [0, 3, 1, 2]
// CHECK: return %[[R]]
!q = !quant.uniform<u8:f32, 0.05:128>
func.func @max_pool_u8(%x: tensor<1x2x5x5x!q>) -> tensor<1x2x3x3x!q> {
  %y = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x5x5x!q>) -> tensor<1x2x3x3x!q>
  return %y : tensor<1x2x3x3x!q>
}

// -----

// i8 narrow range: padding is -128, below every value; a window entirely in
// the padding yields qmin = -127, as the interpreter, so those windows
// start from -127 (the [OH, OW] constant read at (oh, ow) of NHWC).
// CHECK-DAG: #[[HW:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func.func @max_pool_narrow_range
// CHECK: %[[INIT:.*]] = arith.constant dense<{{\[}}[-127, -127, -127, -127], [-127, -128, -128, -127], [-127, -128, -128, -127], [-127, -127, -127, -127]]> : tensor<4x4xi8>
// CHECK: %[[LOWEST:.*]] = arith.constant -128 : i8
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[LOWEST]] : i8
// CHECK: linalg.generic {indexing_maps = [#[[HW]], {{.*}} ins(%[[INIT]] : tensor<4x4xi8>) outs(%{{.*}} : tensor<1x4x4x1xi8>)
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i8
!q = !quant.uniform<i8<-127:127>:f32, 0.05>
func.func @max_pool_narrow_range(%x: tensor<1x1x2x2x!q>) -> tensor<1x1x4x4x!q> {
  %y = qnn.max_pool2d %x {kernel = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>}
       : (tensor<1x1x2x2x!q>) -> tensor<1x1x4x4x!q>
  return %y : tensor<1x1x4x4x!q>
}

// -----

// Quantized average, padding excluded: padding holds z_in (a u8 128 is the
// i8 -128), so q - z_in adds 0 to the i32 sum; the multiplier
// M = 0.05 * (1 / (0.04 * count)) varies with the count at the borders
// (4 at the corners, 6 on the edges, 9 inside); in NHWC, read at (oh, ow).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[HW:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func.func @avg_pool_u8
// CHECK-DAG: %[[M:.*]] = arith.constant dense<{{\[}}[3.125000e-01, 0.208333358, 3.125000e-01], [0.208333358, 0.138888896, 0.208333358], [3.125000e-01, 0.208333358, 3.125000e-01]]> : tensor<3x3xf32>
// CHECK-DAG: %[[ZIN:.*]] = arith.constant 128 : i32
// CHECK-DAG: %[[ZOUT:.*]] = arith.constant 120 : i32
// CHECK-DAG: %[[ZIN_STORAGE:.*]] = arith.constant -128 : i8
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[ZIN_STORAGE]] : i8
// CHECK: ^bb0(%[[Q:.*]]: i8, %{{.*}}: i8, %[[ACC:.*]]: i32):
// CHECK: %[[E:.*]] = arith.extui %[[Q]] : i8 to i32
// CHECK: %[[D:.*]] = arith.subi %[[E]], %[[ZIN]] : i32
// CHECK: arith.addi %[[ACC]], %[[D]] : i32
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[HW]], #[[ID]]]
// CHECK-SAME: ins(%{{.*}}, %[[M]] : tensor<1x3x3x2xi32>, tensor<3x3xf32>)
// CHECK: ^bb0(%[[SUM:.*]]: i32, %[[MW:.*]]: f32, %{{.*}}: i8):
// CHECK: %[[F:.*]] = arith.sitofp %[[SUM]] : i32 to f32
// CHECK: arith.mulf %[[F]], %[[MW]] : f32
// CHECK: arith.addi %{{.*}}, %[[ZOUT]] : i32
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x3x3x2xi8>) outs(%{{.*}} : tensor<1x2x3x3xi8>) permutation = [0, 3, 1, 2]
!qi = !quant.uniform<u8:f32, 0.05:128>
!qo = !quant.uniform<u8:f32, 0.04:120>
func.func @avg_pool_u8(%x: tensor<1x2x5x5x!qi>) -> tensor<1x2x3x3x!qo> {
  %y = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x5x5x!qi>) -> tensor<1x2x3x3x!qo>
  return %y : tensor<1x2x3x3x!qo>
}

// -----

// count_include_pad without ceil_mode: every window counts 9, one scalar
// multiplier 0.05 * (1 / (0.04 * 9)).
// CHECK-LABEL: func.func @avg_pool_include_pad
// CHECK: %[[M:.*]] = arith.constant 0.138888896 : f32
// CHECK-NOT: tensor<3x3xf32>
// CHECK: arith.mulf %{{.*}}, %[[M]] : f32
!qi = !quant.uniform<u8:f32, 0.05:128>
!qo = !quant.uniform<u8:f32, 0.04:120>
func.func @avg_pool_include_pad(%x: tensor<1x2x5x5x!qi>) -> tensor<1x2x3x3x!qo> {
  %y = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>, count_include_pad = true}
       : (tensor<1x2x5x5x!qi>) -> tensor<1x2x3x3x!qo>
  return %y : tensor<1x2x3x3x!qo>
}

// -----

// f32 average, ceil_mode with count_include_pad: the last windows hang over
// the end padding (the input is padded by 2 there to hold them) and count
// only the positions inside the padded input (6, and 4 at the corner); the
// sum starts at +0, padding adds +0, and is divided (not multiplied by a
// reciprocal).
// CHECK-LABEL: func.func @avg_pool_f32_ceil
// CHECK: %[[DIV:.*]] = arith.constant dense<{{\[}}[9.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00], [9.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00], [9.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00], [6.000000e+00, 6.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<4x4xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x9x9xf32>)
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[ZERO]] : f32
// CHECK: linalg.fill ins(%[[ZERO]] : f32)
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i8, %[[ACC:.*]]: f32):
// CHECK: arith.addf %[[ACC]], %[[X]] : f32
// CHECK: ins(%{{.*}}, %[[DIV]] : tensor<1x2x4x4xf32>, tensor<4x4xf32>)
// CHECK: ^bb0(%[[SUM:.*]]: f32, %[[C:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.divf %[[SUM]], %[[C]] : f32
func.func @avg_pool_f32_ceil(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true}
       : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Global average: one reduction over h, w in row-major order, divided by
// 49, then the [N, C] means expanded to [N, C, 1, 1].
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[NC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @global_avg_pool_f32
// CHECK: %[[COUNT:.*]] = arith.constant 4.900000e+01 : f32
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[NC]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK: arith.divf %{{.*}}, %[[COUNT]] : f32
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3]] output_shape [2, 3, 1, 1]
func.func @global_avg_pool_f32(%x: tensor<2x3x7x7xf32>) -> tensor<2x3x1x1xf32> {
  %y = qnn.global_avg_pool2d %x : (tensor<2x3x7x7xf32>) -> tensor<2x3x1x1xf32>
  return %y : tensor<2x3x1x1xf32>
}

// -----

// Quantized reduce_mean over axes 0 and -1: the reduction iterates the
// input in row-major order (reduction, parallel, reduction), sums q - z_in
// in i32 and requantizes with M = 0.05 * (1 / (0.04 * 8)).
// CHECK-LABEL: func.func @reduce_mean_i8
// CHECK-DAG: %[[M:.*]] = arith.constant 1.562500e-01 : f32
// CHECK-DAG: %[[ZIN:.*]] = arith.constant -3 : i32
// CHECK: iterator_types = ["reduction", "parallel", "reduction"]
// CHECK: %[[E:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.subi %[[E]], %[[ZIN]] : i32
// CHECK: arith.mulf %{{.*}}, %[[M]] : f32
!qi = !quant.uniform<i8:f32, 0.05:-3>
!qo = !quant.uniform<i8:f32, 0.04:5>
func.func @reduce_mean_i8(%x: tensor<2x3x4x!qi>) -> tensor<3x!qo> {
  %y = qnn.reduce_mean %x {axes = array<i64: 0, -1>, keepdims = false}
       : (tensor<2x3x4x!qi>) -> tensor<3x!qo>
  return %y : tensor<3x!qo>
}

// -----

// reduce_mean over every axis with keepdims: a rank-0 sum expanded to
// [1, 1].
// CHECK-LABEL: func.func @reduce_mean_all
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK-SAME: outs(%{{.*}} : tensor<f32>)
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
func.func @reduce_mean_all(%x: tensor<3x5xf32>) -> tensor<1x1xf32> {
  %y = qnn.reduce_mean %x {axes = array<i64>} : (tensor<3x5xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}


// -----

// Quantized global average: the input transposed to NHWC, one reduction over
// (h, w) in row-major order of q - z_in, requantized with
// M = 0.05 * (1 / (0.04 * 49)); the [N, C] means need no transpose back.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[NC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// CHECK-LABEL: func.func @global_avg_pool_u8
// CHECK: %[[X:.*]] = linalg.transpose ins(%{{.*}} : tensor<2x3x7x7xi8>) outs(%{{.*}} : tensor<2x7x7x3xi8>) permutation = [0, 2, 3, 1]
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[NC]]], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x7x7x3xi8>)
// CHECK: arith.subi
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3]] output_shape [2, 3, 1, 1]
// CHECK-NOT: linalg.transpose
!qi = !quant.uniform<u8:f32, 0.05:128>
!qo = !quant.uniform<u8:f32, 0.04:120>
func.func @global_avg_pool_u8(%x: tensor<2x3x7x7x!qi>) -> tensor<2x3x1x1x!qo> {
  %y = qnn.global_avg_pool2d %x : (tensor<2x3x7x7x!qi>) -> tensor<2x3x1x1x!qo>
  return %y : tensor<2x3x1x1x!qo>
}
