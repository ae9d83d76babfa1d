// RUN: quant-opt %s -split-input-file -verify-diagnostics

// One case per rule of lib/Dialect/QNN/IR/QNNLegality.cpp (the quantized
// types each op accepts; docs/Rationale.md, "Which quantized types an op
// accepts"), in the order of the source. The element-type cases of the
// weighted ops, add / mul, concat and the averaging ops that predate it
// are in invalid.mlir.

//===----------------------------------------------------------------------===//
// Storage: u8, i8, i4, i32, signless
//===----------------------------------------------------------------------===//

// `ui8` parses to another type than `u8` yet prints as `u8`.
func.func @storage_ui8_spelling(%x: tensor<4x!quant.uniform<ui8:f32, 0.1:3>>) {
  // expected-error @+1 {{'qnn.relu' op storage type of operand #0 must be signless, the sign given by the quantized type: write u8 instead of 'ui8'}}
  %0 = qnn.relu %x : tensor<4x!quant.uniform<ui8:f32, 0.1:3>>
  return
}

// -----

func.func @storage_si8_spelling(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op storage type of result #0 must be signless, the sign given by the quantized type: write i8 instead of 'si8'}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<si8:f32, 0.1>>
  return
}

// -----

func.func @storage_ui8_qtype(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op storage type of qtype must be signless, the sign given by the quantized type: write u8 instead of 'ui8'}}
  %0 = qnn.fake_quant %x {qtype = !quant.uniform<ui8:f32, 0.1:3>} : tensor<4xf32>
  return
}

// -----

func.func @storage_i16_activation(%x: tensor<4x!quant.uniform<i16:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.relu' op storage of operand #0 must be u8, i8, i4 or i32, got i16}}
  %0 = qnn.relu %x : tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}

// -----

func.func @storage_u4(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op storage of result #0 must be u8, i8, i4 or i32, got u4}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u4:f32, 0.1:3>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Activations: u8 or i8, per tensor
//===----------------------------------------------------------------------===//

func.func @activation_i32_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error @+1 {{'qnn.conv2d' op storage of result must be u8 or i8 (an activation), got i32}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x2x2x!quant.uniform<i32:f32, 0.125>>
  return
}

// -----

func.func @activation_i4_input(%x: tensor<1x2x4x4x!quant.uniform<i4:f32, 0.5>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error @+1 {{'qnn.conv2d' op storage of input must be u8 or i8 (an activation), got i4}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<i4:f32, 0.5>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @activation_i32_add(%a: tensor<4x!quant.uniform<u8:f32, 0.1:128>>, %b: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.add' op storage of result must be u8 or i8 (an activation), got i32}}
  %0 = qnn.add %a, %b : (tensor<4x!quant.uniform<u8:f32, 0.1:128>>, tensor<4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x!quant.uniform<i32:f32, 0.01>>
  return
}

// -----

func.func @activation_i32_concat(%a: tensor<4x!quant.uniform<i32:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.concat' op storage of operand #0 must be u8 or i8 (an activation), got i32}}
  %0 = qnn.concat %a, %a {axis = 0 : i64} : (tensor<4x!quant.uniform<i32:f32, 0.1>>, tensor<4x!quant.uniform<i32:f32, 0.1>>) -> tensor<8x!quant.uniform<i32:f32, 0.1>>
  return
}

// -----

func.func @activation_i32_average(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.global_avg_pool2d' op storage of result must be u8 or i8 (an activation), got i32}}
  %0 = qnn.global_avg_pool2d %x : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x2x1x1x!quant.uniform<i32:f32, 0.1>>
  return
}

// -----

func.func @activation_i32_relu(%x: tensor<4x!quant.uniform<i32:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.relu' op storage of operand must be u8 or i8 (an activation), got i32}}
  %0 = qnn.relu %x : tensor<4x!quant.uniform<i32:f32, 0.1>>
  return
}

// -----

func.func @activation_per_axis(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op quantization of operand must be per tensor (per-axis and blocked types are for weights), got '!quant.uniform<u8:f32:1, {1.000000e-01:128,2.000000e-01:128}>'}}
  %0 = qnn.max_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>>) -> tensor<1x2x3x3x!quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>>
  return
}

// -----

func.func @requantize_i32(%q: tensor<4x!quant.uniform<i32:f32, 0.001>>) {
  // expected-error @+1 {{'qnn.requantize' op storage of operand must be u8 or i8 (an activation), got i32}}
  %0 = qnn.requantize %q : tensor<4x!quant.uniform<i32:f32, 0.001>> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Weights: i8 per tensor or per output channel, blocked i4 weight-only
//===----------------------------------------------------------------------===//

func.func @blocked_weight_conv2d(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3x!quant.uniform<i4:f32:{0:1, 1:2}, {{{{0.5}}}, {{{0.5}}}, {{{0.5}}}}>>) {
  // expected-error @+1 {{'qnn.conv2d' op blocked (sub-channel) weight needs the weight-only form of fully_connected or matmul}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x3x3x!quant.uniform<i4:f32:{0:1, 1:2}, {{{{0.5}}}, {{{0.5}}}, {{{0.5}}}}>>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @blocked_weight_static(%x: tensor<2x64x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>) {
  // expected-error @+1 {{'qnn.fully_connected' op blocked (sub-channel) weight needs the weight-only form of fully_connected or matmul}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x64x!quant.uniform<u8:f32, 0.5:128>>, tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>) -> tensor<2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @blocked_weight_i8(%x: tensor<2x64xf32>, %w: tensor<2x64x!quant.uniform<i8:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>) {
  // expected-error @+1 {{'qnn.fully_connected' op blocked weight must have i4 storage, got i8}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x64xf32>, tensor<2x64x!quant.uniform<i8:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>) -> tensor<2x2xf32>
  return
}

// -----

func.func @blocked_weight_axis(%x: tensor<2x64xf32>, %w: tensor<2x64x!quant.uniform<i4:f32:{0:2, 1:32}, {{0.5, 0.25}}>>) {
  // expected-error @+1 {{'qnn.fully_connected' op blocked weight must have its blocks along the contraction axis (1) only, got block size 2 along axis 0}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x64xf32>, tensor<2x64x!quant.uniform<i4:f32:{0:2, 1:32}, {{0.5, 0.25}}>>) -> tensor<2x2xf32>
  return
}

// -----

func.func @blocked_weight_zero_point(%x: tensor<2x64xf32>, %w: tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5:1, 0.25}, {0.125, 1.0}}>>) {
  // expected-error @+1 {{'qnn.fully_connected' op weight must be quantized symmetrically (zero point 0)}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x64xf32>, tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5:1, 0.25}, {0.125, 1.0}}>>) -> tensor<2x2xf32>
  return
}

// -----

// A matmul's right-hand side per tensor may be an activation (u8 / i8).
func.func @matmul_rhs_i4(%a: tensor<4x8x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<8x3x!quant.uniform<i4:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.matmul' op right-hand side quantized per tensor must have u8 or i8 storage, got i4}}
  %0 = qnn.matmul %a, %b : (tensor<4x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<8x3x!quant.uniform<i4:f32, 0.1>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.1:120>>
  return
}

// -----

func.func @weight_u8(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<u8:f32, 0.25>>) {
  // expected-error @+1 {{'qnn.conv2d' op weight must have i8 storage (i4 only when blocked, in the weight-only form), got u8}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<u8:f32, 0.25>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @weight_u8_per_column(%a: tensor<4x8x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<8x3x!quant.uniform<u8:f32:1, {0.1, 0.2, 0.25}>>) {
  // expected-error @+1 {{'qnn.matmul' op weight must have i8 storage (i4 only when blocked, in the weight-only form), got u8}}
  %0 = qnn.matmul %a, %b : (tensor<4x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<8x3x!quant.uniform<u8:f32:1, {0.1, 0.2, 0.25}>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.1:120>>
  return
}

// -----

func.func @weight_only_i4_per_tensor(%x: tensor<2x64xf32>, %w: tensor<2x64x!quant.uniform<i4:f32, 0.5>>) {
  // expected-error @+1 {{'qnn.fully_connected' op weight must have i8 storage (i4 only when blocked, in the weight-only form), got i4}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x64xf32>, tensor<2x64x!quant.uniform<i4:f32, 0.5>>) -> tensor<2x2xf32>
  return
}

// -----

func.func @weight_only_wrong_axis(%x: tensor<2x2xf32>, %w: tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) {
  // expected-error @+1 {{'qnn.fully_connected' op weight must be quantized per tensor or per output channel (axis 0), got}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x2xf32>, tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) -> tensor<2x2xf32>
  return
}

// -----

func.func @dynamic_weight_u8(%q: tensor<2x8xui8>, %w: tensor<3x8x!quant.uniform<u8:f32, 0.25>>, %s: tensor<f32>, %z: tensor<i32>) {
  // expected-error @+1 {{'qnn.fully_connected' op weight must have i8 storage (i4 only when blocked, in the weight-only form), got u8}}
  %0 = qnn.fully_connected %q, %w input_scale(%s, %z) : (tensor<2x8xui8>, tensor<3x8x!quant.uniform<u8:f32, 0.25>>, tensor<f32>, tensor<i32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// LSTM: i8 symmetric, per tensor or per gate row
//===----------------------------------------------------------------------===//

func.func @lstm_u8_weights(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4x!quant.uniform<u8:f32, 0.1>>, %r: tensor<1x32x8x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.lstm' op quantized weight and recurrence must have i8 storage, got u8}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 8 : i64} : (tensor<5x1x4xf32>, tensor<1x32x4x!quant.uniform<u8:f32, 0.1>>, tensor<1x32x8x!quant.uniform<u8:f32, 0.1>>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
  return
}

// -----

func.func @lstm_weight_axis(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4x!quant.uniform<i8:f32:2, {0.1, 0.1, 0.1, 0.1}>>, %r: tensor<1x32x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.lstm' op quantized weight and recurrence must be quantized per tensor or per gate row (axis 1), got}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 8 : i64} : (tensor<5x1x4xf32>, tensor<1x32x4x!quant.uniform<i8:f32:2, {0.1, 0.1, 0.1, 0.1}>>, tensor<1x32x8x!quant.uniform<i8:f32, 0.1>>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
  return
}
