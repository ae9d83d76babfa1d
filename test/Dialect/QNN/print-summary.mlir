// RUN: quant-opt %s -split-input-file --qnn-print-summary -o /dev/null 2>&1 | FileCheck %s

// conv2d: 1x2x4x4 outputs x (1 * 1 * 1) = 32 MACs in INT8; fully_connected:
// 1x2 outputs x 8 = 16 MACs in float (weight-only). Constants: 2 x i8,
// 2 x i32, 16 x i8 stored = 2 + 8 + 16 = 26 bytes; as f32 20 x 4 = 80.
// CHECK-LABEL: qnn summary
// CHECK: qnn.conv2d 1 0
// CHECK: qnn.max_pool2d 1 0
// CHECK: qnn.fully_connected 0 1
// CHECK: MACs: 32 int8, 16 float (66.7 % int8)
// CHECK: weight bytes: 26 stored, 80 as f32 (32.5 %)
func.func @mixed(%x: tensor<1x1x4x4xf32>) -> tensor<1x2xf32> {
  %ws = arith.constant dense<[[[[127]]], [[[-127]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157480314959,0.003937007874015748}>>
  %bs = arith.constant dense<[8096, -8096]> : tensor<2xi32>
  %b = quant.scast %bs : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {3.0878493129535278E-5,1.5439246564767639E-5}>>
  %fs = arith.constant dense<1> : tensor<2x8xi8>
  %fw = quant.scast %fs : tensor<2x8xi8> to tensor<2x8x!quant.uniform<i8:f32, 0.5>>
  %q = qnn.quantize %x : tensor<1x1x4x4xf32> -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.0039215686274509803>>
  %0 = qnn.conv2d %q, %w, %b : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.0039215686274509803>>, tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157480314959,0.003937007874015748}>>, tensor<2x!quant.uniform<i32:f32:0, {3.0878493129535278E-5,1.5439246564767639E-5}>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0049019607843137254>>
  %1 = qnn.max_pool2d %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0049019607843137254>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0049019607843137254>>
  %2 = qnn.dequantize %1 : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0049019607843137254>> -> tensor<1x2x2x2xf32>
  %3 = qnn.flatten %2 : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %4 = qnn.fully_connected %3, %fw : (tensor<1x8xf32>, tensor<2x8x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2xf32>
  return %4 : tensor<1x2xf32>
}

// -----

// A float model: conv 1x2x4x4 outputs x (2 * 1 * 1) = 64 MACs, depthwise
// conv 32 x (C / groups = 1) * 3 * 3 = 288 MACs, all float; the add and
// concat are counted as ops, with no MACs. Constants: 4 + 18 f32 = 88
// bytes either way.
// CHECK-LABEL: qnn summary
// CHECK-NEXT: op int8 float
// CHECK-NEXT: qnn.conv2d 0 2
// CHECK-NEXT: qnn.add 0 1
// CHECK-NEXT: qnn.concat 0 1
// CHECK-NEXT: MACs: 0 int8, 352 float (0.0 % int8)
// CHECK-NEXT: weight bytes: 88 stored, 88 as f32 (100.0 %)
func.func @float_model(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %dw = arith.constant dense<1.0> : tensor<2x1x3x3xf32>
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.conv2d %0, %dw {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %2 = qnn.add %1, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %3 = qnn.concat %2, %0 {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %3 : tensor<1x4x4x4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8<-127:127>:f32, 0.01>

// The same model in INT8: every op counts as int8, 352 MACs int8; the
// weights take 22 bytes. quantize / dequantize / requantize are not
// counted as ops.
// CHECK-LABEL: qnn summary
// CHECK-NEXT: op int8 float
// CHECK-NEXT: qnn.conv2d 2 0
// CHECK-NEXT: qnn.add 1 0
// CHECK-NEXT: qnn.concat 1 0
// CHECK-NEXT: MACs: 352 int8, 0 float (100.0 % int8)
// CHECK-NEXT: weight bytes: 22 stored, 88 as f32 (25.0 %)
func.func @int8_model(%xf: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %x = qnn.quantize %xf : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!x>
  %ws = arith.constant dense<1> : tensor<2x2x1x1xi8>
  %w = quant.scast %ws : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  %dws = arith.constant dense<1> : tensor<2x1x3x3xi8>
  %dw = quant.scast %dws : tensor<2x1x3x3xi8> to tensor<2x1x3x3x!w>
  %0 = qnn.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qnn.conv2d %0, %dw {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4x!x>, tensor<2x1x3x3x!w>) -> tensor<1x2x4x4x!x>
  %2 = qnn.add %1, %x : (tensor<1x2x4x4x!x>, tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!x>
  %r = qnn.requantize %0 : tensor<1x2x4x4x!x> -> tensor<1x2x4x4x!x>
  %3 = qnn.concat %2, %r {axis = 1 : i64} : (tensor<1x2x4x4x!x>, tensor<1x2x4x4x!x>) -> tensor<1x4x4x4x!x>
  %4 = qnn.dequantize %3 : tensor<1x4x4x4x!x> -> tensor<1x4x4x4xf32>
  return %4 : tensor<1x4x4x4xf32>
}

// -----

// Dynamic fully_connected: its u8 input makes it INT8 (2 x 4 = 8 MACs);
// a weight-only INT4 fully_connected computes in float (2 x 64 = 128
// MACs), its i4 weight stored in 2 * 64 / 2 = 64 bytes. Bias f32.
// Constants: 8 (i8) + 64 (i4) + 8 (2 x f32) = 80 bytes, as f32 (8 + 128 +
// 2) x 4 = 552.
// CHECK-LABEL: qnn summary
// CHECK-NEXT: op int8 float
// CHECK-NEXT: qnn.fully_connected 1 1
// CHECK-NEXT: MACs: 8 int8, 128 float (5.9 % int8)
// CHECK-NEXT: weight bytes: 80 stored, 552 as f32 (14.5 %)
func.func @dynamic_and_weight_only(%x: tensor<1x4xf32>, %y: tensor<1x64xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %ws = arith.constant dense<1> : tensor<2x4xi8>
  %w = quant.scast %ws : tensor<2x4xi8> to tensor<2x4x!quant.uniform<i8<-127:127>:f32, 0.01>>
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<1x4xf32> -> tensor<1x4xui8>, tensor<f32>, tensor<i32>
  %0 = qnn.fully_connected %q, %w input_scale(%s, %z) : (tensor<1x4xui8>, tensor<2x4x!quant.uniform<i8<-127:127>:f32, 0.01>>, tensor<f32>, tensor<i32>) -> tensor<1x2xf32>
  %vs = arith.constant dense<1> : tensor<2x64xi4>
  %v = quant.scast %vs : tensor<2x64xi4> to tensor<2x64x!quant.uniform<i4<-7:7>:f32:{0:1, 1:32}, {{1.0, 1.0}, {1.0, 1.0}}>>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %1 = qnn.fully_connected %y, %v, %b : (tensor<1x64xf32>, tensor<2x64x!quant.uniform<i4<-7:7>:f32:{0:1, 1:32}, {{1.0, 1.0}, {1.0, 1.0}}>>, tensor<2xf32>) -> tensor<1x2xf32>
  return %0, %1 : tensor<1x2xf32>, tensor<1x2xf32>
}
