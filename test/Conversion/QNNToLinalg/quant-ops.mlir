// RUN: quant-opt %s -split-input-file -verify-diagnostics --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// quantize: x / s (a division, not a multiplication by 1/s), round half to
// even, clamp to [qmin - z, qmax - z] in f32, then + z in i32.
// CHECK-LABEL: func.func @quantize_u8
// CHECK-SAME: (%{{.*}}: tensor<4xf32>) -> tensor<4xi8>
// CHECK-DAG: %[[S:.*]] = arith.constant 5.000000e-02 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.270000e+02 : f32
// CHECK-DAG: %[[Z:.*]] = arith.constant 128 : i32
// CHECK: linalg.generic
// CHECK: %[[D:.*]] = arith.divf %{{.*}}, %[[S]] : f32
// CHECK: %[[R:.*]] = math.roundeven %[[D]] : f32
// CHECK: %[[A:.*]] = arith.maxnumf %[[R]], %[[LO]] : f32
// CHECK: %[[B:.*]] = arith.minnumf %[[A]], %[[HI]] : f32
// CHECK: %[[I:.*]] = arith.fptosi %[[B]] : f32 to i32
// CHECK: %[[Q:.*]] = arith.addi %[[I]], %[[Z]] : i32
// CHECK: arith.trunci %[[Q]] : i32 to i8
func.func @quantize_u8(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<u8:f32, 0.05:128>> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.05:128>>
  return %q : tensor<4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// dequantize of u8 storage zero-extends; per-axis parameters come from
// constant tensors read at the channel index.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @dequantize_per_axis
// CHECK-DAG: %[[SC:.*]] = arith.constant dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[ZP:.*]] = arith.constant dense<[1, 2]> : tensor<2xi32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[ID]]]
// CHECK-SAME: ins(%{{.*}}, %[[SC]], %[[ZP]] : tensor<3x2xi8>, tensor<2xf32>, tensor<2xi32>)
// CHECK: ^bb0(%[[Q:.*]]: i8, %[[S:.*]]: f32, %[[Z:.*]]: i32,
// CHECK: %[[E:.*]] = arith.extui %[[Q]] : i8 to i32
// CHECK: %[[C:.*]] = arith.subi %[[E]], %[[Z]] : i32
// CHECK: %[[F:.*]] = arith.sitofp %[[C]] : i32 to f32
// CHECK: arith.mulf %[[F]], %[[S]] : f32
func.func @dequantize_per_axis(%q: tensor<3x2x!quant.uniform<u8:f32:1, {0.1:1, 0.2:2}>>) -> tensor<3x2xf32> {
  %x = qnn.dequantize %q : tensor<3x2x!quant.uniform<u8:f32:1, {0.1:1, 0.2:2}>> -> tensor<3x2xf32>
  return %x : tensor<3x2xf32>
}

// -----

// requantize: (q - z_in) in i32, times M = computeMultiplier(0.1, 0.2), then
// the output's saturation; i8 storage sign-extends.
// CHECK-LABEL: func.func @requantize
// CHECK-DAG: %[[M:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[ZI:.*]] = arith.constant -3 : i32
// CHECK: %[[E:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[C:.*]] = arith.subi %[[E]], %[[ZI]] : i32
// CHECK: %[[F:.*]] = arith.sitofp %[[C]] : i32 to f32
// CHECK: arith.mulf %[[F]], %[[M]] : f32
func.func @requantize(%q: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.2:5>> {
  %r = qnn.requantize %q : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4x!quant.uniform<i8:f32, 0.2:5>>
  return %r : tensor<4x!quant.uniform<i8:f32, 0.2:5>>
}

// -----

// Weights: quant.scast disappears; the storage constant is used as it is.
// CHECK-LABEL: func.func @weight_constant
// CHECK-NOT: quant.scast
// CHECK: %[[W:.*]] = arith.constant dense<[1, -2, 3, -4]> : tensor<4xi8>
// CHECK: linalg.generic {{.*}} ins(%[[W]] : tensor<4xi8>)
func.func @weight_constant() -> tensor<4xf32> {
  %s = arith.constant dense<[1, -2, 3, -4]> : tensor<4xi8>
  %w = quant.scast %s : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 0.5>>
  %x = qnn.dequantize %w : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

// An observer left in the module is an error.
func.func @observed(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.observe' op remains: calibrate and quantize the model before lowering it}}
  %y = qnn.observe %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
