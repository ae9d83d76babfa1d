// RUN: quant-opt %s -split-input-file | FileCheck %s
// RUN: quant-opt %s -split-input-file -mlir-print-op-generic | quant-opt -split-input-file | FileCheck %s

// Every qnn op in custom form, each polymorphic op in each element-type form
// its verifier accepts: f32, static INT8 (u8 per-tensor activations, i8
// per-channel weights with zero point 0, i32 bias with scale s_in * s_w),
// weight-only (f32 activations, quantized weights) and dynamic (the ui8
// storage of qnn.dynamic_quantize plus its scale and zero point). The second
// RUN line prints the generic form and parses it back.

// Quantization ops.

// CHECK-LABEL: func.func @observe(
// CHECK: qnn.observe %{{.*}} : tensor<1x8xf32>
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = -1.000000e+00, max = 2.500000e+00>} : tensor<1x8xf32>
// CHECK: qnn.observe %{{.*}} {stats = #qnn.stats<min = -1.500000e+00, max = 3.000000e+00, range = [-2.000000e+00, 4.000000e+00], bins = [1, 7, 9]>} :
// CHECK-SAME: tensor<1x8xf32>
func.func @observe(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = qnn.observe %x : tensor<1x8xf32>
  %1 = qnn.observe %x {stats = #qnn.stats<min = -1.0, max = 2.5>} : tensor<1x8xf32>
  %2 = qnn.observe %x {stats = #qnn.stats<min = -1.5, max = 3.0, range = [-2.0, 4.0], bins = [1, 7, 9]>} : tensor<1x8xf32>
  return %0, %1, %2 : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @quantize_per_tensor(
// CHECK: qnn.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 2.000000e-02:128>>
func.func @quantize_per_tensor(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<u8:f32, 0.02:128>> {
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.02:128>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.02:128>>
}

// -----

// CHECK-LABEL: func.func @quantize_per_axis(
// CHECK: qnn.quantize %{{.*}} : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>
func.func @quantize_per_axis(%w: tensor<4x8xf32>) -> tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> {
  %0 = qnn.quantize %w : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
  return %0 : tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>
}

// -----

// CHECK-LABEL: func.func @quantize_blocked(
// CHECK: qnn.quantize %{{.*}} : tensor<2x64xf32> -> tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{[{][{]}}5.000000e-01, 2.500000e-01}, {1.250000e-01, 1.000000e+00}}>>
func.func @quantize_blocked(%w: tensor<2x64xf32>) -> tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>> {
  %0 = qnn.quantize %w : tensor<2x64xf32> -> tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>
  return %0 : tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>
}

// -----

// CHECK-LABEL: func.func @dequantize_per_tensor(
// CHECK: qnn.dequantize %{{.*}} : tensor<4x!quant.uniform<u8:f32, 2.000000e-02:128>> -> tensor<4xf32>
func.func @dequantize_per_tensor(%q: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<4xf32> {
  %0 = qnn.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @dequantize_per_axis(
// CHECK: qnn.dequantize %{{.*}} : tensor<4x8x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>> -> tensor<4x8xf32>
func.func @dequantize_per_axis(%q: tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>) -> tensor<4x8xf32> {
  %0 = qnn.dequantize %q : tensor<4x8x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @requantize(
// CHECK: qnn.requantize %{{.*}} : tensor<4x!quant.uniform<u8:f32, 2.000000e-02:128>> -> tensor<4x!quant.uniform<u8:f32, 5.000000e-02:100>>
func.func @requantize(%q: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<4x!quant.uniform<u8:f32, 0.05:100>> {
  %0 = qnn.requantize %q : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4x!quant.uniform<u8:f32, 0.05:100>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.05:100>>
}

// -----

// CHECK-LABEL: func.func @requantize_per_axis(
// CHECK: qnn.requantize %{{.*}} : tensor<2x4x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>> -> tensor<2x4x!quant.uniform<i8:f32:0, {5.000000e-02,4.000000e-01}>>
func.func @requantize_per_axis(%q: tensor<2x4x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<2x4x!quant.uniform<i8:f32:0, {0.05, 0.4}>> {
  %0 = qnn.requantize %q : tensor<2x4x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x4x!quant.uniform<i8:f32:0, {0.05, 0.4}>>
  return %0 : tensor<2x4x!quant.uniform<i8:f32:0, {0.05, 0.4}>>
}

// -----

// CHECK-LABEL: func.func @fake_quant(
// CHECK: qnn.fake_quant %{{.*}} {qtype = !quant.uniform<i8:f32, 1.000000e-01>} : tensor<4xf32>
// CHECK: qnn.fake_quant %{{.*}} {qtype = !quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>} : tensor<2x4xf32>
func.func @fake_quant(%x: tensor<4xf32>, %w: tensor<2x4xf32>) -> (tensor<4xf32>, tensor<2x4xf32>) {
  %0 = qnn.fake_quant %x {qtype = !quant.uniform<i8:f32, 0.1>} : tensor<4xf32>
  %1 = qnn.fake_quant %w {qtype = !quant.uniform<i8:f32:0, {0.1, 0.2}>} : tensor<2x4xf32>
  return %0, %1 : tensor<4xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_quantize(
// CHECK: qnn.dynamic_quantize %{{.*}} : tensor<2x8xf32> -> tensor<2x8xui8>, tensor<f32>, tensor<i32>
func.func @dynamic_quantize(%x: tensor<2x8xf32>) -> (tensor<2x8xui8>, tensor<f32>, tensor<i32>) {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x8xf32> -> tensor<2x8xui8>, tensor<f32>, tensor<i32>
  return %q, %s, %z : tensor<2x8xui8>, tensor<f32>, tensor<i32>
}

// -----
// conv2d: float, static INT8 (per-channel and per-tensor weight), weight-only,
// depthwise.

// CHECK-LABEL: func.func @conv2d_f32(
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} :
// CHECK-SAME: (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
func.func @conv2d_f32(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64, activation = #qnn.activation<relu>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_f32_dilated_no_bias(
// CHECK: qnn.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
func.func @conv2d_f32_dilated_no_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_int8_per_channel(
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} :
// CHECK-SAME: (tensor<1x3x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>, tensor<4x!quant.uniform<i32:f32:0, {5.000000e-03,1.000000e-02,1.250000e-02,2.500000e-02}>>)
// CHECK-SAME: -> tensor<1x4x8x8x!quant.uniform<u8:f32, 1.000000e-01:120>>
func.func @conv2d_int8_per_channel(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, %b: tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:120>>
  return %0 : tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:120>>
}

// -----

// CHECK-LABEL: func.func @conv2d_int8_per_tensor(
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<1x3x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<4x!quant.uniform<i32:f32, 5.000000e-03>>)
// CHECK-SAME: -> tensor<1x4x6x6x!quant.uniform<u8:f32, 1.000000e-01:120>>
func.func @conv2d_int8_per_tensor(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<4x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4x!quant.uniform<i32:f32, 0.005>>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i32:f32, 0.005>>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 0.1:120>>
  return %0 : tensor<1x4x6x6x!quant.uniform<u8:f32, 0.1:120>>
}

// -----

// CHECK-LABEL: func.func @conv2d_weight_only(
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<1x3x8x8xf32>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>, tensor<4xf32>)
// CHECK-SAME: -> tensor<1x4x6x6xf32>
func.func @conv2d_weight_only(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, %b: tensor<4xf32>) -> tensor<1x4x6x6xf32> {
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_depthwise_f32(
// CHECK: qnn.conv2d %{{.*}}, %{{.*}} {activation = #qnn.activation<relu6>, groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} :
// CHECK-SAME: (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
func.func @conv2d_depthwise_f32(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64, activation = #qnn.activation<relu6>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_depthwise_int8(
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} :
// CHECK-SAME: (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<4x1x3x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>, tensor<4x!quant.uniform<i32:f32:0, {5.000000e-03,1.000000e-02,1.250000e-02,2.500000e-02}>>)
// CHECK-SAME: -> tensor<1x4x8x8x!quant.uniform<u8:f32, 1.000000e-01:120>>
func.func @conv2d_depthwise_int8(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<4x1x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, %b: tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x1x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:120>>
  return %0 : tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:120>>
}

// -----
// matmul: float (batch broadcast), static INT8, weight-only, dynamic.

// CHECK-LABEL: func.func @matmul_f32(
// CHECK: qnn.matmul %{{.*}}, %{{.*}} {activation = #qnn.activation<clamp [-1.000000e+00, 1.000000e+00]>} :
// CHECK-SAME: (tensor<2x4x8xf32>, tensor<8x3xf32>) -> tensor<2x4x3xf32>
func.func @matmul_f32(%a: tensor<2x4x8xf32>, %b: tensor<8x3xf32>) -> tensor<2x4x3xf32> {
  %0 = qnn.matmul %a, %b {activation = #qnn.activation<clamp [-1.0, 1.0]>} : (tensor<2x4x8xf32>, tensor<8x3xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_int8_per_tensor(
// CHECK: qnn.matmul %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<2x4x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<2x8x3x!quant.uniform<u8:f32, 4.000000e-02:120>>)
// CHECK-SAME: -> tensor<2x4x3x!quant.uniform<u8:f32, 1.000000e-01:120>>
func.func @matmul_int8_per_tensor(%a: tensor<2x4x8x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<2x8x3x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<2x4x3x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.matmul %a, %b : (tensor<2x4x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x8x3x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<2x4x3x!quant.uniform<u8:f32, 0.1:120>>
  return %0 : tensor<2x4x3x!quant.uniform<u8:f32, 0.1:120>>
}

// -----

// CHECK-LABEL: func.func @matmul_int8_per_channel(
// CHECK: qnn.matmul %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<4x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<8x3x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,2.500000e-01}>>)
// CHECK-SAME: -> tensor<4x3x!quant.uniform<u8:f32, 1.000000e-01:120>>
func.func @matmul_int8_per_channel(%a: tensor<4x8x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<8x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25}>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.matmul %a, %b : (tensor<4x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<8x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25}>>) -> tensor<4x3x!quant.uniform<u8:f32, 0.1:120>>
  return %0 : tensor<4x3x!quant.uniform<u8:f32, 0.1:120>>
}

// -----

// CHECK-LABEL: func.func @matmul_weight_only(
// CHECK: qnn.matmul %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<4x8xf32>, tensor<8x3x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,2.500000e-01}>>) -> tensor<4x3xf32>
func.func @matmul_weight_only(%a: tensor<4x8xf32>, %b: tensor<8x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25}>>) -> tensor<4x3xf32> {
  %0 = qnn.matmul %a, %b : (tensor<4x8xf32>, tensor<8x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25}>>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_dynamic(
// CHECK: %[[Q:.*]], %[[S:.*]], %[[Z:.*]] = qnn.dynamic_quantize %{{.*}} : tensor<4x8xf32> -> tensor<4x8xui8>, tensor<f32>, tensor<i32>
// CHECK: qnn.matmul %[[Q]], %{{.*}} lhs_scale(%[[S]], %[[Z]]) :
// CHECK-SAME: (tensor<4x8xui8>, tensor<8x3x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,2.500000e-01}>>, tensor<f32>, tensor<i32>)
// CHECK-SAME: -> tensor<4x3xf32>
func.func @matmul_dynamic(%x: tensor<4x8xf32>, %b: tensor<8x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25}>>) -> tensor<4x3xf32> {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<4x8xf32> -> tensor<4x8xui8>, tensor<f32>, tensor<i32>
  %0 = qnn.matmul %q, %b lhs_scale(%s, %z) : (tensor<4x8xui8>, tensor<8x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.25}>>, tensor<f32>, tensor<i32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----
// fully_connected: float, static INT8, weight-only (INT8 and blocked INT4),
// dynamic.

// CHECK-LABEL: func.func @fully_connected_f32(
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>} :
// CHECK-SAME: (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
func.func @fully_connected_f32(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>, %b: tensor<10xf32>) -> tensor<1x10xf32> {
  %0 = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// CHECK-LABEL: func.func @fully_connected_f32_no_bias(
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
func.func @fully_connected_f32_no_bias(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>) -> tensor<1x10xf32> {
  %0 = qnn.fully_connected %x, %w : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// CHECK-LABEL: func.func @fully_connected_int8(
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<2x64x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<4x64x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>, tensor<4x!quant.uniform<i32:f32:0, {5.000000e-03,1.000000e-02,1.250000e-02,2.500000e-02}>>)
// CHECK-SAME: -> tensor<2x4x!quant.uniform<u8:f32, 1.000000e-01:120>>
func.func @fully_connected_int8(%x: tensor<2x64x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<4x64x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, %b: tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.fully_connected %x, %w, %b : (tensor<2x64x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x64x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.1:120>>
  return %0 : tensor<2x4x!quant.uniform<u8:f32, 0.1:120>>
}

// -----

// CHECK-LABEL: func.func @fully_connected_weight_only_int8(
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<2x64xf32>, tensor<4x64x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>, tensor<4xf32>)
// CHECK-SAME: -> tensor<2x4xf32>
func.func @fully_connected_weight_only_int8(%x: tensor<2x64xf32>, %w: tensor<4x64x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = qnn.fully_connected %x, %w, %b : (tensor<2x64xf32>, tensor<4x64x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @fully_connected_weight_only_blocked_int4(
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<2x64xf32>, tensor<4x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{[{][{]}}5.000000e-01, 2.500000e-01}, {1.250000e-01, 1.000000e+00}, {2.000000e+00, 5.000000e-01}, {2.500000e-01, 4.000000e+00}}>>)
// CHECK-SAME: -> tensor<2x4xf32>
func.func @fully_connected_weight_only_blocked_int4(%x: tensor<2x64xf32>, %w: tensor<4x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}, {2.0, 0.5}, {0.25, 4.0}}>>) -> tensor<2x4xf32> {
  %0 = qnn.fully_connected %x, %w : (tensor<2x64xf32>, tensor<4x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}, {2.0, 0.5}, {0.25, 4.0}}>>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @fully_connected_dynamic(
// CHECK: %[[Q:.*]], %[[S:.*]], %[[Z:.*]] = qnn.dynamic_quantize %{{.*}} : tensor<2x64xf32> -> tensor<2x64xui8>, tensor<f32>, tensor<i32>
// CHECK: qnn.fully_connected %[[Q]], %{{.*}}, %{{.*}} input_scale(%[[S]], %[[Z]]) :
// CHECK-SAME: (tensor<2x64xui8>, tensor<4x64x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,2.500000e-01,5.000000e-01}>>, tensor<4xf32>, tensor<f32>, tensor<i32>)
// CHECK-SAME: -> tensor<2x4xf32>
func.func @fully_connected_dynamic(%x: tensor<2x64xf32>, %w: tensor<4x64x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x64xf32> -> tensor<2x64xui8>, tensor<f32>, tensor<i32>
  %0 = qnn.fully_connected %q, %w, %b input_scale(%s, %z) : (tensor<2x64xui8>, tensor<4x64x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, tensor<4xf32>, tensor<f32>, tensor<i32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @fully_connected_dynamic_no_bias(
// CHECK: %[[Q:.*]], %[[S:.*]], %[[Z:.*]] = qnn.dynamic_quantize %{{.*}} : tensor<2x64xf32> -> tensor<2x64xui8>, tensor<f32>, tensor<i32>
// CHECK: qnn.fully_connected %[[Q]], %{{.*}} input_scale(%[[S]], %[[Z]]) :
// CHECK-SAME: (tensor<2x64xui8>, tensor<4x64x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<f32>, tensor<i32>) -> tensor<2x4xf32>
func.func @fully_connected_dynamic_no_bias(%x: tensor<2x64xf32>, %w: tensor<4x64x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4xf32> {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x64xf32> -> tensor<2x64xui8>, tensor<f32>, tensor<i32>
  %0 = qnn.fully_connected %q, %w input_scale(%s, %z) : (tensor<2x64xui8>, tensor<4x64x!quant.uniform<i8:f32, 0.1>>, tensor<f32>, tensor<i32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----
// #qnn.layout as a discardable attribute: on a packed weight argument and on
// the op that consumes it.

// CHECK-LABEL: func.func @fully_connected_packed_weight(
// CHECK-SAME: {qnn.layout = #qnn.layout<vnni, tile = [16, 4]>}
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}} {qnn.weight_layout = #qnn.layout<neon_sdot, tile = [4, 4]>} :
// CHECK-SAME: (tensor<2x64x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<16x64x!quant.uniform<i8:f32, 1.000000e-01>>)
// CHECK-SAME: -> tensor<2x16x!quant.uniform<u8:f32, 1.000000e-01:120>>
func.func @fully_connected_packed_weight(%x: tensor<2x64x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<16x64x!quant.uniform<i8:f32, 0.1>> {qnn.layout = #qnn.layout<vnni, tile = [16, 4]>}) -> tensor<2x16x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.fully_connected %x, %w {qnn.weight_layout = #qnn.layout<neon_sdot, tile = [4, 4]>} : (tensor<2x64x!quant.uniform<u8:f32, 0.05:128>>, tensor<16x64x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x16x!quant.uniform<u8:f32, 0.1:120>>
  return %0 : tensor<2x16x!quant.uniform<u8:f32, 0.1:120>>
}

// -----
// Normalization, pooling, softmax, LSTM.

// CHECK-LABEL: func.func @batch_norm(
// CHECK: qnn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} :
// CHECK-SAME: (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
func.func @batch_norm(%x: tensor<1x4x8x8xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-03 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool2d_f32(
// CHECK: qnn.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
func.func @max_pool2d_f32(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %0 = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool2d_int8(
// CHECK: qnn.max_pool2d %{{.*}} {ceil_mode = true, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} :
// CHECK-SAME: (tensor<1x4x7x7x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @max_pool2d_int8(%x: tensor<1x4x7x7x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x4x7x7x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0 : tensor<1x4x4x4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @avg_pool2d_f32(
// CHECK: qnn.avg_pool2d %{{.*}} {count_include_pad = true, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} :
// CHECK-SAME: (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
func.func @avg_pool2d_f32(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @avg_pool2d_int8(
// CHECK: qnn.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} :
// CHECK-SAME: (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 4.000000e-02:120>>
func.func @avg_pool2d_int8(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.04:120>> {
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.04:120>>
  return %0 : tensor<1x4x4x4x!quant.uniform<u8:f32, 0.04:120>>
}

// -----

// CHECK-LABEL: func.func @global_avg_pool2d_f32(
// CHECK: qnn.global_avg_pool2d %{{.*}} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
func.func @global_avg_pool2d_f32(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  %0 = qnn.global_avg_pool2d %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @global_avg_pool2d_int8(
// CHECK: qnn.global_avg_pool2d %{{.*}} :
// CHECK-SAME: (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 4.000000e-02:120>>
func.func @global_avg_pool2d_int8(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 0.04:120>> {
  %0 = qnn.global_avg_pool2d %x : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 0.04:120>>
  return %0 : tensor<1x4x1x1x!quant.uniform<u8:f32, 0.04:120>>
}

// -----

// CHECK-LABEL: func.func @softmax(
// CHECK: qnn.softmax %{{.*}} : tensor<2x10xf32>
// CHECK: qnn.softmax %{{.*}} {axis = 0 : i64} : tensor<2x10xf32>
func.func @softmax(%x: tensor<2x10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>) {
  %0 = qnn.softmax %x : tensor<2x10xf32>
  %1 = qnn.softmax %x {axis = 0 : i64} : tensor<2x10xf32>
  return %0, %1 : tensor<2x10xf32>, tensor<2x10xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm(
// CHECK: qnn.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} :
// CHECK-SAME: (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
// CHECK: qnn.layer_norm %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x5x16xf32>, tensor<5x16xf32>) -> tensor<2x5x16xf32>
func.func @layer_norm(%x: tensor<2x5x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %g2: tensor<5x16xf32>) -> (tensor<2x5x16xf32>, tensor<2x5x16xf32>) {
  %0 = qnn.layer_norm %x, %g, %b {epsilon = 1.0e-03 : f32} : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  %1 = qnn.layer_norm %x, %g2 {axis = 1 : i64} : (tensor<2x5x16xf32>, tensor<5x16xf32>) -> tensor<2x5x16xf32>
  return %0, %1 : tensor<2x5x16xf32>, tensor<2x5x16xf32>
}

// -----

// CHECK-LABEL: func.func @lstm_f32(
// CHECK: qnn.lstm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} initial_h(%{{.*}}) initial_c(%{{.*}}) {hidden_size = 8 : i64} :
// CHECK-SAME: (tensor<5x1x4xf32>, tensor<1x32x4xf32>, tensor<1x32x8xf32>, tensor<1x64xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
// CHECK-SAME: -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
func.func @lstm_f32(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4xf32>, %r: tensor<1x32x8xf32>, %b: tensor<1x64xf32>, %h: tensor<1x1x8xf32>, %c: tensor<1x1x8xf32>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r, %b initial_h(%h) initial_c(%c) {hidden_size = 8 : i64} : (tensor<5x1x4xf32>, tensor<1x32x4xf32>, tensor<1x32x8xf32>, tensor<1x64xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
  return %y, %yh, %yc : tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>
}

// -----

// CHECK-LABEL: func.func @lstm_quantized_weights(
// CHECK: qnn.lstm %{{.*}}, %{{.*}}, %{{.*}} initial_c(%{{.*}}) {direction = #qnn.lstm_direction<bidirectional>, hidden_size = 8 : i64} :
// CHECK-SAME: (tensor<5x1x4xf32>, tensor<2x32x4x!quant.uniform<i8:f32, 2.000000e-02>>, tensor<2x32x8x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<2x1x8xf32>)
// CHECK-SAME: -> (tensor<5x2x1x8xf32>, tensor<2x1x8xf32>, tensor<2x1x8xf32>)
func.func @lstm_quantized_weights(%x: tensor<5x1x4xf32>, %w: tensor<2x32x4x!quant.uniform<i8:f32, 0.02>>, %r: tensor<2x32x8x!quant.uniform<i8:f32, 0.01>>, %c: tensor<2x1x8xf32>) -> (tensor<5x2x1x8xf32>, tensor<2x1x8xf32>, tensor<2x1x8xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r initial_c(%c) {hidden_size = 8 : i64, direction = #qnn.lstm_direction<bidirectional>} : (tensor<5x1x4xf32>, tensor<2x32x4x!quant.uniform<i8:f32, 0.02>>, tensor<2x32x8x!quant.uniform<i8:f32, 0.01>>, tensor<2x1x8xf32>) -> (tensor<5x2x1x8xf32>, tensor<2x1x8xf32>, tensor<2x1x8xf32>)
  return %y, %yh, %yc : tensor<5x2x1x8xf32>, tensor<2x1x8xf32>, tensor<2x1x8xf32>
}

// -----
// Elementwise.

// CHECK-LABEL: func.func @add_f32(
// CHECK: qnn.add %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
func.func @add_f32(%a: tensor<1x4x8x8xf32>, %b: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.add %a, %b {activation = #qnn.activation<relu>} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @add_int8(
// CHECK: qnn.add %{{.*}}, %{{.*}} :
// CHECK-SAME: (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x4x1x1x!quant.uniform<u8:f32, 4.000000e-02:120>>)
// CHECK-SAME: -> tensor<1x4x8x8x!quant.uniform<u8:f32, 1.000000e-01:110>>
func.func @add_int8(%a: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<1x4x1x1x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:110>> {
  %0 = qnn.add %a, %b : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x4x1x1x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:110>>
  return %0 : tensor<1x4x8x8x!quant.uniform<u8:f32, 0.1:110>>
}

// -----

// CHECK-LABEL: func.func @mul_f32(
// CHECK: qnn.mul %{{.*}}, %{{.*}} : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
func.func @mul_f32(%a: tensor<1x4x8x8xf32>, %s: tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.mul %a, %s : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @mul_int8(
// CHECK: qnn.mul %{{.*}}, %{{.*}} {activation = #qnn.activation<relu6>} :
// CHECK-SAME: (tensor<2x3x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<3x!quant.uniform<i8:f32, 4.000000e-02>>)
// CHECK-SAME: -> tensor<2x3x!quant.uniform<u8:f32, 1.000000e-01:110>>
func.func @mul_int8(%a: tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<3x!quant.uniform<i8:f32, 0.04>>) -> tensor<2x3x!quant.uniform<u8:f32, 0.1:110>> {
  %0 = qnn.mul %a, %b {activation = #qnn.activation<relu6>} : (tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>, tensor<3x!quant.uniform<i8:f32, 0.04>>) -> tensor<2x3x!quant.uniform<u8:f32, 0.1:110>>
  return %0 : tensor<2x3x!quant.uniform<u8:f32, 0.1:110>>
}

// -----

// CHECK-LABEL: func.func @float_binary(
// CHECK: qnn.sub %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: qnn.div %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: qnn.pow %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @float_binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qnn.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = qnn.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = qnn.pow %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @float_unary(
// CHECK: qnn.sqrt %{{.*}} : tensor<2x3xf32>
// CHECK: qnn.exp %{{.*}} : tensor<2x3xf32>
// CHECK: qnn.tanh %{{.*}} : tensor<2x3xf32>
// CHECK: qnn.sigmoid %{{.*}} : tensor<2x3xf32>
func.func @float_unary(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qnn.sqrt %x : tensor<2x3xf32>
  %1 = qnn.exp %x : tensor<2x3xf32>
  %2 = qnn.tanh %x : tensor<2x3xf32>
  %3 = qnn.sigmoid %x : tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @relu(
// CHECK: qnn.relu %{{.*}} : tensor<1x4xf32>
// CHECK: qnn.relu %{{.*}} : tensor<1x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @relu(%x: tensor<1x4xf32>, %q: tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x4xf32>, tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.relu %x : tensor<1x4xf32>
  %1 = qnn.relu %q : tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<1x4xf32>, tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @clamp(
// CHECK: qnn.clamp %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x4xf32>
// CHECK: qnn.clamp %{{.*}} {max = 1.000000e+00 : f32, min = -1.000000e+00 : f32} : tensor<1x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @clamp(%x: tensor<1x4xf32>, %q: tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x4xf32>, tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4xf32>
  %1 = qnn.clamp %q {min = -1.0 : f32, max = 1.0 : f32} : tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<1x4xf32>, tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----
// Data movement and reductions.

// CHECK-LABEL: func.func @concat_f32(
// CHECK: qnn.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
func.func @concat_f32(%a: tensor<1x2x4x4xf32>, %b: tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32> {
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  return %0 : tensor<1x5x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @concat_int8(
// CHECK: qnn.concat %{{.*}}, %{{.*}} {axis = -1 : i64} :
// CHECK-SAME: (tensor<2x3x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<2x1x!quant.uniform<u8:f32, 4.000000e-02:120>>)
// CHECK-SAME: -> tensor<2x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @concat_int8(%a: tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<2x1x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.concat %a, %b {axis = -1 : i64} : (tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x1x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0 : tensor<2x4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @reduce_mean_f32(
// CHECK: qnn.reduce_mean %{{.*}} {axes = array<i64: 2, 3>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
func.func @reduce_mean_f32(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  %0 = qnn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_mean_int8(
// CHECK: qnn.reduce_mean %{{.*}} {axes = array<i64: -2, -1>, keepdims = false} :
// CHECK-SAME: (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x!quant.uniform<u8:f32, 4.000000e-02:120>>
func.func @reduce_mean_int8(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.04:120>> {
  %0 = qnn.reduce_mean %x {axes = array<i64: -2, -1>, keepdims = false} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.04:120>>
  return %0 : tensor<1x4x!quant.uniform<u8:f32, 0.04:120>>
}

// -----

// CHECK-LABEL: func.func @reshape(
// CHECK: qnn.reshape %{{.*}} : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
// CHECK: qnn.reshape %{{.*}} : tensor<1x4x2x2x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @reshape(%x: tensor<1x4x2x2xf32>, %q: tensor<1x4x2x2x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x16xf32>, tensor<4x4x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.reshape %x : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
  %1 = qnn.reshape %q : tensor<1x4x2x2x!quant.uniform<u8:f32, 0.05:128>> -> tensor<4x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<1x16xf32>, tensor<4x4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @flatten(
// CHECK: qnn.flatten %{{.*}} : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
// CHECK: qnn.flatten %{{.*}} {axis = -2 : i64} :
// CHECK-SAME: tensor<1x4x2x2x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @flatten(%x: tensor<1x4x2x2xf32>, %q: tensor<1x4x2x2x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x16xf32>, tensor<4x4x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.flatten %x : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
  %1 = qnn.flatten %q {axis = -2 : i64} : tensor<1x4x2x2x!quant.uniform<u8:f32, 0.05:128>> -> tensor<4x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<1x16xf32>, tensor<4x4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @squeeze(
// CHECK: qnn.squeeze %{{.*}} {axes = array<i64: 2, 3>} : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
// CHECK: qnn.squeeze %{{.*}} : tensor<1x4x1x1x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @squeeze(%x: tensor<1x4x1x1xf32>, %q: tensor<1x4x1x1x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x4xf32>, tensor<4x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.squeeze %x {axes = array<i64: 2, 3>} : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  %1 = qnn.squeeze %q : tensor<1x4x1x1x!quant.uniform<u8:f32, 0.05:128>> -> tensor<4x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<1x4xf32>, tensor<4x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @unsqueeze(
// CHECK: qnn.unsqueeze %{{.*}} {axes = array<i64: 0>} : tensor<4xf32> -> tensor<1x4xf32>
// CHECK: qnn.unsqueeze %{{.*}} {axes = array<i64: 0, -1>} :
// CHECK-SAME: tensor<4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x4x1x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @unsqueeze(%x: tensor<4xf32>, %q: tensor<4x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x4xf32>, tensor<1x4x1x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.unsqueeze %x {axes = array<i64: 0>} : tensor<4xf32> -> tensor<1x4xf32>
  %1 = qnn.unsqueeze %q {axes = array<i64: 0, -1>} : tensor<4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x4x1x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<1x4xf32>, tensor<1x4x1x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @transpose(
// CHECK: qnn.transpose %{{.*}} {perm = array<i64: 0, 2, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
// CHECK: qnn.transpose %{{.*}} {perm = array<i64: 2, 0, 1>} :
// CHECK-SAME: tensor<2x3x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<4x2x3x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @transpose(%x: tensor<2x3x4xf32>, %q: tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<2x4x3xf32>, tensor<4x2x3x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.transpose %x {perm = array<i64: 0, 2, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  %1 = qnn.transpose %q {perm = array<i64: 2, 0, 1>} : tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<4x2x3x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<2x4x3xf32>, tensor<4x2x3x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @slice(
// CHECK: qnn.slice %{{.*}} {ends = array<i64: 2, 4>, starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : tensor<2x4xf32> -> tensor<2x2xf32>
// CHECK: qnn.slice %{{.*}} {ends = array<i64: 2, 5>, starts = array<i64: 1, 0>, steps = array<i64: 1, 3>} :
// CHECK-SAME: tensor<2x5x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @slice(%x: tensor<2x4xf32>, %q: tensor<2x5x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<2x2xf32>, tensor<1x2x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 2, 4>, steps = array<i64: 1, 2>} : tensor<2x4xf32> -> tensor<2x2xf32>
  %1 = qnn.slice %q {starts = array<i64: 1, 0>, ends = array<i64: 2, 5>, steps = array<i64: 1, 3>} : tensor<2x5x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x2x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<2x2xf32>, tensor<1x2x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @pad(
// CHECK: qnn.pad %{{.*}} {pads = array<i64: 0, 1, 0, 1>} : tensor<2x3xf32> -> tensor<2x5xf32>
// CHECK: qnn.pad %{{.*}} {pads = array<i64: 1, 0, 1, 0>, value = -1.000000e+00 : f32} :
// CHECK-SAME: tensor<2x3x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<4x3x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @pad(%x: tensor<2x3xf32>, %q: tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<2x5xf32>, tensor<4x3x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.pad %x {pads = array<i64: 0, 1, 0, 1>} : tensor<2x3xf32> -> tensor<2x5xf32>
  %1 = qnn.pad %q {pads = array<i64: 1, 0, 1, 0>, value = -1.0 : f32} : tensor<2x3x!quant.uniform<u8:f32, 0.05:128>> -> tensor<4x3x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<2x5xf32>, tensor<4x3x!quant.uniform<u8:f32, 0.05:128>>
}

// -----

// CHECK-LABEL: func.func @gather(
// CHECK: qnn.gather %{{.*}}, %{{.*}} : (tensor<100x16xf32>, tensor<2x5xi64>) -> tensor<2x5x16xf32>
// CHECK: qnn.gather %{{.*}}, %{{.*}} {axis = 1 : i64} :
// CHECK-SAME: (tensor<100x16x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<3xi32>)
// CHECK-SAME: -> tensor<100x3x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @gather(%table: tensor<100x16xf32>, %ids: tensor<2x5xi64>, %q: tensor<100x16x!quant.uniform<u8:f32, 0.05:128>>, %cols: tensor<3xi32>) -> (tensor<2x5x16xf32>, tensor<100x3x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.gather %table, %ids : (tensor<100x16xf32>, tensor<2x5xi64>) -> tensor<2x5x16xf32>
  %1 = qnn.gather %q, %cols {axis = 1 : i64} : (tensor<100x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<3xi32>) -> tensor<100x3x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<2x5x16xf32>, tensor<100x3x!quant.uniform<u8:f32, 0.05:128>>
}
