// RUN: quant-opt %s -split-input-file --qnn-lower-to-linalg --qnn-sink-transposes --canonicalize --mlir-print-debuginfo=false | FileCheck %s

// INT8 layers compute in NHWC: after qnn-sink-transposes only the model's
// boundary transposes remain, NCHW -> NHWC at the input and NHWC -> NCHW at
// the result; the pool between the convs reads the first conv's NHWC result.
// CHECK-LABEL: func.func @conv_max_pool_conv
// CHECK-COUNT-1: linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// CHECK-NOT: linalg.transpose
// CHECK: arith.maxsi
// CHECK-NOT: linalg.transpose
// CHECK: %[[R:.*]] = linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[R]]
!x = !quant.uniform<i8:f32, 0.05:-3>
!w = !quant.uniform<i8<-127:127>:f32, 0.02>
!y = !quant.uniform<i8:f32, 0.1:5>
func.func @conv_max_pool_conv(%x: tensor<1x3x9x9x!x>) -> tensor<1x5x5x5x!y> {
  %c0 = arith.constant dense<1> : tensor<4x3x3x3xi8>
  %w0 = quant.scast %c0 : tensor<4x3x3x3xi8> to tensor<4x3x3x3x!w>
  %a = qnn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<1x3x9x9x!x>, tensor<4x3x3x3x!w>) -> tensor<1x4x9x9x!y>
  %p = qnn.max_pool2d %a {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x9x9x!y>) -> tensor<1x4x5x5x!y>
  %c1 = arith.constant dense<-1> : tensor<5x4x1x1xi8>
  %w1 = quant.scast %c1 : tensor<5x4x1x1xi8> to tensor<5x4x1x1x!w>
  %b = qnn.conv2d %p, %w1 : (tensor<1x4x5x5x!y>, tensor<5x4x1x1x!w>) -> tensor<1x5x5x5x!y>
  return %b : tensor<1x5x5x5x!y>
}

// -----

// The same through an average pool.
// CHECK-LABEL: func.func @conv_avg_pool_conv
// CHECK-COUNT-1: linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// CHECK-NOT: linalg.transpose
// CHECK: arith.subi
// CHECK-NOT: linalg.transpose
// CHECK: %[[R:.*]] = linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[R]]
!x = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8<-127:127>:f32, 0.02>
!y = !quant.uniform<u8:f32, 0.1:120>
func.func @conv_avg_pool_conv(%x: tensor<2x3x8x8x!x>) -> tensor<2x5x4x4x!y> {
  %c0 = arith.constant dense<1> : tensor<4x3x3x3xi8>
  %w0 = quant.scast %c0 : tensor<4x3x3x3xi8> to tensor<4x3x3x3x!w>
  %a = qnn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<2x3x8x8x!x>, tensor<4x3x3x3x!w>) -> tensor<2x4x8x8x!y>
  %p = qnn.avg_pool2d %a {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>} : (tensor<2x4x8x8x!y>) -> tensor<2x4x4x4x!y>
  %c1 = arith.constant dense<-1> : tensor<5x4x1x1xi8>
  %w1 = quant.scast %c1 : tensor<5x4x1x1xi8> to tensor<5x4x1x1x!w>
  %b = qnn.conv2d %p, %w1 : (tensor<2x4x4x4x!y>, tensor<5x4x1x1x!w>) -> tensor<2x5x4x4x!y>
  return %b : tensor<2x5x4x4x!y>
}

// -----

// A global average pool after a conv reads its NHWC result: the [N, C]
// means need no transpose, so only the input's transpose remains.
// CHECK-LABEL: func.func @conv_global_avg_pool
// CHECK-COUNT-1: linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// CHECK-NOT: linalg.transpose
// CHECK: tensor.expand_shape
// CHECK-NOT: linalg.transpose
!x = !quant.uniform<i8:f32, 0.05:-3>
!w = !quant.uniform<i8<-127:127>:f32, 0.02>
!y = !quant.uniform<i8:f32, 0.1:5>
func.func @conv_global_avg_pool(%x: tensor<1x3x7x7x!x>) -> tensor<1x4x1x1x!y> {
  %c0 = arith.constant dense<1> : tensor<4x3x3x3xi8>
  %w0 = quant.scast %c0 : tensor<4x3x3x3xi8> to tensor<4x3x3x3x!w>
  %a = qnn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<1x3x7x7x!x>, tensor<4x3x3x3x!w>) -> tensor<1x4x7x7x!y>
  %g = qnn.global_avg_pool2d %a : (tensor<1x4x7x7x!y>) -> tensor<1x4x1x1x!y>
  return %g : tensor<1x4x1x1x!y>
}
