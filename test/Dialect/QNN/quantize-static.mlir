// RUN: quant-opt %s -split-input-file --qnn-quantize-static | FileCheck %s
// RUN: quant-opt %s -split-input-file --qnn-quantize-static=per-channel=false | FileCheck %s --check-prefix=TENSOR

// conv (relu) -> max pool -> flatten -> fc -> softmax. The input is
// quantized once, the conv computes in INT8 with per-channel weights
// (s = max|w| / 127) and an i32 bias at s_in * s_w, the max pool and
// flatten inherit the conv's type, and the softmax stays float behind a
// dequantize.
// CHECK-LABEL: func.func @conv_relu_pool_fc(
// CHECK: %[[X:.*]] = qnn.quantize %arg0 : tensor<1x1x4x4xf32> -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.0039215686274509803>>
// CHECK: %[[WS:.*]] = arith.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK: %[[W:.*]] = quant.scast %[[WS]] : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157480314959,0.003937007874015748}>>
// CHECK: %[[BS:.*]] = arith.constant dense<[8096, -8096]> : tensor<2xi32>
// CHECK: %[[B:.*]] = quant.scast %[[BS]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {3.0878493129535278E-5,1.5439246564767639E-5}>>
// CHECK: %[[C:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {activation = #qnn.activation<relu>} : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0049019607843137254>>
// CHECK: %[[P:.*]] = qnn.max_pool2d %[[C]] {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0049019607843137254>>
// CHECK: %[[F:.*]] = qnn.flatten %[[P]]
// CHECK: %[[Y:.*]] = qnn.fully_connected %[[F]], %{{.*}} : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 0.019607843137254902:51>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Y]]
// CHECK: %[[S:.*]] = qnn.softmax %[[D]]
// CHECK: return %[[S]]
// TENSOR-LABEL: func.func @conv_relu_pool_fc(
// TENSOR: quant.scast %{{.*}} : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32, 0.0078740157480314959>>
func.func @conv_relu_pool_fc(%x: tensor<1x1x4x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.25, -0.125]> : tensor<2xf32>
  %fw = arith.constant dense<0.5> : tensor<2x8xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x4x4xf32>
  %0 = qnn.conv2d %x0, %w, %b {activation = #qnn.activation<relu>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = 0.0, max = 1.25>} : tensor<1x2x4x4xf32>
  %2 = qnn.max_pool2d %1 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %3 = qnn.flatten %2 : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %4 = qnn.fully_connected %3, %fw : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<1x2xf32>
  %5 = qnn.observe %4 {stats = #qnn.stats<min = -1.0, max = 4.0>} : tensor<1x2xf32>
  %6 = qnn.softmax %5 : tensor<1x2xf32>
  return %6 : tensor<1x2xf32>
}

// -----

// Depthwise conv and a residual add: the add takes both operands in their
// own types and writes its own.
// CHECK-LABEL: func.func @depthwise_residual(
// CHECK: %[[X:.*]] = qnn.quantize %arg0
// CHECK: %[[C:.*]] = qnn.conv2d %[[X]], {{.*}}groups = 2 : i64{{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.011764705882352941:128>>
// CHECK: %[[A:.*]] = qnn.add %[[X]], %[[C]] : (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0039215686274509803>>, tensor<1x2x2x2x!quant.uniform<u8:f32, 0.011764705882352941:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.015686274509803921:128>>
// CHECK: qnn.dequantize %[[A]]
func.func @depthwise_residual(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x2x2x2xf32>
  %0 = qnn.conv2d %x0, %w {groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = -1.5, max = 1.5>} : tensor<1x2x2x2xf32>
  %2 = qnn.add %x0, %1 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = qnn.observe %2 {stats = #qnn.stats<min = -2.0, max = 2.0>} : tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// Concat of two quantized branches: one output type, operands keep theirs.
// CHECK-LABEL: func.func @concat(
// CHECK: %[[A:.*]] = qnn.quantize %arg0 {{.*}}0.0039215686274509803>>
// CHECK: %[[B:.*]] = qnn.quantize %arg1 {{.*}}0.39215686274509803>>
// CHECK: qnn.concat %[[A]], %[[B]] {axis = 1 : i64} : {{.*}} -> tensor<1x8x!quant.uniform<u8:f32, 0.39215686274509803>>
func.func @concat(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %a0 = qnn.observe %a {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x4xf32>
  %b0 = qnn.observe %b {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x4xf32>
  %0 = qnn.concat %a0, %b0 {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = 0.0, max = 100.0>} : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// Depthwise conv with a bias. s_in = 2 / 255 (z = 128); the weight is s8
// per output channel, s_w = [0.5, 2] / 127, even though each channel has a
// single input channel; the bias is i32 per channel at s_in * s_w:
// 0.1 / 3.0878e-5 = 3238.5 (the f32 0.1 rounds it up), -0.2 / 1.2351e-4 =
// -1619.25. Per tensor, s_w = 2 / 127 for both.
// CHECK-LABEL: func.func @depthwise_with_bias(
// CHECK: %[[X:.*]] = qnn.quantize %arg0 : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: %[[WS:.*]] = arith.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK: %[[W:.*]] = quant.scast %[[WS]] : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.003937007874015748,0.015748031496062992}>>
// CHECK: %[[BS:.*]] = arith.constant dense<[3239, -1619]> : tensor<2xi32>
// CHECK: %[[B:.*]] = quant.scast %[[BS]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {3.0878493129535278E-5,1.2351397251814111E-4}>>
// CHECK: %[[C:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {groups = 2 : i64} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.015686274509803921:128>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[C]]
// CHECK: return %[[D]]
// TENSOR-LABEL: func.func @depthwise_with_bias(
// TENSOR: quant.scast %{{.*}} : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32, 0.015748031496062992>>
// TENSOR: quant.scast %{{.*}} : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 1.2351397251814111E-4>>
// TENSOR: qnn.conv2d {{.*}}groups = 2 : i64
func.func @depthwise_with_bias(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = -1.0, max = 1.0>} : tensor<1x2x2x2xf32>
  %0 = qnn.conv2d %x0, %w, %b {groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = -2.0, max = 2.0>} : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// fully_connected with a bias: rows quantized with s_w = [1, 0.5] / 127
// (rne: 63.5 -> 64, 31.75 -> 32), bias at s_in * s_w with s_in = 0.01.
// CHECK-LABEL: func.func @fully_connected_with_bias(
// CHECK: %[[X:.*]] = qnn.quantize %arg0 : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK: %[[WS:.*]] = arith.constant dense<{{\[\[}}127, -127, 64, 0], [64, 64, -127, 32]]> : tensor<2x4xi8>
// CHECK: %[[W:.*]] = quant.scast %[[WS]] : tensor<2x4xi8> to tensor<2x4x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157480314959,0.003937007874015748}>>
// CHECK: %[[BS:.*]] = arith.constant dense<[12700, -12700]> : tensor<2xi32>
// CHECK: %[[B:.*]] = quant.scast %[[BS]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {7.8740157480314943E-5,3.9370078740157472E-5}>>
// CHECK: %[[Y:.*]] = qnn.fully_connected %[[X]], %[[W]], %[[B]] : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qnn.dequantize %[[Y]]
// TENSOR-LABEL: func.func @fully_connected_with_bias(
// TENSOR: quant.scast %{{.*}} : tensor<2x4xi8> to tensor<2x4x!quant.uniform<i8<-127:127>:f32, 0.0078740157480314959>>
// TENSOR: quant.scast %{{.*}} : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 7.8740157480314943E-5>>
func.func @fully_connected_with_bias(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, -1.0, 0.5, 0.0], [0.25, 0.25, -0.5, 0.125]]> : tensor<2x4xf32>
  %b = arith.constant dense<[1.0, -0.5]> : tensor<2xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 2.55>} : tensor<1x4xf32>
  %0 = qnn.fully_connected %x0, %w, %b : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = -1.0, max = 1.0>} : tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// A result without an observer is not quantized next: the
// fully_connected stays float, and its input's observer leaves no
// quantize / dequantize pair behind.
// CHECK-LABEL: func.func @unobserved_result(
// CHECK-NOT: qnn.quantize
// CHECK: %[[Y:.*]] = qnn.fully_connected %arg0, %{{.*}} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
// CHECK-NOT: qnn.dequantize
// CHECK: return %[[Y]]
func.func @unobserved_result(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x4xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x4xf32>
  %0 = qnn.fully_connected %x0, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// A residual add with an operand that has no observer stays float.
// CHECK-LABEL: func.func @residual_add_unobserved_operand(
// CHECK-NOT: qnn.quantize
// CHECK: %[[A:.*]] = qnn.add %arg0, %arg1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
// CHECK-NOT: qnn.dequantize
// CHECK: return %[[A]]
func.func @residual_add_unobserved_operand(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x4xf32>
  %0 = qnn.add %x0, %y : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// A fully_connected result used by a concat (twice) and returned: the
// fully_connected computes in INT8 once, the concat reads its quantized
// result, the return its dequantized one.
// CHECK-LABEL: func.func @concat_of_shared_result(
// CHECK: %[[X:.*]] = qnn.quantize %arg0 : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<u8:f32, 0.0039215686274509803>>
// CHECK: %[[Y:.*]] = qnn.fully_connected %[[X]], {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 0.0078431372549019607>>
// CHECK: %[[YD:.*]] = qnn.dequantize %[[Y]]
// CHECK: %[[J:.*]] = qnn.concat %[[X]], %[[Y]], %[[Y]] {axis = 1 : i64} : {{.*}} -> tensor<1x8x!quant.uniform<u8:f32, 0.0078431372549019607>>
// CHECK: %[[JD:.*]] = qnn.dequantize %[[J]]
// CHECK: return %[[JD]], %[[YD]]
func.func @concat_of_shared_result(%x: tensor<1x4xf32>) -> (tensor<1x8xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x4xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x4xf32>
  %0 = qnn.fully_connected %x0, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x2xf32>
  %c = qnn.concat %x0, %1, %1 {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x8xf32>
  %2 = qnn.observe %c {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x8xf32>
  return %2, %1 : tensor<1x8xf32>, tensor<1x2xf32>
}
