// RUN: quant-opt %s -split-input-file -verify-diagnostics --qnn-lower-to-linalg --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// Quantized concat: the operand with another scale and zero point is
// requantized into the result's, (q - z_in) times
// M = computeMultiplier(0.1, 0.05) = 2 plus z_out; the operands quantized
// as the result are read as they are. The concatenation is one generic
// reading each operand at (index - offset), clamped into it, and selecting
// the last operand that starts at or before the index.
// CHECK-LABEL: func.func @concat_requantize
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi8>, %[[Y:.*]]: tensor<2x2xi8>, %[[Z:.*]]: tensor<2x1xi8>)
// CHECK-DAG: %[[ZOUT:.*]] = arith.constant 128 : i32
// CHECK-DAG: %[[M:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[ZIN:.*]] = arith.constant -3 : i32
// CHECK: %[[YQ:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<2x2xi8>)
// CHECK: %[[E:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[D:.*]] = arith.subi %[[E]], %[[ZIN]] : i32
// CHECK: %[[F:.*]] = arith.sitofp %[[D]] : i32 to f32
// CHECK: arith.mulf %[[F]], %[[M]] : f32
// CHECK: arith.addi %{{.*}}, %[[ZOUT]] : i32
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x6xi8>)
// CHECK: %[[A:.*]] = linalg.index 1 : index
// CHECK: %[[VX:.*]] = tensor.extract %[[X]][%{{.*}}, %{{.*}}] : tensor<2x3xi8>
// CHECK: %[[SY:.*]] = arith.subi %[[A]], %[[C3:.*]] : index
// CHECK: %[[VY:.*]] = tensor.extract %[[YQ]][%{{.*}}, %{{.*}}] : tensor<2x2xi8>
// CHECK: %[[IN_Y:.*]] = arith.cmpi sge, %[[A]], %[[C3]] : index
// CHECK: %[[XY:.*]] = arith.select %[[IN_Y]], %[[VY]], %[[VX]] : i8
// CHECK: %[[VZ:.*]] = tensor.extract %[[Z]][%{{.*}}, %{{.*}}] : tensor<2x1xi8>
// CHECK: %[[IN_Z:.*]] = arith.cmpi sge, %[[A]], %{{.*}} : index
// CHECK: arith.select %[[IN_Z]], %[[VZ]], %[[XY]] : i8
!a = !quant.uniform<u8:f32, 0.05:128>
!b = !quant.uniform<i8:f32, 0.1:-3>
func.func @concat_requantize(%x: tensor<2x3x!a>, %y: tensor<2x2x!b>, %z: tensor<2x1x!a>) -> tensor<2x6x!a> {
  %c = qnn.concat %x, %y, %z {axis = 1 : i64}
       : (tensor<2x3x!a>, tensor<2x2x!b>, tensor<2x1x!a>) -> tensor<2x6x!a>
  return %c : tensor<2x6x!a>
}

// -----

// f32 concat along a negative axis (-2: dimension 0).
// CHECK-LABEL: func.func @concat_f32
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x4xf32>)
// CHECK: %[[A:.*]] = linalg.index 0 : index
// CHECK: tensor.extract %{{.*}} : tensor<1x4xf32>
// CHECK: tensor.extract %{{.*}} : tensor<2x4xf32>
// CHECK: arith.cmpi sge, %[[A]], %{{.*}} : index
func.func @concat_f32(%x: tensor<1x4xf32>, %y: tensor<2x4xf32>) -> tensor<3x4xf32> {
  %c = qnn.concat %x, %y {axis = -2 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %c : tensor<3x4xf32>
}

// -----

// Quantized pad: the default value 0 pads with the zero point (u8 128 is
// the i8 -128); -0.3 pads with quantize(-0.3) = rne(-6) + 128 = 122. The
// generic selects the operand inside it (read at the index minus the low
// padding) and the value elsewhere.
// CHECK-LABEL: func.func @pad_u8
// CHECK-DAG: %[[ZP:.*]] = arith.constant -128 : i8
// CHECK-DAG: %[[V:.*]] = arith.constant 122 : i8
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x4xi8>)
// CHECK: %[[I1:.*]] = linalg.index 1 : index
// CHECK: arith.subi %[[I1]], %[[C1]] : index
// CHECK: %[[X:.*]] = tensor.extract %{{.*}} : tensor<2x3xi8>
// CHECK: arith.select %{{.*}}, %[[X]], %[[ZP]] : i8
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x4xi8>)
// CHECK: %[[I0:.*]] = linalg.index 0 : index
// CHECK: arith.subi %[[I0]], %[[C1]] : index
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[V]] : i8
!a = !quant.uniform<u8:f32, 0.05:128>
func.func @pad_u8(%x: tensor<2x3x!a>) -> (tensor<4x4x!a>, tensor<3x4x!a>) {
  %p = qnn.pad %x {pads = array<i64: 0, 1, 2, 0>} : tensor<2x3x!a> -> tensor<4x4x!a>
  %v = qnn.pad %x {pads = array<i64: 1, 0, 0, 1>, value = -0.3 : f32}
       : tensor<2x3x!a> -> tensor<3x4x!a>
  return %p, %v : tensor<4x4x!a>, tensor<3x4x!a>
}

// -----

// f32 pad with its value.
// CHECK-LABEL: func.func @pad_f32
// CHECK: %[[V:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x5xf32>)
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[V]] : f32
func.func @pad_f32(%x: tensor<2x3xf32>) -> tensor<3x5xf32> {
  %p = qnn.pad %x {pads = array<i64: 0, 2, 1, 0>, value = 1.5 : f32}
       : tensor<2x3xf32> -> tensor<3x5xf32>
  return %p : tensor<3x5xf32>
}

// -----

// Per-axis pad: each channel's value is quantized with that channel's
// scale and zero point (read from the parameter tensors).
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @pad_per_axis
// CHECK-DAG: %[[V:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<[1, -2]> : tensor<2xi32>
// CHECK: linalg.generic {indexing_maps = [#[[CH]], #[[CH]], {{.*}}]
// CHECK-SAME: ins(%[[S]], %[[Z]] : tensor<2xf32>, tensor<2xi32>)
// CHECK: ^bb0(%[[SC:.*]]: f32, %{{.*}}: i32, %{{.*}}: i8):
// CHECK: %[[X:.*]] = tensor.extract %{{.*}} : tensor<3x2xi8>
// CHECK: arith.divf %[[V]], %[[SC]] : f32
// CHECK: %[[Q:.*]] = arith.trunci %{{.*}} : i32 to i8
// CHECK: arith.select %{{.*}}, %[[X]], %[[Q]] : i8
!pc = !quant.uniform<i8:f32:1, {0.1:1, 0.2:-2}>
func.func @pad_per_axis(%x: tensor<3x2x!pc>) -> tensor<4x2x!pc> {
  %y = qnn.pad %x {pads = array<i64: 1, 0, 0, 0>, value = 0.5 : f32}
       : tensor<3x2x!pc> -> tensor<4x2x!pc>
  return %y : tensor<4x2x!pc>
}

// -----

// Gather: a negative index counts from the back, then the index is clamped
// into [0, d) so that an out-of-range one never reads outside the data.
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gather_i32
// CHECK-SAME: (%[[DATA:.*]]: tensor<5x3xf32>, %[[I:.*]]: tensor<4xi32>)
// CHECK-DAG: %[[LAST:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[SIZE:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: linalg.generic {indexing_maps = [#[[IDX]], {{.*}}]
// CHECK-SAME: ins(%[[I]] : tensor<4xi32>)
// CHECK: %[[E:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[E]], %[[ZERO]] : i64
// CHECK: %[[WRAP:.*]] = arith.addi %[[E]], %[[SIZE]] : i64
// CHECK: %[[N:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[E]] : i64
// CHECK: %[[LO:.*]] = arith.maxsi %[[N]], %[[ZERO]] : i64
// CHECK: %[[C:.*]] = arith.minsi %[[LO]], %[[LAST]] : i64
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[COL:.*]] = arith.index_cast %[[C]] : i64 to index
// CHECK: tensor.extract %[[DATA]][%[[ROW]], %[[COL]]] : tensor<5x3xf32>
func.func @gather_i32(%d: tensor<5x3xf32>, %i: tensor<4xi32>) -> tensor<5x4xf32> {
  %y = qnn.gather %d, %i {axis = -1 : i64} : (tensor<5x3xf32>, tensor<4xi32>) -> tensor<5x4xf32>
  return %y : tensor<5x4xf32>
}

// -----

// Quantized gather (an embedding table) moves storage: the result is the
// data's i8.
// CHECK-LABEL: func.func @gather_embedding
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<10x4xi8>
// CHECK: -> tensor<2x3x4xi8>
!e = !quant.uniform<i8:f32, 0.02>
func.func @gather_embedding(%table: tensor<10x4x!e>, %ids: tensor<2x3xi64>) -> tensor<2x3x4x!e> {
  %y = qnn.gather %table, %ids {axis = 0 : i64}
       : (tensor<10x4x!e>, tensor<2x3xi64>) -> tensor<2x3x4x!e>
  return %y : tensor<2x3x4x!e>
}

// -----

// Reshapes: a collapse or an expand when one suffices, else both through
// 1-D; rank 0 has no reassociation group.
// CHECK-LABEL: func.func @reshapes
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<1x2x4xf32> into tensor<2x4xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3, 4]] output_shape [2, 1, 3, 4, 1]
// CHECK: tensor.collapse_shape %{{.*}} [] : tensor<1x1xf32> into tensor<f32>
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1, 1] : tensor<f32> into tensor<1x1x1xf32>
func.func @reshapes(%x: tensor<2x3x4xf32>, %s: tensor<1x2x4xf32>, %one: tensor<1x1xf32>,
                    %scalar: tensor<f32>)
    -> (tensor<4x6xf32>, tensor<6x4xf32>, tensor<2x4xf32>, tensor<2x1x3x4x1xf32>,
        tensor<f32>, tensor<1x1x1xf32>) {
  %re = qnn.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %fl = qnn.flatten %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %sq = qnn.squeeze %s {axes = array<i64: 0>} : tensor<1x2x4xf32> -> tensor<2x4xf32>
  %un = qnn.unsqueeze %x {axes = array<i64: 1, -1>} : tensor<2x3x4xf32> -> tensor<2x1x3x4x1xf32>
  %r0 = qnn.reshape %one : tensor<1x1xf32> -> tensor<f32>
  %r1 = qnn.reshape %scalar : tensor<f32> -> tensor<1x1x1xf32>
  return %re, %fl, %sq, %un, %r0, %r1 : tensor<4x6xf32>, tensor<6x4xf32>, tensor<2x4xf32>,
      tensor<2x1x3x4x1xf32>, tensor<f32>, tensor<1x1x1xf32>
}

// -----

// Transpose and slice of quantized storage; the per-axis result type has
// its axis moved, the stored values do not change. The slice reads through
// starts + index * steps.
// CHECK-DAG: #[[SLICE:.*]] = affine_map<(d0, d1, d2) -> (d0 + 1, d1 * 2, d2 * 2 + 1)>
// CHECK-LABEL: func.func @transpose_slice
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x2x4xi8>) outs(%{{.*}} : tensor<2x4x2xi8>) permutation = [0, 2, 1]
// CHECK: linalg.generic {indexing_maps = [#[[SLICE]], {{.*}}]
// CHECK-SAME: ins(%{{.*}} : tensor<2x3x4xi8>) outs(%{{.*}} : tensor<1x2x2xi8>)
!pc = !quant.uniform<i8:f32:1, {0.1, 0.2}>
!pct = !quant.uniform<i8:f32:2, {0.1, 0.2}>
!a = !quant.uniform<u8:f32, 0.05:128>
func.func @transpose_slice(%y: tensor<2x2x4x!pc>, %x: tensor<2x3x4x!a>)
    -> (tensor<2x4x2x!pct>, tensor<1x2x2x!a>) {
  %tr = qnn.transpose %y {perm = array<i64: 0, 2, 1>} : tensor<2x2x4x!pc> -> tensor<2x4x2x!pct>
  %sl = qnn.slice %x {starts = array<i64: 1, 0, 1>, ends = array<i64: 2, 3, 4>,
                      steps = array<i64: 1, 2, 2>} : tensor<2x3x4x!a> -> tensor<1x2x2x!a>
  return %tr, %sl : tensor<2x4x2x!pct>, tensor<1x2x2x!a>
}
