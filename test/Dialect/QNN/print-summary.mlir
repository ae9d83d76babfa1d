// RUN: quant-opt %s --qnn-print-summary -o /dev/null 2>&1 | FileCheck %s

// conv2d: 1x2x4x4 outputs x (1 * 1 * 1) = 32 MACs in INT8; fully_connected:
// 1x2 outputs x 8 = 16 MACs in float (weight-only). Constants: 2 x i8,
// 2 x i32, 16 x i8 stored = 2 + 8 + 16 = 26 bytes; as f32 20 x 4 = 80.
// CHECK: qnn summary
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
