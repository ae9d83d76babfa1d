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
