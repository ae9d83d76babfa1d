// RUN: quant-opt %s -split-input-file --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// The range is one reduction over every dimension, both accumulators from
// 0 (numerics::updateDynamicRange: minnumf / maxnumf, so a NaN element is
// skipped); the parameters are scalar ops on its results
// (numerics::dynamicQuantizationParams): s = hi == lo ? 1 : (hi - lo) / 255,
// z = clamp(rne(-lo / s), 0, 255); then q = clamp(rne(x / s) + z, 0, 255)
// per element, stored as i8 (the ui8 result type converts to i8).
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1, d2) -> ()>
// CHECK-LABEL: func.func @dynamic_quantize
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x5xf32>) -> (tensor<2x3x5xi8>, tensor<f32>, tensor<i32>)
// CHECK-DAG: %[[C255:.*]] = arith.constant 255 : i32
// CHECK-DAG: %[[F255:.*]] = arith.constant 2.550000e+02 : f32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[LO0:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK: %[[HI0:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #[[ALL]], #[[ALL]]], iterator_types = ["reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x3x5xf32>) outs(%[[LO0]], %[[HI0]] : tensor<f32>, tensor<f32>)
// CHECK: ^bb0(%[[E:.*]]: f32, %[[LO:.*]]: f32, %[[HI:.*]]: f32):
// CHECK: %[[MIN:.*]] = arith.minnumf %[[LO]], %[[E]] : f32
// CHECK: %[[MAX:.*]] = arith.maxnumf %[[HI]], %[[E]] : f32
// CHECK: linalg.yield %[[MIN]], %[[MAX]]
// CHECK: %[[L:.*]] = tensor.extract %[[R]]#0[]
// CHECK: %[[H:.*]] = tensor.extract %[[R]]#1[]
// CHECK: %[[EQ:.*]] = arith.cmpf oeq, %[[H]], %[[L]] : f32
// CHECK: %[[W:.*]] = arith.subf %[[H]], %[[L]] : f32
// CHECK: %[[D:.*]] = arith.divf %[[W]], %[[F255]] : f32
// CHECK: %[[S:.*]] = arith.select %[[EQ]], %[[ONE]], %[[D]] : f32
// CHECK: %[[NL:.*]] = arith.negf %[[L]] : f32
// CHECK: %[[ZD:.*]] = arith.divf %[[NL]], %[[S]] : f32
// CHECK: %[[ZR:.*]] = math.roundeven %[[ZD]] : f32
// CHECK: %[[ZA:.*]] = arith.maxnumf %[[ZR]], %[[ZERO]] : f32
// CHECK: %[[ZB:.*]] = arith.minnumf %[[ZA]], %[[F255]] : f32
// CHECK: %[[Z:.*]] = arith.fptosi %[[ZB]] : f32 to i32
// CHECK: %[[Q:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<2x3x5xf32>) outs(%{{.*}} : tensor<2x3x5xi8>)
// CHECK: arith.divf %{{.*}}, %[[S]] : f32
// CHECK: math.roundeven
// CHECK: arith.subi %[[C255]], %[[Z]] : i32
// CHECK: arith.addi %{{.*}}, %[[Z]] : i32
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: %[[ST:.*]] = tensor.from_elements %[[S]] : tensor<f32>
// CHECK: %[[ZT:.*]] = tensor.from_elements %[[Z]] : tensor<i32>
// CHECK: return %[[Q]], %[[ST]], %[[ZT]]
func.func @dynamic_quantize(%x: tensor<2x3x5xf32>) -> (tensor<2x3x5xui8>, tensor<f32>, tensor<i32>) {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x3x5xf32> -> tensor<2x3x5xui8>, tensor<f32>, tensor<i32>
  return %q, %s, %z : tensor<2x3x5xui8>, tensor<f32>, tensor<i32>
}
