// RUN: quant-opt %s -split-input-file -canonicalize | FileCheck %s

// One case per qnn folder / canonicalization pattern, and cases where the
// fold must not fire.

// quantize(dequantize(x : T)) : T -> x.
// CHECK-LABEL: func.func @quantize_of_dequantize(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @quantize_of_dequantize(%q: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<4x!quant.uniform<u8:f32, 0.02:128>> {
  %0 = qnn.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4xf32>
  %1 = qnn.quantize %0 : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.02:128>>
  return %1 : tensor<4x!quant.uniform<u8:f32, 0.02:128>>
}

// -----

// Not folded: the quantize goes to another type (a real requantization).
// CHECK-LABEL: func.func @quantize_of_dequantize_other_type(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[D:.*]] = qnn.dequantize %[[X]]
// CHECK-NEXT: %[[Q:.*]] = qnn.quantize %[[D]]
// CHECK-NEXT: return %[[Q]]
func.func @quantize_of_dequantize_other_type(%q: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<4x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4xf32>
  %1 = qnn.quantize %0 : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.05:128>>
  return %1 : tensor<4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// requantize to the operand's own type -> x.
// CHECK-LABEL: func.func @requantize_same_type(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @requantize_same_type(%q: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<4x!quant.uniform<u8:f32, 0.02:128>> {
  %0 = qnn.requantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4x!quant.uniform<u8:f32, 0.02:128>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.02:128>>
}

// -----

// Not folded: only the zero point differs, which still changes the stored values.
// CHECK-LABEL: func.func @requantize_other_type(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[R:.*]] = qnn.requantize %[[X]]
// CHECK-NEXT: return %[[R]]
func.func @requantize_other_type(%q: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<4x!quant.uniform<u8:f32, 0.02:100>> {
  %0 = qnn.requantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4x!quant.uniform<u8:f32, 0.02:100>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.02:100>>
}

// -----

// concat of one operand into its own type -> x.
// CHECK-LABEL: func.func @concat_one_operand(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @concat_one_operand(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Not folded: the single operand is requantized into the result's scale.
// CHECK-LABEL: func.func @concat_one_operand_requantizes(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[C:.*]] = qnn.concat %[[X]]
// CHECK-NEXT: return %[[C]]
func.func @concat_one_operand_requantizes(%q: tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x3x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.concat %q {axis = 1 : i64} : (tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>
  return %0 : tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// reshape to the operand's type -> x.
// CHECK-LABEL: func.func @reshape_same_type(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @reshape_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// reshape(reshape(x)) -> reshape(x).
// CHECK-LABEL: func.func @reshape_of_reshape(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[R:.*]] = qnn.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = qnn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = qnn.reshape %0 : tensor<6x4xf32> -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// ... and folds away when it comes back to the source type.
// CHECK-LABEL: func.func @reshape_of_reshape_to_source(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @reshape_of_reshape_to_source(%q: tensor<2x6x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x6x!quant.uniform<u8:f32, 0.02:128>> {
  %0 = qnn.reshape %q : tensor<2x6x!quant.uniform<u8:f32, 0.02:128>> -> tensor<12x!quant.uniform<u8:f32, 0.02:128>>
  %1 = qnn.reshape %0 : tensor<12x!quant.uniform<u8:f32, 0.02:128>> -> tensor<2x6x!quant.uniform<u8:f32, 0.02:128>>
  return %1 : tensor<2x6x!quant.uniform<u8:f32, 0.02:128>>
}

// -----

// reshape(flatten(x)) -> reshape(x).
// CHECK-LABEL: func.func @reshape_of_flatten(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[R:.*]] = qnn.reshape %[[X]] : tensor<1x4x2x2xf32> -> tensor<4x4xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_flatten(%x: tensor<1x4x2x2xf32>) -> tensor<4x4xf32> {
  %0 = qnn.flatten %x : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
  %1 = qnn.reshape %0 : tensor<1x16xf32> -> tensor<4x4xf32>
  return %1 : tensor<4x4xf32>
}

// -----

// reshape(squeeze(x)) -> reshape(x).
// CHECK-LABEL: func.func @reshape_of_squeeze(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[R:.*]] = qnn.reshape %[[X]] : tensor<1x4x1x1xf32> -> tensor<2x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_squeeze(%x: tensor<1x4x1x1xf32>) -> tensor<2x2xf32> {
  %0 = qnn.squeeze %x : tensor<1x4x1x1xf32> -> tensor<4xf32>
  %1 = qnn.reshape %0 : tensor<4xf32> -> tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// -----

// reshape(unsqueeze(x)) -> reshape(x).
// CHECK-LABEL: func.func @reshape_of_unsqueeze(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[R:.*]] = qnn.reshape %[[X]] : tensor<4xf32> -> tensor<2x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_unsqueeze(%x: tensor<4xf32>) -> tensor<2x2xf32> {
  %0 = qnn.unsqueeze %x {axes = array<i64: 0>} : tensor<4xf32> -> tensor<1x4xf32>
  %1 = qnn.reshape %0 : tensor<1x4xf32> -> tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// -----

// Not folded: a transpose moves elements, it does not only rename the shape.
// CHECK-LABEL: func.func @reshape_of_transpose(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[T:.*]] = qnn.transpose %[[X]]
// CHECK-NEXT: %[[R:.*]] = qnn.reshape %[[T]]
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_transpose(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %0 = qnn.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = qnn.reshape %0 : tensor<3x2xf32> -> tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// flatten of a 2-D tensor around axis 1 -> x.
// CHECK-LABEL: func.func @flatten_same_type(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @flatten_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.flatten %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// squeeze with no dimension of size 1 -> x.
// CHECK-LABEL: func.func @squeeze_nothing(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @squeeze_nothing(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.squeeze %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// slice of the whole tensor -> x.
// CHECK-LABEL: func.func @slice_full(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @slice_full(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 3>, steps = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Not folded: the slice drops a column.
// CHECK-LABEL: func.func @slice_partial(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[S:.*]] = qnn.slice %[[X]]
// CHECK-NEXT: return %[[S]]
func.func @slice_partial(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %0 = qnn.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 2, 3>, steps = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// pad by 0 everywhere -> x, whatever the pad value.
// CHECK-LABEL: func.func @pad_zeros(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @pad_zeros(%q: tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x3x!quant.uniform<u8:f32, 0.02:128>> {
  %0 = qnn.pad %q {pads = array<i64: 0, 0, 0, 0>, value = 1.0 : f32} : tensor<2x3x!quant.uniform<u8:f32, 0.02:128>> -> tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>
  return %0 : tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>
}

// -----

// Not folded: one column is added.
// CHECK-LABEL: func.func @pad_nonzero(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[P:.*]] = qnn.pad %[[X]]
// CHECK-NEXT: return %[[P]]
func.func @pad_nonzero(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %0 = qnn.pad %x {pads = array<i64: 0, 0, 0, 1>} : tensor<2x3xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// relu(relu(x)) -> relu(x).
// CHECK-LABEL: func.func @relu_of_relu(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[R:.*]] = qnn.relu %[[X]]
// CHECK-NEXT: return %[[R]]
func.func @relu_of_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x : tensor<4xf32>
  %1 = qnn.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Not folded: relu(clamp(x, -1, 1)) is not clamp(x, -1, 1).
// CHECK-LABEL: func.func @relu_of_clamp(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[C:.*]] = qnn.clamp %[[X]]
// CHECK-NEXT: %[[R:.*]] = qnn.relu %[[C]]
// CHECK-NEXT: return %[[R]]
func.func @relu_of_clamp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.clamp %x {min = -1.0 : f32, max = 1.0 : f32} : tensor<4xf32>
  %1 = qnn.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// transpose by the identity permutation -> x.
// CHECK-LABEL: func.func @transpose_identity(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.transpose %x {perm = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// transpose(transpose(x, p1), p2) -> transpose(x, p) with p[k] = p1[p2[k]].
// CHECK-LABEL: func.func @transpose_of_transpose(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[T:.*]] = qnn.transpose %[[X]] {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = qnn.transpose %x {perm = array<i64: 0, 2, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  %1 = qnn.transpose %0 {perm = array<i64: 2, 1, 0>} : tensor<2x4x3xf32> -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// ... and folds away when p is the identity.
// CHECK-LABEL: func.func @transpose_of_transpose_identity(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: return %[[X]]
func.func @transpose_of_transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = qnn.transpose %x {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = qnn.transpose %0 {perm = array<i64: 2, 0, 1>} : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// Composed on a per-axis weight: the result keeps the (twice moved) axis.
// CHECK-LABEL: func.func @transpose_of_transpose_per_axis(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-NEXT: %[[T:.*]] = qnn.transpose %[[X]] {perm = array<i64: 2, 1, 0>}
// CHECK-SAME: -> tensor<3x2x4x!quant.uniform<i8:f32:2, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>
// CHECK-NEXT: return %[[T]]
func.func @transpose_of_transpose_per_axis(%w: tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>) -> tensor<3x2x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.25, 0.5}>> {
  %0 = qnn.transpose %w {perm = array<i64: 1, 0, 2>} : tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> -> tensor<2x4x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25, 0.5}>>
  %1 = qnn.transpose %0 {perm = array<i64: 2, 0, 1>} : tensor<2x4x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25, 0.5}>> -> tensor<3x2x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.25, 0.5}>>
  return %1 : tensor<3x2x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.25, 0.5}>>
}

// -----

// The inner transpose stays when it has another use.
// CHECK-LABEL: func.func @transpose_of_shared_transpose(
// CHECK-SAME: %[[X:[a-z0-9]+]]:
// CHECK-DAG: %[[T0:.*]] = qnn.transpose %[[X]] {perm = array<i64: 1, 0, 2>}
// CHECK-DAG: %[[T1:.*]] = qnn.transpose %[[X]] {perm = array<i64: 1, 2, 0>}
// CHECK: return %[[T0]], %[[T1]]
func.func @transpose_of_shared_transpose(%x: tensor<2x3x4xf32>) -> (tensor<3x2x4xf32>, tensor<3x4x2xf32>) {
  %0 = qnn.transpose %x {perm = array<i64: 1, 0, 2>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  %1 = qnn.transpose %0 {perm = array<i64: 0, 2, 1>} : tensor<3x2x4xf32> -> tensor<3x4x2xf32>
  return %0, %1 : tensor<3x2x4xf32>, tensor<3x4x2xf32>
}
