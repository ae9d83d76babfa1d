// RUN: quant-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// Ops whose result type is inferred (InferTypeOpAdaptor): the verifier
// accepts exactly the inferred type, so each case that parses proves the
// inference. Per-axis quantized types move their axis with the data and a
// slice of the channel dimension keeps the selected channels' scales and zero
// points.

// Per-axis quantized types: the axis moves with the data.

// CHECK-LABEL: func.func @transpose_moves_axis(
// CHECK: qnn.transpose {{.*}} -> tensor<4x2x3x!quant.uniform<i8:f32:2, {1.000000e-01,2.000000e-01,3.000000e-01}>>
func.func @transpose_moves_axis(%w: tensor<2x3x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) -> tensor<4x2x3x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3}>> {
  %0 = qnn.transpose %w {perm = array<i64: 2, 0, 1>} : tensor<2x3x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>> -> tensor<4x2x3x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3}>>
  return %0 : tensor<4x2x3x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3}>>
}

// -----

// CHECK-LABEL: func.func @squeeze_moves_axis(
// CHECK: qnn.squeeze {{.*}} -> tensor<4x8x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>
func.func @squeeze_moves_axis(%w: tensor<1x4x1x8x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25, 0.5}>>) -> tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> {
  %0 = qnn.squeeze %w : tensor<1x4x1x8x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25, 0.5}>> -> tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
  return %0 : tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
}

// -----

// CHECK-LABEL: func.func @unsqueeze_moves_axis(
// CHECK: qnn.unsqueeze {{.*}} -> tensor<1x4x1x3x!quant.uniform<i8:f32:3, {1.000000e-01,2.000000e-01,3.000000e-01}>>
func.func @unsqueeze_moves_axis(%w: tensor<4x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) -> tensor<1x4x1x3x!quant.uniform<i8:f32:3, {0.1, 0.2, 0.3}>> {
  %0 = qnn.unsqueeze %w {axes = array<i64: 0, -2>} : tensor<4x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>> -> tensor<1x4x1x3x!quant.uniform<i8:f32:3, {0.1, 0.2, 0.3}>>
  return %0 : tensor<1x4x1x3x!quant.uniform<i8:f32:3, {0.1, 0.2, 0.3}>>
}

// -----

// CHECK-LABEL: func.func @gather_moves_axis(
// CHECK: qnn.gather {{.*}} -> tensor<2x5x3x!quant.uniform<i8:f32:2, {1.000000e-01,2.000000e-01,3.000000e-01}>>
func.func @gather_moves_axis(%table: tensor<10x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>, %ids: tensor<2x5xi64>) -> tensor<2x5x3x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3}>> {
  %0 = qnn.gather %table, %ids : (tensor<10x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>, tensor<2x5xi64>) -> tensor<2x5x3x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3}>>
  return %0 : tensor<2x5x3x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3}>>
}

// -----

// CHECK-LABEL: func.func @gather_keeps_axis_before(
// CHECK: qnn.gather {{.*}} -> tensor<3x4x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01}>>
func.func @gather_keeps_axis_before(%w: tensor<3x10x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>, %ids: tensor<4xi32>) -> tensor<3x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>> {
  %0 = qnn.gather %w, %ids {axis = -1 : i64} : (tensor<3x10x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>, tensor<4xi32>) -> tensor<3x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>
  return %0 : tensor<3x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>
}

// -----
// Per-axis: slicing the channel dimension slices scales and zero points.

// CHECK-LABEL: func.func @slice_channels(
// CHECK: qnn.slice {{.*}} -> tensor<2x8x!quant.uniform<u8:f32:0, {2.000000e-01:2,5.000000e-01:4}>>
func.func @slice_channels(%w: tensor<4x8x!quant.uniform<u8:f32:0, {0.1:1, 0.2:2, 0.25:3, 0.5:4}>>) -> tensor<2x8x!quant.uniform<u8:f32:0, {0.2:2, 0.5:4}>> {
  %0 = qnn.slice %w {starts = array<i64: 1, 0>, ends = array<i64: 4, 8>, steps = array<i64: 2, 1>} : tensor<4x8x!quant.uniform<u8:f32:0, {0.1:1, 0.2:2, 0.25:3, 0.5:4}>> -> tensor<2x8x!quant.uniform<u8:f32:0, {0.2:2, 0.5:4}>>
  return %0 : tensor<2x8x!quant.uniform<u8:f32:0, {0.2:2, 0.5:4}>>
}

// -----

// CHECK-LABEL: func.func @slice_other_dim(
// CHECK: qnn.slice {{.*}} -> tensor<4x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>
func.func @slice_other_dim(%w: tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>) -> tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> {
  %0 = qnn.slice %w {starts = array<i64: 0, 2>, ends = array<i64: 4, 5>, steps = array<i64: 1, 1>} : tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> -> tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
  return %0 : tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
}

// -----

// CHECK-LABEL: func.func @pad_other_dim(
// CHECK: qnn.pad {{.*}} -> tensor<4x11x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>
func.func @pad_other_dim(%w: tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>) -> tensor<4x11x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> {
  %0 = qnn.pad %w {pads = array<i64: 0, 1, 0, 2>} : tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> -> tensor<4x11x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
  return %0 : tensor<4x11x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
}

// -----
// Shapes.

// CHECK-LABEL: func.func @flatten_axis(
// CHECK: qnn.flatten {{.*}} -> tensor<1x120xf32>
// CHECK: qnn.flatten {{.*}} -> tensor<6x20xf32>
// CHECK: qnn.flatten {{.*}} -> tensor<120x1xf32>
func.func @flatten_axis(%x: tensor<2x3x4x5xf32>) -> (tensor<1x120xf32>, tensor<6x20xf32>, tensor<120x1xf32>) {
  %0 = qnn.flatten %x {axis = 0 : i64} : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
  %1 = qnn.flatten %x {axis = 2 : i64} : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
  %2 = qnn.flatten %x {axis = 4 : i64} : tensor<2x3x4x5xf32> -> tensor<120x1xf32>
  return %0, %1, %2 : tensor<1x120xf32>, tensor<6x20xf32>, tensor<120x1xf32>
}

// -----

// CHECK-LABEL: func.func @slice_rounds_up(
// CHECK: qnn.slice {{.*}} -> tensor<3xf32>
func.func @slice_rounds_up(%x: tensor<7xf32>) -> tensor<3xf32> {
  %0 = qnn.slice %x {starts = array<i64: 1>, ends = array<i64: 7>, steps = array<i64: 2>} : tensor<7xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @pad_shape(
// CHECK: qnn.pad {{.*}} -> tensor<1x3x7x6x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @pad_shape(%x: tensor<1x3x4x4x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x3x7x6x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 2, 1>} : tensor<1x3x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x3x7x6x!quant.uniform<u8:f32, 0.05:128>>
  return %0 : tensor<1x3x7x6x!quant.uniform<u8:f32, 0.05:128>>
}

// -----
// dequantize: same shape, the expressed type.

// CHECK-LABEL: func.func @dequantize_types(
// CHECK: qnn.dequantize {{.*}} -> tensor<2x4xf32>
// CHECK: qnn.dequantize {{.*}} -> tensor<4x64xf32>
func.func @dequantize_types(%a: tensor<2x4x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<4x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}, {2.0, 0.5}, {0.25, 4.0}}>>) -> (tensor<2x4xf32>, tensor<4x64xf32>) {
  %0 = qnn.dequantize %a : tensor<2x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<2x4xf32>
  %1 = qnn.dequantize %w : tensor<4x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}, {2.0, 0.5}, {0.25, 4.0}}>> -> tensor<4x64xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<4x64xf32>
}

// -----
// A result type other than the inferred one is rejected; the diagnostic spells
// out the inferred type.

func.func @transpose_axis_not_moved(%w: tensor<4x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>) {
  // expected-error @+2 {{inferred type(s) 'tensor<4x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = qnn.transpose %w {perm = array<i64: 1, 0>} : tensor<4x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> -> tensor<4x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
  return
}

// -----

func.func @slice_scales_not_sliced(%w: tensor<4x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+2 {{inferred type(s) 'tensor<4x1x!quant.uniform<i8:f32:1, {2.000000e-01}>>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = qnn.slice %w {starts = array<i64: 0, 1>, ends = array<i64: 4, 2>, steps = array<i64: 1, 1>} : tensor<4x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> -> tensor<4x1x!quant.uniform<i8:f32:1, {0.1}>>
  return
}

// -----
// A per-axis type has no result type when its channel dimension is dropped,
// indexed or padded.

func.func @squeeze_channel_dim(%w: tensor<4x1x!quant.uniform<i8:f32:1, {0.1}>>) {
  // expected-error @+2 {{per-axis quantized dimension 1 does not survive this op}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = qnn.squeeze %w : tensor<4x1x!quant.uniform<i8:f32:1, {0.1}>> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @gather_channel_dim(%w: tensor<3x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>, %ids: tensor<2xi64>) {
  // expected-error @+2 {{per-axis quantized dimension 0 does not survive this op}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = qnn.gather %w, %ids : (tensor<3x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>, tensor<2xi64>) -> tensor<2x8x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @pad_channel_dim(%w: tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+2 {{per-axis quantized dimension 0 does not survive this op}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = qnn.pad %w {pads = array<i64: 1, 0, 0, 0>} : tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<3x8x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @slice_no_channels(%w: tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+2 {{per-axis quantized dimension 0 does not survive this op}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = qnn.slice %w {starts = array<i64: 1, 0>, ends = array<i64: 1, 8>, steps = array<i64: 1, 1>} : tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<0x8x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @flatten_per_axis(%w: tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+2 {{cannot flatten a per-axis or sub-channel quantized tensor}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = qnn.flatten %w : tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  return
}
