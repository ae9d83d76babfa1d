// RUN: quant-opt %s -split-input-file --qnn-sink-transposes --mlir-print-debuginfo=false | FileCheck %s

// NHWC producer -> NCHW relu -> NHWC consumer: the relu runs in NHWC and
// both transposes disappear; the per-channel operand (NCHW dim 1) is read at
// NHWC dim 3.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @cancel
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x3xf32>, %[[S:.*]]: tensor<3xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[C]], #[[ID]]]
// CHECK-SAME: ins(%[[X]], %[[S]] : tensor<1x4x5x3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<1x4x5x3xf32>)
// CHECK: arith.mulf
// CHECK-NOT: linalg.transpose
// CHECK: return %[[R]] : tensor<1x4x5x3xf32>
func.func @cancel(%x: tensor<1x4x5x3xf32>, %s: tensor<3xf32>) -> tensor<1x4x5x3xf32> {
  %e0 = tensor.empty() : tensor<1x3x4x5xf32>
  %t = linalg.transpose ins(%x : tensor<1x4x5x3xf32>) outs(%e0 : tensor<1x3x4x5xf32>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x3x4x5xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t, %s : tensor<1x3x4x5xf32>, tensor<3xf32>) outs(%e1 : tensor<1x3x4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x3x4x5xf32>
  %e2 = tensor.empty() : tensor<1x4x5x3xf32>
  %u = linalg.transpose ins(%r : tensor<1x3x4x5xf32>) outs(%e2 : tensor<1x4x5x3xf32>) permutation = [0, 2, 3, 1]
  return %u : tensor<1x4x5x3xf32>
}

// -----

// At the model's result the transpose stays, below the elementwise op.
// CHECK-LABEL: func.func @boundary
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<1x4x5x3xi8>) outs(%{{.*}} : tensor<1x4x5x3xi8>)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[G]] : tensor<1x4x5x3xi8>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK: return %[[T]] : tensor<1x3x4x5xi8>
func.func @boundary(%x: tensor<1x4x5x3xi8>) -> tensor<1x3x4x5xi8> {
  %e0 = tensor.empty() : tensor<1x3x4x5xi8>
  %t = linalg.transpose ins(%x : tensor<1x4x5x3xi8>) outs(%e0 : tensor<1x3x4x5xi8>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x3x4x5xi8>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t : tensor<1x3x4x5xi8>) outs(%e1 : tensor<1x3x4x5xi8>) {
  ^bb0(%a: i8, %o: i8):
    %c = arith.constant 3 : i8
    %m = arith.maxsi %a, %c : i8
    linalg.yield %m : i8
  } -> tensor<1x3x4x5xi8>
  return %r : tensor<1x3x4x5xi8>
}

// -----

// A generic that reads its loop indices is left alone.
// CHECK-LABEL: func.func @indexed
// CHECK: linalg.transpose
// CHECK: linalg.generic
// CHECK: linalg.index
func.func @indexed(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %e0 = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%e0 : tensor<3x2xf32>) permutation = [1, 0]
  %e1 = tensor.empty() : tensor<3x2xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<3x2xf32>) outs(%e1 : tensor<3x2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %m = arith.addf %a, %f : f32
    linalg.yield %m : f32
  } -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

// A residual add of two NHWC results both transposed to NCHW: the add runs
// in NHWC on both sources, one transpose remains below it.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @two_transposed
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x3xi8>, %[[Y:.*]]: tensor<1x4x5x3xi8>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<1x4x5x3xi8>, tensor<1x4x5x3xi8>)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[G]] : tensor<1x4x5x3xi8>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[T]]
func.func @two_transposed(%x: tensor<1x4x5x3xi8>, %y: tensor<1x4x5x3xi8>) -> tensor<1x3x4x5xi8> {
  %e0 = tensor.empty() : tensor<1x3x4x5xi8>
  %tx = linalg.transpose ins(%x : tensor<1x4x5x3xi8>) outs(%e0 : tensor<1x3x4x5xi8>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x3x4x5xi8>
  %ty = linalg.transpose ins(%y : tensor<1x4x5x3xi8>) outs(%e1 : tensor<1x3x4x5xi8>) permutation = [0, 3, 1, 2]
  %e2 = tensor.empty() : tensor<1x3x4x5xi8>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%tx, %ty : tensor<1x3x4x5xi8>, tensor<1x3x4x5xi8>) outs(%e2 : tensor<1x3x4x5xi8>) {
  ^bb0(%a: i8, %b: i8, %o: i8):
    %s = arith.addi %a, %b : i8
    linalg.yield %s : i8
  } -> tensor<1x3x4x5xi8>
  return %r : tensor<1x3x4x5xi8>
}

// -----

// A transpose read through a permuted map (an NHWC add reading an NCHW
// operand) is folded into the map: the add reads the NHWC source through
// the identity and the transpose is gone.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @permuted_read
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x3xi8>, %[[Y:.*]]: tensor<1x4x5x3xi8>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<1x4x5x3xi8>, tensor<1x4x5x3xi8>)
// CHECK-NOT: linalg.transpose
// CHECK: return %[[G]]
func.func @permuted_read(%x: tensor<1x4x5x3xi8>, %y: tensor<1x4x5x3xi8>) -> tensor<1x4x5x3xi8> {
  %e0 = tensor.empty() : tensor<1x3x4x5xi8>
  %ty = linalg.transpose ins(%y : tensor<1x4x5x3xi8>) outs(%e0 : tensor<1x3x4x5xi8>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x4x5x3xi8>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %ty : tensor<1x4x5x3xi8>, tensor<1x3x4x5xi8>) outs(%e1 : tensor<1x4x5x3xi8>) {
  ^bb0(%a: i8, %b: i8, %o: i8):
    %s = arith.subi %a, %b : i8
    linalg.yield %s : i8
  } -> tensor<1x4x5x3xi8>
  return %r : tensor<1x4x5x3xi8>
}
