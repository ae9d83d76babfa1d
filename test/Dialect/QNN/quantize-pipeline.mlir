// RUN: quant-opt %s --qnn-quantize-pipeline | FileCheck %s --check-prefix=STATIC
// RUN: quant-opt %s --qnn-quantize-pipeline=scheme=dynamic | FileCheck %s --check-prefix=DYNAMIC
// RUN: quant-opt %s "--qnn-quantize-pipeline=scheme=weight-only-int4 block-size=32" | FileCheck %s --check-prefix=INT4
// RUN: not quant-opt %s --qnn-quantize-pipeline=scheme=int2 2>&1 | FileCheck %s --check-prefix=BAD

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
// BAD: Cannot find option named 'int2'
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
