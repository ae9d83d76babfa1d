// RUN: quant-opt %s -split-input-file --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// softmax along axis 1: the max is a reduction over d1 from -Inf that keeps
// the accumulator unless x > acc (a NaN never wins), then exp(x - max), a
// sum from 0 over d1 (index order once lowered to loops), one division.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[STAT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MINIT:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<2x5xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: outs(%[[MINIT]] : tensor<2x5xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[ACC]] : f32
// CHECK: arith.select %[[GT]], %[[X]], %[[ACC]] : f32
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]], #[[ID]]]
// CHECK-SAME: ins(%{{.*}}, %[[MAX]] :
// CHECK: %[[D:.*]] = arith.subf
// CHECK: math.exp %[[D]] : f32
// CHECK: %[[SINIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[EXP]] : tensor<2x3x5xf32>) outs(%[[SINIT]] : tensor<2x5xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[EXP]], %[[SUM]] :
// CHECK: arith.divf
// CHECK-NOT: arith.mulf
// CHECK: return
func.func @softmax(%x: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %y = qnn.softmax %x {axis = 1 : i64} : tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

// layer_norm over the last two dimensions (n = 20): sum from 0, mean =
// sum / 20, squares of (x - mean) summed from 0, sd = sqrt(squares / 20 +
// eps), y = (x - mean) / sd * scale + bias.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[STAT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-DAG: #[[PARAM:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @layer_norm
// CHECK-DAG: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK-DAG: %[[N:.*]] = arith.constant 2.000000e+01 : f32
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK: arith.addf
// CHECK: %[[MEAN:.*]] = linalg.generic
// CHECK-SAME: ins(%[[SUM]] :
// CHECK: arith.divf %{{.*}}, %[[N]] : f32
// CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]], #[[STAT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%{{.*}}, %[[MEAN]] :
// CHECK: %[[D:.*]] = arith.subf
// CHECK: %[[D2:.*]] = arith.mulf %[[D]], %[[D]] : f32
// CHECK: arith.addf %{{.*}}, %[[D2]] : f32
// CHECK: %[[SD:.*]] = linalg.generic
// CHECK-SAME: ins(%[[SQ]] :
// CHECK: %[[VAR:.*]] = arith.divf %{{.*}}, %[[N]] : f32
// CHECK: %[[VE:.*]] = arith.addf %[[VAR]], %[[EPS]] : f32
// CHECK: math.sqrt %[[VE]] : f32
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[STAT]], #[[STAT]], #[[PARAM]], #[[PARAM]], #[[ID]]]
// CHECK-SAME: ins(%{{.*}}, %[[MEAN]], %[[SD]], %{{.*}}, %{{.*}} :
// CHECK: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[S:.*]]: f32, %[[G:.*]]: f32, %[[B:.*]]: f32,
// CHECK: %[[C:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK: %[[Q:.*]] = arith.divf %[[C]], %[[S]] : f32
// CHECK: %[[P:.*]] = arith.mulf %[[Q]], %[[G]] : f32
// CHECK: arith.addf %[[P]], %[[B]] : f32
func.func @layer_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<4x5xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x4x5xf32> {
  %y = qnn.layer_norm %x, %g, %b {axis = -2 : i64}
       : (tensor<2x3x4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}

// -----

// layer_norm over all dimensions, no bias: the statistics are 0-d tensors.
// CHECK-LABEL: func.func @layer_norm_all
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME: outs(%{{.*}} : tensor<f32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<3x7xf32>, tensor<f32>, tensor<f32>, tensor<3x7xf32>)
// CHECK: arith.subf
// CHECK-NEXT: arith.divf
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: linalg.yield
func.func @layer_norm_all(%x: tensor<3x7xf32>, %g: tensor<3x7xf32>) -> tensor<3x7xf32> {
  %y = qnn.layer_norm %x, %g {axis = 0 : i64, epsilon = 0.1 : f32}
       : (tensor<3x7xf32>, tensor<3x7xf32>) -> tensor<3x7xf32>
  return %y : tensor<3x7xf32>
}

// -----

// batch_norm: sd = sqrt(var + eps) once per channel, then
// (x - mean) / sd * scale + bias with the parameters read at d1.
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK-DAG: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: %[[SD:.*]] = linalg.generic
// CHECK-SAME: ins(%[[VAR:.*]] : tensor<3xf32>)
// CHECK: %[[VE:.*]] = arith.addf %{{.*}}, %[[EPS]] : f32
// CHECK: math.sqrt %[[VE]] : f32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CH]], #[[CH]], #[[CH]], #[[CH]], #{{.*}}]
// CHECK-SAME: ins(%{{.*}}, %{{.*}}, %[[SD]], %{{.*}}, %{{.*}} :
// CHECK: arith.subf
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %y = qnn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-03 : f32}
       : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>,
          tensor<3xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}
