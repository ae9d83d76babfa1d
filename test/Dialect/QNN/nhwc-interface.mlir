// RUN: quant-opt %s -split-input-file --qnn-nhwc-interface | FileCheck %s

// A conv between two images: both get the NHWC layout, read and returned
// through transposes; the rank-2 output keeps its type.
// CHECK-LABEL: func.func @conv(
// CHECK-SAME: %[[X:.*]]: tensor<1x8x6x3xf32> {qnn.layout = "nhwc", qnn.name = "image"}
// CHECK-SAME: %[[V:.*]]: tensor<2x5xf32>
// CHECK-SAME: -> (tensor<1x8x6x4xf32> {qnn.layout = "nhwc"}, tensor<2x5xf32>)
// CHECK-NEXT: %[[T:.*]] = qnn.transpose %[[X]] {perm = array<i64: 0, 3, 1, 2>} : tensor<1x8x6x3xf32> -> tensor<1x3x8x6xf32>
// CHECK: %[[Y:.*]] = qnn.conv2d %[[T]],
// CHECK-NEXT: %[[R:.*]] = qnn.transpose %[[Y]] {perm = array<i64: 0, 2, 3, 1>} : tensor<1x4x8x6xf32> -> tensor<1x8x6x4xf32>
// CHECK-NEXT: return %[[R]], %[[V]]
func.func @conv(%x: tensor<1x3x8x6xf32> {qnn.name = "image"}, %v: tensor<2x5xf32>) -> (tensor<1x4x8x6xf32>, tensor<2x5xf32>) {
  %w = arith.constant dense<1.0> : tensor<4x3x1x1xf32>
  %y = qnn.conv2d %x, %w : (tensor<1x3x8x6xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x8x6xf32>
  return %y, %v : tensor<1x4x8x6xf32>, tensor<2x5xf32>
}

// -----

// Quantized images keep their element type; an argument returned as it is
// goes through both transposes (which fold away in the lowering). Private
// functions and declarations are left alone, and so is an argument that
// already has a layout.
!q = !quant.uniform<u8:f32, 0.1:128>
// CHECK-LABEL: func.func @quantized(
// CHECK-SAME: %[[X:.*]]: tensor<2x4x4x3x!quant.uniform<u8:f32, 1.000000e-01:128>> {qnn.layout = "nhwc"}
// CHECK-SAME: %[[Z:.*]]: tensor<1x2x3x4xf32> {qnn.layout = "nchw"}
// CHECK-SAME: -> (tensor<2x4x4x3x!quant.uniform<u8:f32, 1.000000e-01:128>> {qnn.layout = "nhwc"}, tensor<1x3x4x2xf32> {qnn.layout = "nhwc"})
// CHECK-NEXT: %[[T:.*]] = qnn.transpose %[[X]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK-NEXT: %[[R:.*]] = qnn.transpose %[[T]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK-NEXT: %[[S:.*]] = qnn.transpose %[[Z]] {perm = array<i64: 0, 2, 3, 1>} : tensor<1x2x3x4xf32> -> tensor<1x3x4x2xf32>
// CHECK-NEXT: return %[[R]], %[[S]]
func.func @quantized(%x: tensor<2x3x4x4x!q>, %z: tensor<1x2x3x4xf32> {qnn.layout = "nchw"}) -> (tensor<2x3x4x4x!q>, tensor<1x2x3x4xf32>) {
  return %x, %z : tensor<2x3x4x4x!q>, tensor<1x2x3x4xf32>
}
// CHECK-LABEL: func.func private @helper(%{{.*}}: tensor<1x2x3x4xf32>{{.*}}) -> tensor<1x2x3x4xf32>
func.func private @helper(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  return %x : tensor<1x2x3x4xf32>
}
// CHECK-LABEL: func.func private @external(tensor<1x2x3x4xf32>)
func.func private @external(tensor<1x2x3x4xf32>)
