// RUN: quant-opt %s -split-input-file --qnn-propagate-scales | FileCheck %s

!in = !quant.uniform<u8:f32, 0.1>
!a = !quant.uniform<u8:f32, 0.02>
!b = !quant.uniform<u8:f32, 0.5:10>
!out = !quant.uniform<u8:f32, 0.05>
!w = !quant.uniform<i8<-127:127>:f32, 0.01>

// The conv feeds only the concat: it writes the concat's type directly. The
// argument is used elsewhere too: it is requantized.
// CHECK-LABEL: func.func @concat(
// CHECK: %[[C:.*]] = qnn.conv2d {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[R:.*]] = qnn.requantize %arg1 : tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-01:10>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[Y:.*]] = qnn.concat %[[C]], %[[R]]
// CHECK: return %[[Y]], %arg1
func.func @concat(%x: tensor<1x1x2x2x!in>, %b: tensor<1x2x2x2x!b>) -> (tensor<1x4x2x2x!out>, tensor<1x2x2x2x!b>) {
  %ws = arith.constant dense<1> : tensor<2x1x1x1xi8>
  %w = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %0 = qnn.conv2d %x, %w : (tensor<1x1x2x2x!in>, tensor<2x1x1x1x!w>) -> tensor<1x2x2x2x!a>
  %1 = qnn.concat %0, %b {axis = 1 : i64} : (tensor<1x2x2x2x!a>, tensor<1x2x2x2x!b>) -> tensor<1x4x2x2x!out>
  return %1, %b : tensor<1x4x2x2x!out>, tensor<1x2x2x2x!b>
}

// -----

!a = !quant.uniform<u8:f32, 0.02>
!b = !quant.uniform<u8:f32, 0.05>

// A float round trip between two quantized types becomes a requantize; one
// to the same type disappears.
// CHECK-LABEL: func.func @dequantize_quantize(
// CHECK-NEXT: %[[R:.*]] = qnn.requantize %arg0 : tensor<4x!quant.uniform<u8:f32, 2.000000e-02>> -> tensor<4x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK-NEXT: return %[[R]], %arg0
func.func @dequantize_quantize(%x: tensor<4x!a>) -> (tensor<4x!b>, tensor<4x!a>) {
  %0 = qnn.dequantize %x : tensor<4x!a> -> tensor<4xf32>
  %1 = qnn.quantize %0 : tensor<4xf32> -> tensor<4x!b>
  %2 = qnn.quantize %0 : tensor<4xf32> -> tensor<4x!a>
  return %1, %2 : tensor<4x!b>, tensor<4x!a>
}

// -----

!a = !quant.uniform<u8:f32, 0.02>
!b = !quant.uniform<u8:f32, 0.05:3>
!c = !quant.uniform<u8:f32, 0.1>

// A residual add already rescales each operand into its output type
// (DESIGN's add rule), and a max pool keeps its operand's: nothing to do.
// CHECK-LABEL: func.func @add_and_pool(
// CHECK-NOT: qnn.requantize
// CHECK: qnn.add %arg0, %arg1
// CHECK: qnn.max_pool2d
func.func @add_and_pool(%x: tensor<1x1x2x2x!a>, %y: tensor<1x1x2x2x!b>) -> tensor<1x1x1x1x!c> {
  %0 = qnn.add %x, %y : (tensor<1x1x2x2x!a>, tensor<1x1x2x2x!b>) -> tensor<1x1x2x2x!c>
  %1 = qnn.max_pool2d %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2x!c>) -> tensor<1x1x1x1x!c>
  return %1 : tensor<1x1x1x1x!c>
}
