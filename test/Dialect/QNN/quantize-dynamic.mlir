// RUN: quant-opt %s -split-input-file --qnn-quantize-dynamic | FileCheck %s
// RUN: quant-opt %s -split-input-file --qnn-quantize-dynamic=per-channel=false | FileCheck %s --check-prefix=TENSOR

// A fully_connected with a constant weight: s8 per output channel, the
// input quantized at run time, bias, result and activation unchanged.
// CHECK-LABEL: func @fully_connected
// CHECK: %[[Q:.*]], %[[S:.*]], %[[Z:.*]] = qnn.dynamic_quantize %arg0 : tensor<2x4xf32> -> tensor<2x4xui8>, tensor<f32>, tensor<i32>
// CHECK: %[[W:.*]] = quant.scast %{{.*}} : tensor<2x4xi8> to tensor<2x4x!quant.uniform<i8<-127:127>:f32:0, {0.015748031496062992,0.031496062992125984}>>
// CHECK: qnn.fully_connected %[[Q]], %[[W]], %{{.*}} input_scale(%[[S]], %[[Z]]) {activation = #qnn.activation<relu>}
// CHECK-SAME: -> tensor<2x2xf32>
// TENSOR-LABEL: func @fully_connected
// TENSOR: tensor<2x4x!quant.uniform<i8<-127:127>:f32, 0.031496062992125984>>
func.func @fully_connected(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, -2.0, 0.5, 0.0], [4.0, 0.0, -1.0, 2.0]]> : tensor<2x4xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %y = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>} : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// A matmul with a constant rhs: per channel along the last axis. Two
// consumers of one activation share its dynamic_quantize.
// CHECK-LABEL: func @matmul_shared_input
// CHECK-COUNT-1: qnn.dynamic_quantize
// CHECK-NOT: qnn.dynamic_quantize
// CHECK: tensor<4x3x!quant.uniform<i8<-127:127>:f32:1, {{.*}}>>
// CHECK: qnn.matmul %{{.*}}, %{{.*}} lhs_scale(%{{.*}}, %{{.*}}) : (tensor<2x5x4xui8>
// CHECK: qnn.matmul %{{.*}}, %{{.*}} lhs_scale(%{{.*}}, %{{.*}}) : (tensor<2x5x4xui8>
func.func @matmul_shared_input(%x: tensor<2x5x4xf32>) -> (tensor<2x5x3xf32>, tensor<2x5x3xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x3xf32>
  %v = arith.constant dense<0.25> : tensor<4x3xf32>
  %y = qnn.matmul %x, %w : (tensor<2x5x4xf32>, tensor<4x3xf32>) -> tensor<2x5x3xf32>
  %z = qnn.matmul %x, %v : (tensor<2x5x4xf32>, tensor<4x3xf32>) -> tensor<2x5x3xf32>
  return %y, %z : tensor<2x5x3xf32>, tensor<2x5x3xf32>
}

// -----

// Weights that are not constants stay float: nothing to quantize ahead of
// time.
// CHECK-LABEL: func @non_constant_weights
// CHECK-NOT: qnn.dynamic_quantize
// CHECK-NOT: quant.scast
// CHECK: qnn.matmul %arg0, %arg1 : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// CHECK: qnn.fully_connected %arg0, %arg2 : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
func.func @non_constant_weights(%x: tensor<2x4xf32>, %r: tensor<4x3xf32>, %w: tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %y = qnn.matmul %x, %r : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %z = qnn.fully_connected %x, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %y, %z : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// An LSTM with constant W and R: both s8 per gate row (axis 1); the op
// quantizes X_t and H_{t-1} itself, so no dynamic_quantize appears.
// CHECK-LABEL: func @lstm
// CHECK-NOT: qnn.dynamic_quantize
// CHECK: %[[W:.*]] = quant.scast %{{.*}} : tensor<1x8x3xi8> to tensor<1x8x3x!quant.uniform<i8<-127:127>:f32:1, {{.*}}>>
// CHECK: %[[R:.*]] = quant.scast %{{.*}} : tensor<1x8x2xi8> to tensor<1x8x2x!quant.uniform<i8<-127:127>:f32:1, {{.*}}>>
// CHECK: qnn.lstm %arg0, %[[W]], %[[R]], %{{.*}} {hidden_size = 2 : i64}
// TENSOR-LABEL: func @lstm
// TENSOR: tensor<1x8x3x!quant.uniform<i8<-127:127>:f32, 0.003937007874015748>>
func.func @lstm(%x: tensor<4x1x3xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x8x3xf32>
  %r = arith.constant dense<-0.25> : tensor<1x8x2xf32>
  %b = arith.constant dense<0.0> : tensor<1x16xf32>
  %y, %h, %c = qnn.lstm %x, %w, %r, %b {hidden_size = 2 : i64} : (tensor<4x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>, tensor<1x16xf32>) -> (tensor<4x1x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  return %h : tensor<1x1x2xf32>
}

// -----

// An LSTM whose recurrence is not a constant stays float.
// CHECK-LABEL: func @lstm_non_constant_recurrence
// CHECK-NOT: quant.scast
// CHECK: qnn.lstm %arg0, %{{.*}}, %arg1 {hidden_size = 2 : i64} : (tensor<4x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>)
func.func @lstm_non_constant_recurrence(%x: tensor<4x1x3xf32>, %r: tensor<1x8x2xf32>) -> tensor<1x1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x8x3xf32>
  %y, %h, %c = qnn.lstm %x, %w, %r {hidden_size = 2 : i64} : (tensor<4x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>) -> (tensor<4x1x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  return %h : tensor<1x1x2xf32>
}

// -----

// Observers are dropped: dynamic quantization needs no statistics.
// CHECK-LABEL: func @observers_dropped
// CHECK-NOT: qnn.observe
// CHECK: qnn.dynamic_quantize %arg0
func.func @observers_dropped(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x4xf32>
  %xo = qnn.observe %x : tensor<1x4xf32>
  %y = qnn.fully_connected %xo, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  %yo = qnn.observe %y : tensor<1x2xf32>
  return %yo : tensor<1x2xf32>
}

// -----

// Dynamic quantization covers fully_connected, matmul and lstm only: a
// conv2d keeps its float weight, gets no dynamic_quantize, and its constant
// weight is not touched.
// CHECK-LABEL: func @conv2d_stays_float
// CHECK-NOT: qnn.dynamic_quantize
// CHECK-NOT: quant.scast
// CHECK: %[[W:.*]] = arith.constant dense<5.000000e-01> : tensor<2x2x1x1xf32>
// CHECK: %[[Y:.*]] = qnn.conv2d %arg0, %[[W]] : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK: return %[[Y]]
func.func @conv2d_stays_float(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func @depthwise_conv2d_stays_float
// CHECK-NOT: qnn.dynamic_quantize
// CHECK-NOT: quant.scast
// CHECK: %[[W:.*]] = arith.constant dense<2.500000e-01> : tensor<2x1x3x3xf32>
// CHECK: %[[Y:.*]] = qnn.conv2d %arg0, %[[W]] {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
// CHECK: return %[[Y]]
func.func @depthwise_conv2d_stays_float(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.25> : tensor<2x1x3x3xf32>
  %0 = qnn.conv2d %x, %w {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A residual add and a concat have no weight: they stay float, and so do
// their operands, even where one of them also feeds a fully_connected
// (only that consumer reads the dynamic_quantize).
// CHECK-LABEL: func @residual_add_and_concat_stay_float
// CHECK: %[[A:.*]] = qnn.add %arg0, %arg1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
// CHECK: %[[Q:.*]], %[[S:.*]], %[[Z:.*]] = qnn.dynamic_quantize %[[A]] : tensor<1x4xf32> -> tensor<1x4xui8>, tensor<f32>, tensor<i32>
// CHECK: %[[J:.*]] = qnn.concat %[[A]], %arg1 {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
// CHECK: %[[Y:.*]] = qnn.fully_connected %[[Q]], %{{.*}} input_scale(%[[S]], %[[Z]]) : {{.*}} -> tensor<1x2xf32>
// CHECK: return %[[J]], %[[Y]]
func.func @residual_add_and_concat_stay_float(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> (tensor<1x8xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x4xf32>
  %0 = qnn.add %x, %y : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = qnn.concat %0, %y {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  %2 = qnn.fully_connected %0, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %1, %2 : tensor<1x8xf32>, tensor<1x2xf32>
}

// -----

// A fully_connected after a float conv + pool: only the fully_connected
// is quantized, per row: s_w = [2, 4] / 127, rne(0.5 / (4 / 127)) = 16,
// rne(1 / (2 / 127)) = rne(63.5) = 64.
// CHECK-LABEL: func @fully_connected_after_float_conv2d
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %{{.*}} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[P:.*]] = qnn.global_avg_pool2d %[[C]] : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
// CHECK: %[[F:.*]] = qnn.flatten %[[P]]
// CHECK: %[[Q:.*]], %[[S:.*]], %[[Z:.*]] = qnn.dynamic_quantize %[[F]] : tensor<1x2xf32> -> tensor<1x2xui8>, tensor<f32>, tensor<i32>
// CHECK: %[[WS:.*]] = arith.constant dense<{{\[\[}}64, -127], [16, 127]]> : tensor<2x2xi8>
// CHECK: %[[W:.*]] = quant.scast %[[WS]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {0.015748031496062992,0.031496062992125984}>>
// CHECK: qnn.fully_connected %[[Q]], %[[W]] input_scale(%[[S]], %[[Z]]) : {{.*}} -> tensor<1x2xf32>
func.func @fully_connected_after_float_conv2d(%x: tensor<1x2x4x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %fw = arith.constant dense<[[1.0, -2.0], [0.5, 4.0]]> : tensor<2x2xf32>
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.global_avg_pool2d %0 : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %2 = qnn.flatten %1 : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  %3 = qnn.fully_connected %2, %fw : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %3 : tensor<1x2xf32>
}

// -----

// An op already in dynamic form (or static INT8) is left as it is: running
// the pass twice changes nothing.
// CHECK-LABEL: func @already_quantized
// CHECK-COUNT-1: qnn.dynamic_quantize
// CHECK-NOT: qnn.dynamic_quantize
// CHECK: qnn.fully_connected %{{.*}}, %arg1 input_scale(%{{.*}}, %{{.*}}) : (tensor<2x16xui8>, tensor<4x16x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<f32>, tensor<i32>) -> tensor<2x4xf32>
// CHECK: qnn.fully_connected %arg2, %arg1 : (tensor<2x16x!quant.uniform<u8:f32, 5.000000e-02>>, tensor<4x16x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<2x4x!quant.uniform<u8:f32, 2.000000e-01>>
func.func @already_quantized(%x: tensor<2x16xf32>, %w: tensor<4x16x!quant.uniform<i8:f32, 0.1>>, %xq: tensor<2x16x!quant.uniform<u8:f32, 0.05>>) -> (tensor<2x4xf32>, tensor<2x4x!quant.uniform<u8:f32, 0.2>>) {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x16xf32> -> tensor<2x16xui8>, tensor<f32>, tensor<i32>
  %0 = qnn.fully_connected %q, %w input_scale(%s, %z) : (tensor<2x16xui8>, tensor<4x16x!quant.uniform<i8:f32, 0.1>>, tensor<f32>, tensor<i32>) -> tensor<2x4xf32>
  %1 = qnn.fully_connected %xq, %w : (tensor<2x16x!quant.uniform<u8:f32, 0.05>>, tensor<4x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.2>>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4x!quant.uniform<u8:f32, 0.2>>
}
