// RUN: quant-opt %s -split-input-file -verify-diagnostics --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// Elementwise ops: the quantized arithmetic is explicit i32 / f32 in one
// generic per op, with the multipliers and clamp bounds computed at compile
// time from the types (numerics::addQuantized, mulQuantized,
// activationRange).

// Quantized add: x - z_a and y - z_b (u8 zero-extended, i8 sign-extended),
// each scaled by M = s / s_y (0.05 / 0.025 = 2, 0.1 / 0.025 = 4), summed,
// rounded half to even, clamped to the fused relu6 range relative to z_y:
// [max(0, 0 - 10), min(6 / 0.025, 255 - 10)] = [0, 240], plus z_y = 10.
// CHECK-LABEL: func.func @add_relu6
// CHECK-DAG: %[[HI:.*]] = arith.constant 2.400000e+02 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ZY:.*]] = arith.constant 10 : i32
// CHECK-DAG: %[[MB:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG: %[[ZB:.*]] = arith.constant -3 : i32
// CHECK-DAG: %[[MA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[ZA:.*]] = arith.constant 128 : i32
// CHECK: linalg.generic
// CHECK: %[[A:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[B:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[DA:.*]] = arith.subi %[[A]], %[[ZA]] : i32
// CHECK: %[[FA:.*]] = arith.sitofp %[[DA]] : i32 to f32
// CHECK: %[[SA:.*]] = arith.mulf %[[FA]], %[[MA]] : f32
// CHECK: %[[DB:.*]] = arith.subi %[[B]], %[[ZB]] : i32
// CHECK: %[[FB:.*]] = arith.sitofp %[[DB]] : i32 to f32
// CHECK: %[[SB:.*]] = arith.mulf %[[FB]], %[[MB]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[SA]], %[[SB]] : f32
// CHECK: %[[R:.*]] = math.roundeven %[[S]] : f32
// CHECK: %[[C0:.*]] = arith.maxnumf %[[R]], %[[LO]] : f32
// CHECK: %[[C1:.*]] = arith.minnumf %[[C0]], %[[HI]] : f32
// CHECK: %[[I:.*]] = arith.fptosi %[[C1]] : f32 to i32
// CHECK: %[[Q:.*]] = arith.addi %[[I]], %[[ZY]] : i32
// CHECK: arith.trunci %[[Q]] : i32 to i8
!a8 = !quant.uniform<u8:f32, 0.05:128>
!b8 = !quant.uniform<i8:f32, 0.1:-3>
!y8 = !quant.uniform<u8:f32, 0.025:10>
func.func @add_relu6(%a: tensor<4x!a8>, %b: tensor<4x!b8>) -> tensor<4x!y8> {
  %0 = qnn.add %a, %b {activation = #qnn.activation<relu6>} : (tensor<4x!a8>, tensor<4x!b8>) -> tensor<4x!y8>
  return %0 : tensor<4x!y8>
}

// -----

// Quantized mul, broadcast along the leading dimension: (x - z_a) * (y -
// z_b) in i32, then one multiplier s_a * s_b / s_y = 0.05 * 0.1 / 0.25 =
// 0.02, clamped to i8 relative to z_y = 0.
// CHECK-LABEL: func.func @mul
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.270000e+02 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK-DAG: %[[M:.*]] = arith.constant 0.0200000014 : f32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[BCAST:map[0-9]*]], #{{.*}}]
// CHECK: %[[DA:.*]] = arith.subi
// CHECK: %[[DB:.*]] = arith.subi
// CHECK: %[[P:.*]] = arith.muli %[[DA]], %[[DB]] : i32
// CHECK: %[[F:.*]] = arith.sitofp %[[P]] : i32 to f32
// CHECK: %[[S:.*]] = arith.mulf %[[F]], %[[M]] : f32
// CHECK: %[[R:.*]] = math.roundeven %[[S]] : f32
// CHECK: arith.maxnumf %[[R]], %[[LO]] : f32
// CHECK: arith.minnumf %{{.*}}, %[[HI]] : f32
!a8 = !quant.uniform<u8:f32, 0.05:128>
!b8 = !quant.uniform<i8:f32, 0.1:-3>
!y8 = !quant.uniform<i8:f32, 0.25:0>
func.func @mul(%a: tensor<2x4x!a8>, %b: tensor<4x!b8>) -> tensor<2x4x!y8> {
  %0 = qnn.mul %a, %b : (tensor<2x4x!a8>, tensor<4x!b8>) -> tensor<2x4x!y8>
  return %0 : tensor<2x4x!y8>
}

// -----

// Quantized relu on u8 with z = 128: the stored value clamped to
// [z, 255] in i32.
// CHECK-LABEL: func.func @relu
// CHECK-DAG: %[[HI:.*]] = arith.constant 255 : i32
// CHECK-DAG: %[[LO:.*]] = arith.constant 128 : i32
// CHECK: %[[X:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[M:.*]] = arith.maxsi %[[X]], %[[LO]] : i32
// CHECK: arith.minsi %[[M]], %[[HI]] : i32
!a8 = !quant.uniform<u8:f32, 0.05:128>
func.func @relu(%a: tensor<4x!a8>) -> tensor<4x!a8> {
  %0 = qnn.relu %a : tensor<4x!a8>
  return %0 : tensor<4x!a8>
}

// -----

// Quantized clamp [-0.5, 3.0] on i8 with s = 0.1, z = -3: the bounds
// quantized with the element's own parameters, -5 - 3 = -8 and 30 - 3 = 27.
// CHECK-LABEL: func.func @clamp
// CHECK-DAG: %[[HI:.*]] = arith.constant 27 : i32
// CHECK-DAG: %[[LO:.*]] = arith.constant -8 : i32
// CHECK: %[[X:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[M:.*]] = arith.maxsi %[[X]], %[[LO]] : i32
// CHECK: arith.minsi %[[M]], %[[HI]] : i32
!b8 = !quant.uniform<i8:f32, 0.1:-3>
func.func @clamp(%a: tensor<4x!b8>) -> tensor<4x!b8> {
  %0 = qnn.clamp %a {min = -0.5 : f32, max = 3.0 : f32} : tensor<4x!b8>
  return %0 : tensor<4x!b8>
}

// -----

// Float add with a fused relu: compare-and-select (numerics::clampFloat),
// which keeps a NaN sum NaN, not maxnumf.
// CHECK-LABEL: func.func @float_add_relu
// CHECK: %[[S:.*]] = arith.addf
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[S]], %[[ZERO:.*]] : f32
// CHECK: arith.select %[[LT]], %[[ZERO]], %[[S]] : f32
// CHECK-NOT: maxnumf
func.func @float_add_relu(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.add %a, %b {activation = #qnn.activation<relu>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
