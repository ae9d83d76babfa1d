// RUN: quant-opt %s -split-input-file --qnn-quantize-pipeline | FileCheck %s --check-prefix=STATIC
// RUN: quant-opt %s -split-input-file --qnn-quantize-pipeline=scheme=dynamic | FileCheck %s --check-prefix=DYNAMIC
// RUN: quant-opt %s -split-input-file "--qnn-quantize-pipeline=scheme=weight-only-int4 block-size=32" | FileCheck %s --check-prefix=INT4

// Errors, of the pipeline's options and of its passes:
// quantize-pipeline-invalid.mlir.

// A calibrated conv-bn-relu-fc model: the pipeline folds the batch norm,
// fuses the relu and quantizes with the chosen scheme.
// STATIC-LABEL: func.func @model(
// STATIC: qnn.quantize %arg0
// STATIC: qnn.conv2d {{.*}}activation = #qnn.activation<relu>{{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32
// STATIC: qnn.fully_connected {{.*}} -> tensor<1x2x!quant.uniform<u8:f32
// STATIC-NOT: qnn.batch_norm
// DYNAMIC-LABEL: func.func @model(
// DYNAMIC: qnn.conv2d {{.*}}activation = #qnn.activation<relu>{{.*}} -> tensor<1x2x4x4xf32>
// DYNAMIC: qnn.dynamic_quantize
// DYNAMIC: qnn.fully_connected {{.*}} input_scale(
// INT4-LABEL: func.func @model(
// INT4: qnn.fully_connected {{.*}}tensor<2x32x!quant.uniform<i4<-7:7>:f32:{0:1, 1:32}
func.func @model(%x: tensor<1x1x4x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %z = arith.constant dense<0.0> : tensor<2xf32>
  %fw = arith.constant dense<0.25> : tensor<2x32xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x4x4xf32>
  %0 = qnn.conv2d %x0, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.batch_norm %0, %g, %z, %z, %g : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %2 = qnn.relu %1 : tensor<1x2x4x4xf32>
  %3 = qnn.observe %2 {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x2x4x4xf32>
  %4 = qnn.reshape %3 : tensor<1x2x4x4xf32> -> tensor<1x32xf32>
  %5 = qnn.fully_connected %4, %fw : (tensor<1x32xf32>, tensor<2x32xf32>) -> tensor<1x2xf32>
  %6 = qnn.observe %5 {stats = #qnn.stats<min = -2.0, max = 2.0>} : tensor<1x2xf32>
  return %6 : tensor<1x2xf32>
}

// -----

// conv -> depthwise conv -> batch norm -> relu6, a residual add back to the
// input and a concat with the first conv (both branches of the concat with
// the same calibrated width). Static: the batch norm is folded into the
// depthwise conv (k = 1 / sqrt(1 + 1e-5), bias 0), the relu6 fused, every
// op INT8; the concat's type is written by the add directly (its only
// user), the first conv also feeds the depthwise conv and is requantized.
// STATIC-LABEL: func.func @residual_block(
// STATIC: %[[X:.*]] = qnn.quantize %arg0 : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0039215686274509803>>
// STATIC: %[[C:.*]] = qnn.conv2d %[[X]], %{{.*}} : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// STATIC: %[[DW:.*]] = quant.scast %{{.*}} : tensor<2x1x3x3xi8> to tensor<2x1x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.0019684940811217299,0.0039369881622434598}>>
// STATIC: %[[DB:.*]] = quant.scast %{{.*}} : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {{.*}}>>
// STATIC: %[[D:.*]] = qnn.conv2d %[[C]], %[[DW]], %[[DB]] {activation = #qnn.activation<relu6>, groups = 2 : i64, {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0039215686274509803>>
// STATIC: %[[A:.*]] = qnn.add %[[D]], %[[X]] : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.011764705882352941:85>>
// STATIC: %[[R:.*]] = qnn.requantize %[[C]] : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.011764705882352941:85>>
// STATIC: %[[J:.*]] = qnn.concat %[[A]], %[[R]] {axis = 1 : i64} : {{.*}} -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.011764705882352941:85>>
// STATIC: %[[O:.*]] = qnn.dequantize %[[J]]
// STATIC: return %[[O]]
// STATIC-NOT: qnn.batch_norm
// Dynamic and weight-only INT4 have nothing to quantize here (no
// fully_connected / matmul): the batch norm is folded, the relu6 fused,
// everything else stays f32.
// DYNAMIC-LABEL: func.func @residual_block(
// DYNAMIC-NOT: qnn.dynamic_quantize
// DYNAMIC: %[[C:.*]] = qnn.conv2d %arg0, %{{.*}} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
// DYNAMIC: %[[D:.*]] = qnn.conv2d %[[C]], %{{.*}}, %{{.*}} {activation = #qnn.activation<relu6>, groups = 2 : i64, {{.*}} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// DYNAMIC: %[[A:.*]] = qnn.add %[[D]], %arg0 : {{.*}} -> tensor<1x2x4x4xf32>
// DYNAMIC: %[[J:.*]] = qnn.concat %[[A]], %[[C]] {axis = 1 : i64} : {{.*}} -> tensor<1x4x4x4xf32>
// DYNAMIC: return %[[J]]
// INT4-LABEL: func.func @residual_block(
// INT4-NOT: quant.scast
// INT4: qnn.conv2d {{.*}} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
// INT4: qnn.conv2d {{.*}}activation = #qnn.activation<relu6>, groups = 2 : i64{{.*}} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// INT4: qnn.add {{.*}} -> tensor<1x2x4x4xf32>
// INT4: qnn.concat {{.*}} -> tensor<1x4x4x4xf32>
// INT4-NOT: quant.scast
func.func @residual_block(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.5]]], [[[-0.5]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %dw = arith.constant dense<0.25> : tensor<2x1x3x3xf32>
  %g = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %z = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x2x4x4xf32>
  %0 = qnn.conv2d %x0, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.observe %0 {stats = #qnn.stats<min = -1.0, max = 1.0>} : tensor<1x2x4x4xf32>
  %2 = qnn.conv2d %1, %dw {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %3 = qnn.batch_norm %2, %g, %z, %z, %v : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %4 = qnn.clamp %3 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4xf32>
  %5 = qnn.observe %4 {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x2x4x4xf32>
  %6 = qnn.add %5, %x0 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %7 = qnn.observe %6 {stats = #qnn.stats<min = 0.0, max = 2.0>} : tensor<1x2x4x4xf32>
  %8 = qnn.concat %7, %1 {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %9 = qnn.observe %8 {stats = #qnn.stats<min = -1.0, max = 2.0>} : tensor<1x4x4x4xf32>
  return %9 : tensor<1x4x4x4xf32>
}
