// RUN: quant-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of lib/Dialect/QNN/IR, in the order of the sources:
// attributes, traits, shared helpers, then one section per op family.

//===----------------------------------------------------------------------===//
// #qnn.stats
//===----------------------------------------------------------------------===//

func.func @stats_not_finite(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{stats min and max must be finite, got min = 0.000000e+00, max = INF}}
  %0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 0x7FF0000000000000>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @stats_min_above_max(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{stats min must not exceed max, got min = 2.000000e+00, max = 1.000000e+00}}
  %0 = qnn.observe %x {stats = #qnn.stats<min = 2.0, max = 1.0>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @stats_empty_histogram_range(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{stats histogram range must be non-empty, got [1.000000e+00, 1.000000e+00]}}
  %0 = qnn.observe %x {stats = #qnn.stats<min = 1.0, max = 1.0, range = [1.0, 1.0], bins = [3]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @stats_range_misses_min(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{stats histogram range must contain [min, max], got [-2.000000e+00, 4.000000e+00] for [-3.000000e+00, 3.000000e+00]}}
  %0 = qnn.observe %x {stats = #qnn.stats<min = -3.0, max = 3.0, range = [-2.0, 4.0], bins = [1, 2]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @stats_negative_count(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{stats histogram counts must be non-negative, bin 1 holds -2}}
  %0 = qnn.observe %x {stats = #qnn.stats<min = -1.0, max = 1.0, range = [-1.0, 1.0], bins = [1, -2, 3]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// #qnn.activation
//===----------------------------------------------------------------------===//

func.func @activation_unknown(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{unknown activation 'gelu', expected relu, relu6 or clamp}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<gelu>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @activation_relu6_other_bounds(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{activation relu6 has fixed bounds [0.000000e+00, 6.000000e+00]}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<relu6 [0.0, 5.0]>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @activation_clamp_inverted(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{activation clamp bounds must satisfy lo < hi, got [1.000000e+00, -1.000000e+00]}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<clamp [1.0, -1.0]>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// #qnn.layout
//===----------------------------------------------------------------------===//

// expected-error @+1 {{layout tile must have 2 sizes [N, K], got 1}}
func.func @layout_one_tile_size() attributes {packing = #qnn.layout<vnni, tile = [16]>} {
  return
}

// -----

// expected-error @+1 {{layout tile sizes must be positive}}
func.func @layout_zero_tile_size() attributes {packing = #qnn.layout<neon_sdot, tile = [4, 0]>} {
  return
}

// -----

//===----------------------------------------------------------------------===//
// QuantTypesMatchShapes (every op)
//===----------------------------------------------------------------------===//

func.func @per_axis_dimension_out_of_range(%x: tensor<2x3x!quant.uniform<i8:f32:2, {1.0, 2.0, 3.0}>>) {
  // expected-error @+1 {{'qnn.relu' op per-axis quantized dimension of operand #0 is out of range: axis 2 for rank 2}}
  %0 = qnn.relu %x : tensor<2x3x!quant.uniform<i8:f32:2, {1.0, 2.0, 3.0}>>
  return
}

// -----

func.func @per_axis_scale_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op per-axis scale count of result #0 must equal the size of dimension 0, expected 4 scales, got 2}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32:0, {1.0, 2.0}>>
  return
}

// -----

func.func @sub_channel_scale_rank(%x: tensor<2x4x!quant.uniform<i8:f32:{1:2}, {1.0, 2.0}>>) {
  // expected-error @+1 {{'qnn.relu' op sub-channel scale tensor of operand #0 must have the tensor's rank 2, got 1}}
  %0 = qnn.relu %x : tensor<2x4x!quant.uniform<i8:f32:{1:2}, {1.0, 2.0}>>
  return
}

// -----

func.func @sub_channel_dimension_out_of_range(%x: tensor<2x4x!quant.uniform<i8:f32:{2:2}, {{1.0, 2.0}, {3.0, 4.0}}>>) {
  // expected-error @+1 {{'qnn.relu' op sub-channel quantized dimension of operand #0 is out of range: axis 2 for rank 2}}
  %0 = qnn.relu %x : tensor<2x4x!quant.uniform<i8:f32:{2:2}, {{1.0, 2.0}, {3.0, 4.0}}>>
  return
}

// -----

func.func @sub_channel_block_does_not_divide(%x: tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:3}, {{1.0, 2.0}, {3.0, 4.0}}>>) {
  // expected-error @+1 {{'qnn.relu' op sub-channel block size of operand #0 must divide dimension 1 (4), got 3}}
  %0 = qnn.relu %x : tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:3}, {{1.0, 2.0}, {3.0, 4.0}}>>
  return
}

// -----

func.func @sub_channel_block_count(%x: tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}, {3.0, 4.0}}>>) {
  // expected-error @+1 {{'qnn.relu' op sub-channel scale tensor of operand #0 must have 1 blocks along dimension 0, got 2}}
  %0 = qnn.relu %x : tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}, {3.0, 4.0}}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Shared verifier helpers
//===----------------------------------------------------------------------===//

func.func @operand_rank(%x: tensor<2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op operand 'input' must have rank 4, got rank 3}}
  %0 = qnn.conv2d %x, %w : (tensor<2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @result_shape(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.sub' op result shape must be [2, 3], got [3, 2]}}
  %0 = qnn.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @attribute_size(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op attribute 'strides' must have 2 entries, got 3}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @averaging_mixed(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'qnn.global_avg_pool2d' op operand and result must both be f32 or both be quantized}}
  %0 = qnn.global_avg_pool2d %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @averaging_per_axis(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op quantized operand and result must be quantized per tensor}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>>) -> tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

func.func @binary_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{'qnn.add' op operand shapes do not broadcast: [2, 3] and [4, 3]}}
  %0 = qnn.add %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @binary_mixed_numerics(%a: tensor<4xf32>, %b: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.mul' op operands and result must all be f32 or all be quantized per tensor}}
  %0 = qnn.mul %a, %b : (tensor<4xf32>, tensor<4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4xf32>
  return
}

// -----

func.func @clamp_inverted(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.clamp' op min must not exceed max, got [6.000000e+00, 0.000000e+00]}}
  %0 = qnn.clamp %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Quantization ops
//===----------------------------------------------------------------------===//

func.func @quantize_expressed_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op expressed type of the result must be 'f32', got 'f16'}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f16, 0.1>>
  return
}

// -----

func.func @requantize_expressed_types(%q: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.requantize' op operand and result must express the same float type, got 'f32' and 'f16'}}
  %0 = qnn.requantize %q : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f16, 0.2>>
  return
}

// -----

func.func @requantize_per_axis_axes(%q: tensor<2x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.requantize' op per-axis operand and result must be quantized along the same axis, got 0 and 1}}
  %0 = qnn.requantize %q : tensor<2x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return
}

// -----

func.func @fake_quant_qtype_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op qtype must be a per-tensor or per-axis !quant.uniform type, got 'i8'}}
  %0 = qnn.fake_quant %x {qtype = i8} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_qtype_dimension(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op qtype quantized dimension 1 is out of range for rank 1}}
  %0 = qnn.fake_quant %x {qtype = !quant.uniform<i8:f32:1, {0.1, 0.2}>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_qtype_scale_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op qtype must have one scale per channel along axis 0, expected 4 scales, got 2}}
  %0 = qnn.fake_quant %x {qtype = !quant.uniform<i8:f32:0, {0.1, 0.2}>} : tensor<4xf32>
  return
}

// -----

func.func @dynamic_quantize_storage_shape(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{'qnn.dynamic_quantize' op storage result must have the operand's shape}}
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x8xf32> -> tensor<16xui8>, tensor<f32>, tensor<i32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Weighted ops: element types (conv2d, matmul, fully_connected)
//===----------------------------------------------------------------------===//

func.func @bias_not_i32(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, %b: tensor<3x!quant.uniform<i8:f32, 0.125>>) {
  // expected-error @+1 {{'qnn.conv2d' op bias must be quantized with i32 storage when the input is quantized, got '!quant.uniform<i8:f32, 1.250000e-01>'}}
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, tensor<3x!quant.uniform<i8:f32, 0.125>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @bias_zero_point(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, %b: tensor<3x!quant.uniform<i32:f32, 0.125:7>>) {
  // expected-error @+1 {{'qnn.conv2d' op bias must have zero point 0}}
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, tensor<3x!quant.uniform<i32:f32, 0.125:7>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @bias_scale_count(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, %b: tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.125, 0.125}>>) {
  // expected-error @+1 {{'qnn.conv2d' op bias must have one scale per weight scale, expected 1, got 3}}
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.125, 0.125}>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @bias_scale(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32:0, {0.25, 0.5, 1.0}>>, %b: tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.25, 0.25}>>) {
  // expected-error @+1 {{'qnn.conv2d' op bias scale must be input scale times weight scale, expected 5.000000e-01 for channel 2, got 2.500000e-01}}
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32:0, {0.25, 0.5, 1.0}>>, tensor<3x!quant.uniform<i32:f32:0, {0.125, 0.25, 0.25}>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @dynamic_both_scale_and_zero_point(%q: tensor<2x8xui8>, %w: tensor<8x3x!quant.uniform<i8:f32, 0.25>>, %s: tensor<f32>) {
  // expected-error @+1 {{'qnn.matmul' op dynamic form needs both the input scale and the input zero point}}
  %0 = "qnn.matmul"(%q, %w, %s) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<2x8xui8>, tensor<8x3x!quant.uniform<i8:f32, 0.25>>, tensor<f32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dynamic_input_not_ui8(%x: tensor<2x8xf32>, %w: tensor<8x3x!quant.uniform<i8:f32, 0.25>>, %s: tensor<f32>, %z: tensor<i32>) {
  // expected-error @+1 {{'qnn.matmul' op dynamic form needs the ui8 storage of qnn.dynamic_quantize as input, got 'f32'}}
  %0 = qnn.matmul %x, %w lhs_scale(%s, %z) : (tensor<2x8xf32>, tensor<8x3x!quant.uniform<i8:f32, 0.25>>, tensor<f32>, tensor<i32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dynamic_asymmetric_weight(%q: tensor<2x8xui8>, %w: tensor<8x3x!quant.uniform<i8:f32, 0.25:3>>, %s: tensor<f32>, %z: tensor<i32>) {
  // expected-error @+1 {{'qnn.matmul' op dynamic form needs a symmetrically quantized weight (zero point 0)}}
  %0 = qnn.matmul %q, %w lhs_scale(%s, %z) : (tensor<2x8xui8>, tensor<8x3x!quant.uniform<i8:f32, 0.25:3>>, tensor<f32>, tensor<i32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dynamic_quantized_result(%q: tensor<2x8xui8>, %w: tensor<3x8x!quant.uniform<i8:f32, 0.25>>, %b: tensor<3xf32>, %s: tensor<f32>, %z: tensor<i32>) {
  // expected-error @+1 {{'qnn.fully_connected' op dynamic form needs f32 bias and result}}
  %0 = qnn.fully_connected %q, %w, %b input_scale(%s, %z) : (tensor<2x8xui8>, tensor<3x8x!quant.uniform<i8:f32, 0.25>>, tensor<3xf32>, tensor<f32>, tensor<i32>) -> tensor<2x3x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @integer_input_without_scale(%q: tensor<2x8xui8>, %w: tensor<8x3x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error @+1 {{'qnn.matmul' op integer input needs its scale and zero point (the dynamic form)}}
  %0 = qnn.matmul %q, %w : (tensor<2x8xui8>, tensor<8x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<2x3xf32>
  return
}

// -----

func.func @float_input_quantized_result(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op result must be f32 when the input is f32}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @float_input_quantized_bias(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, %b: tensor<3x!quant.uniform<i32:f32, 0.125>>) {
  // expected-error @+1 {{'qnn.conv2d' op bias must be f32 when the input is f32}}
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>, tensor<3x!quant.uniform<i32:f32, 0.125>>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @input_element_type(%x: tensor<2x8xf16>, %w: tensor<8x3xf32>) {
  // expected-error @+1 {{'qnn.matmul' op input must be f32, quantized or (dynamic form) ui8 storage, got 'f16'}}
  %0 = qnn.matmul %x, %w : (tensor<2x8xf16>, tensor<8x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @input_per_axis(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.5:128, 0.5:128}>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error @+1 {{'qnn.conv2d' op quantized input must be quantized per tensor, got '!quant.uniform<u8:f32:1, {5.000000e-01:128,5.000000e-01:128}>'}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.5:128, 0.5:128}>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @float_weight_quantized_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op weight must be quantized when the input is}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @weight_wrong_axis(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32:1, {0.25, 0.5}>>) {
  // expected-error @+1 {{'qnn.conv2d' op weight must be quantized per tensor or per output channel (axis 0), got '!quant.uniform<i8:f32:1, {2.500000e-01,5.000000e-01}>'}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32:1, {0.25, 0.5}>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @weight_asymmetric(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25:5>>) {
  // expected-error @+1 {{'qnn.conv2d' op weight must be quantized symmetrically (zero point 0)}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25:5>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>
  return
}

// -----

func.func @quantized_input_float_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error @+1 {{'qnn.conv2d' op result must be quantized per tensor when the input is quantized, got 'f32'}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x2x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// conv2d, pools: shapes and window attributes
//===----------------------------------------------------------------------===//

func.func @bias_shape(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op bias must have shape [3], got [4]}}
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<4xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @strides_positive(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op strides must be positive}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 0>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @dilations_positive(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op dilations must be positive}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: -1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @padding_non_negative(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op padding must be non-negative}}
  %0 = qnn.conv2d %x, %w {padding = array<i64: 0, 0, -1, 0>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @window_too_large(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x5xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op window of size 5 (dilation 1) does not fit the padded input along spatial dimension 1}}
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x3x5xf32>) -> tensor<1x3x2x1xf32>
  return
}

// -----

func.func @groups_positive(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op groups must be positive, got 0}}
  %0 = qnn.conv2d %x, %w {groups = 0 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @input_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op input channels must equal weight dimension 1 times groups, expected 2, got 4}}
  %0 = qnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @output_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op output channels must be a multiple of groups, got 3 channels and 2 groups}}
  %0 = qnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @kernel_positive(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op kernel sizes must be positive}}
  %0 = qnn.max_pool2d %x {kernel = array<i64: 0, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @max_pool_element_type(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op result must have the operand's element type, expected '!quant.uniform<u8:f32, 1.000000e-01:128>', got '!quant.uniform<u8:f32, 2.000000e-01:128>'}}
  %0 = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// matmul, fully_connected: shapes
//===----------------------------------------------------------------------===//

func.func @matmul_rank(%a: tensor<8xf32>, %b: tensor<8x3xf32>) {
  // expected-error @+1 {{'qnn.matmul' op operands must have rank >= 2, got ranks 1 and 2}}
  %0 = qnn.matmul %a, %b : (tensor<8xf32>, tensor<8x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<2x8xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{'qnn.matmul' op contraction sizes must match, lhs has K = 8, rhs has K = 4}}
  %0 = qnn.matmul %a, %b : (tensor<2x8xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x4x8xf32>, %b: tensor<3x8x3xf32>) {
  // expected-error @+1 {{'qnn.matmul' op batch dimensions do not broadcast: [2] and [3]}}
  %0 = qnn.matmul %a, %b : (tensor<2x4x8xf32>, tensor<3x8x3xf32>) -> tensor<2x4x3xf32>
  return
}

// -----

func.func @fully_connected_features(%x: tensor<2x8xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{'qnn.fully_connected' op input features must equal weight dimension 1, expected 4, got 8}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x8xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// batch_norm, softmax, layer_norm
//===----------------------------------------------------------------------===//

func.func @batch_norm_rank(%x: tensor<4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op input must have rank >= 2 (channels on axis 1), got rank 1}}
  %0 = qnn.batch_norm %x, %p, %p, %p, %p : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @batch_norm_param_shape(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>, %m: tensor<1x4xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op operand 'mean' must have shape [4], got [1, 4]}}
  %0 = qnn.batch_norm %x, %p, %p, %m, %p : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op epsilon must be non-negative}}
  %0 = qnn.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0 : f32} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.softmax' op axis 2 is out of range for rank 2}}
  %0 = qnn.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<2x16xf32>, %g: tensor<16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op axis -3 is out of range for rank 2}}
  %0 = qnn.layer_norm %x, %g {axis = -3 : i64} : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @layer_norm_param_shape(%x: tensor<2x16xf32>, %g: tensor<16xf32>, %b: tensor<2x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op scale and bias must have the normalized shape [16], got [2, 16]}}
  %0 = qnn.layer_norm %x, %g, %b : (tensor<2x16xf32>, tensor<16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// lstm
//===----------------------------------------------------------------------===//

func.func @lstm_operand_shape(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4xf32>, %r: tensor<1x32x4xf32>) {
  // expected-error @+1 {{'qnn.lstm' op operand 'recurrence' must have shape [1, 32, 8], got [1, 32, 4]}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 8 : i64} : (tensor<5x1x4xf32>, tensor<1x32x4xf32>, tensor<1x32x4xf32>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
  return
}

// -----

func.func @lstm_hidden_size(%x: tensor<5x1x4xf32>, %w: tensor<1x0x4xf32>, %r: tensor<1x0x0xf32>) {
  // expected-error @+1 {{'qnn.lstm' op hidden_size must be positive, got 0}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 0 : i64} : (tensor<5x1x4xf32>, tensor<1x0x4xf32>, tensor<1x0x0xf32>) -> (tensor<5x1x1x0xf32>, tensor<1x1x0xf32>, tensor<1x1x0xf32>)
  return
}

// -----

func.func @lstm_mixed_weights(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4x!quant.uniform<i8:f32, 0.1>>, %r: tensor<1x32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm' op weight and recurrence must both be f32 or both be quantized}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 8 : i64} : (tensor<5x1x4xf32>, tensor<1x32x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x32x8xf32>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
  return
}

// -----

func.func @lstm_asymmetric_weights(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4x!quant.uniform<i8:f32, 0.1>>, %r: tensor<1x32x8x!quant.uniform<i8:f32, 0.1:2>>) {
  // expected-error @+1 {{'qnn.lstm' op quantized weight and recurrence must be symmetric (zero point 0)}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 8 : i64} : (tensor<5x1x4xf32>, tensor<1x32x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x32x8x!quant.uniform<i8:f32, 0.1:2>>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x1x8xf32>)
  return
}

// -----

func.func @lstm_final_state_shape(%x: tensor<5x1x4xf32>, %w: tensor<1x32x4xf32>, %r: tensor<1x32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm' op final state results must have shape [1, 1, 8], got [1, 8]}}
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 8 : i64} : (tensor<5x1x4xf32>, tensor<1x32x4xf32>, tensor<1x32x8xf32>) -> (tensor<5x1x1x8xf32>, tensor<1x1x8xf32>, tensor<1x8xf32>)
  return
}

// -----

//===----------------------------------------------------------------------===//
// Data movement and reductions
//===----------------------------------------------------------------------===//

func.func @per_axis_dimension_dropped(%t: tensor<4x2x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, %i: tensor<3xi64>) {
  // expected-error @+2 {{per-axis quantized dimension 0 does not survive this op}}
  // expected-error @+1 {{'qnn.gather' op failed to infer returned types}}
  %0 = qnn.gather %t, %i {axis = 0 : i64} : (tensor<4x2x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3xi64>) -> tensor<3x2x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>
  return
}

// -----

func.func @axes_out_of_range(%x: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{axis 4 is out of range for rank 4}}
  %0 = qnn.reduce_mean %x {axes = array<i64: 2, 4>} : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @axes_repeated(%x: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{axis -1 is repeated}}
  %0 = qnn.reduce_mean %x {axes = array<i64: 3, -1>} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x1xf32>
  return
}

// -----

func.func @concat_no_operand() {
  // expected-error @+1 {{'qnn.concat' op needs at least one operand}}
  %0 = qnn.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.concat' op axis -3 is out of range for rank 2}}
  %0 = qnn.concat %a, %a {axis = -3 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_operand_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.concat' op operand #1 must have rank 2, got 1}}
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_operand_dimension(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{'qnn.concat' op operand #1 must match operand #0 in dimension 0, expected 2, got 4}}
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_mixed_numerics(%a: tensor<2x3xf32>, %b: tensor<2x3x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.concat' op operands and result must all be f32 or all be quantized per tensor}}
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<2x6xf32>
  return
}

// -----

func.func @reshape_element_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.reshape' op element count must be preserved, operand has 6, result has 8}}
  %0 = qnn.reshape %x : tensor<2x3xf32> -> tensor<8xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x3x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.reshape' op result must have the operand's element type, expected '!quant.uniform<u8:f32, 1.000000e-01:128>', got 'f32'}}
  %0 = qnn.reshape %x : tensor<2x3x!quant.uniform<u8:f32, 0.1:128>> -> tensor<6xf32>
  return
}

// -----

func.func @reshape_per_axis(%x: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.reshape' op cannot reshape a per-axis or sub-channel quantized tensor}}
  %0 = qnn.reshape %x : tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> -> tensor<1x2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 3 is out of range [-2, 2]}}
  // expected-error @+1 {{'qnn.flatten' op failed to infer returned types}}
  %0 = qnn.flatten %x {axis = 3 : i64} : tensor<2x3xf32> -> tensor<6x1xf32>
  return
}

// -----

func.func @flatten_per_axis(%x: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+2 {{cannot flatten a per-axis or sub-channel quantized tensor}}
  // expected-error @+1 {{'qnn.flatten' op failed to infer returned types}}
  %0 = qnn.flatten %x {axis = 1 : i64} : tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> -> tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return
}

// -----

func.func @squeeze_non_unit(%x: tensor<1x4x1xf32>) {
  // expected-error @+2 {{cannot squeeze dimension 1 of size 4}}
  // expected-error @+1 {{'qnn.squeeze' op failed to infer returned types}}
  %0 = qnn.squeeze %x {axes = array<i64: 1>} : tensor<1x4x1xf32> -> tensor<1x1xf32>
  return
}

// -----

func.func @transpose_perm_size(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{perm must have one entry per dimension (3), got 2}}
  // expected-error @+1 {{'qnn.transpose' op failed to infer returned types}}
  %0 = qnn.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{perm must be a permutation of [0, 3)}}
  // expected-error @+1 {{'qnn.transpose' op failed to infer returned types}}
  %0 = qnn.transpose %x {perm = array<i64: 0, 2, 2>} : tensor<2x3x4xf32> -> tensor<2x4x4xf32>
  return
}

// -----

func.func @slice_entries(%x: tensor<2x4xf32>) {
  // expected-error @+2 {{starts, ends and steps must each have one entry per dimension (2)}}
  // expected-error @+1 {{'qnn.slice' op failed to infer returned types}}
  %0 = qnn.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : tensor<2x4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_steps(%x: tensor<2x4xf32>) {
  // expected-error @+2 {{steps must be positive, got 0 in dimension 1}}
  // expected-error @+1 {{'qnn.slice' op failed to infer returned types}}
  %0 = qnn.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 4>, steps = array<i64: 1, 0>} : tensor<2x4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_bounds(%x: tensor<2x4xf32>) {
  // expected-error @+2 {{slice bounds must satisfy 0 <= start <= end <= size, got [1, 5) for size 4 in dimension 1}}
  // expected-error @+1 {{'qnn.slice' op failed to infer returned types}}
  %0 = qnn.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 2, 5>, steps = array<i64: 1, 1>} : tensor<2x4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @pad_entries(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{pads must have 2 * rank = 4 entries, got 2}}
  // expected-error @+1 {{'qnn.pad' op failed to infer returned types}}
  %0 = qnn.pad %x {pads = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{pads must be non-negative}}
  // expected-error @+1 {{'qnn.pad' op failed to infer returned types}}
  %0 = qnn.pad %x {pads = array<i64: 0, -1, 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @gather_axis(%t: tensor<4x2xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{'qnn.gather' op failed to infer returned types}}
  %0 = qnn.gather %t, %i {axis = -3 : i64} : (tensor<4x2xf32>, tensor<3xi64>) -> tensor<4x3xf32>
  return
}

// -----

// expected-error @+1 {{stats histogram range needs at least one bin}}
func.func @stats_range_without_bins() attributes {stats = #qnn.stats<min = 0.0, max = 1.0, range = [0.0, 2.0], bins = []>} {
  return
}

// -----

func.func @transpose_sub_channel(%w: tensor<2x2x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.1}, {0.2}}>>) {
  // expected-error @+2 {{sub-channel quantized tensors cannot be moved by data-movement ops}}
  // expected-error @+1 {{'qnn.transpose' op failed to infer returned types}}
  %0 = qnn.transpose %w {perm = array<i64: 1, 0>} : tensor<2x2x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.1}, {0.2}}>> -> tensor<2x2x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.1}, {0.2}}>>
  return
}

// -----

func.func @reshape_sub_channel(%w: tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>) {
  // expected-error @+1 {{'qnn.reshape' op cannot reshape a per-axis or sub-channel quantized tensor}}
  %0 = qnn.reshape %w : tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>> -> tensor<2x64x!quant.uniform<i4:f32:{0:1, 1:32}, {{0.5, 0.25}, {0.125, 1.0}}>>
  return
}
