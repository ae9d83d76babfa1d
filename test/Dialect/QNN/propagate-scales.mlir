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

// -----

!in = !quant.uniform<u8:f32, 0.1>
!a = !quant.uniform<u8:f32, 0.02>
!out = !quant.uniform<u8:f32, 0.05>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>

// A depthwise conv feeding only the concat writes the concat's type, its
// per-channel weight unchanged; the graph input beside it is requantized.
// CHECK-LABEL: func.func @depthwise_conv2d_into_concat(
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %{{.*}} {groups = 2 : i64} : (tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01>>, tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[R:.*]] = qnn.requantize %arg0 : tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[J:.*]] = qnn.concat %[[C]], %[[R]] {axis = 1 : i64}
// CHECK: return %[[J]]
func.func @depthwise_conv2d_into_concat(%x: tensor<1x2x2x2x!in>) -> tensor<1x4x2x2x!out> {
  %ws = arith.constant dense<1> : tensor<2x1x1x1xi8>
  %w = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %0 = qnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x2x2x2x!in>, tensor<2x1x1x1x!w>) -> tensor<1x2x2x2x!a>
  %1 = qnn.concat %0, %x {axis = 1 : i64} : (tensor<1x2x2x2x!a>, tensor<1x2x2x2x!in>) -> tensor<1x4x2x2x!out>
  return %1 : tensor<1x4x2x2x!out>
}

// -----

!in = !quant.uniform<u8:f32, 0.1>
!a = !quant.uniform<u8:f32, 0.02>
!out = !quant.uniform<u8:f32, 0.05>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>

// A fully_connected whose result is also returned keeps its type: the
// concat gets it through a requantize (one per operand use).
// CHECK-LABEL: func.func @fully_connected_with_two_uses(
// CHECK: %[[Y:.*]] = qnn.fully_connected %arg0, %{{.*}} : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 2.000000e-02>>
// CHECK: %[[R0:.*]] = qnn.requantize %[[Y]] : tensor<1x2x!quant.uniform<u8:f32, 2.000000e-02>> -> tensor<1x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[R1:.*]] = qnn.requantize %[[Y]] : tensor<1x2x!quant.uniform<u8:f32, 2.000000e-02>> -> tensor<1x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[J:.*]] = qnn.concat %[[R0]], %[[R1]] {axis = 1 : i64}
// CHECK: return %[[J]], %[[Y]]
func.func @fully_connected_with_two_uses(%f: tensor<1x8x!in>) -> (tensor<1x4x!out>, tensor<1x2x!a>) {
  %fs = arith.constant dense<1> : tensor<2x8xi8>
  %fw = quant.scast %fs : tensor<2x8xi8> to tensor<2x8x!w>
  %0 = qnn.fully_connected %f, %fw : (tensor<1x8x!in>, tensor<2x8x!w>) -> tensor<1x2x!a>
  %1 = qnn.concat %0, %0 {axis = 1 : i64} : (tensor<1x2x!a>, tensor<1x2x!a>) -> tensor<1x4x!out>
  return %1, %0 : tensor<1x4x!out>, tensor<1x2x!a>
}

// -----

!a = !quant.uniform<u8:f32, 0.02>
!b = !quant.uniform<u8:f32, 0.04:3>
!out = !quant.uniform<u8:f32, 0.05>

// A residual add used only by the concat writes the concat's type (it
// rescales its operands itself), so does a requantize used only by the
// concat (one rounding, not two); an operand already in the concat's type
// is used as it is.
// CHECK-LABEL: func.func @residual_add_and_requantize_into_concat(
// CHECK: %[[A:.*]] = qnn.add %arg0, %arg1 : (tensor<1x4x!quant.uniform<u8:f32, 2.000000e-02>>, tensor<1x4x!quant.uniform<u8:f32, 4.000000e-02:3>>) -> tensor<1x4x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[R:.*]] = qnn.requantize %arg0 : tensor<1x4x!quant.uniform<u8:f32, 2.000000e-02>> -> tensor<1x4x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK-NOT: qnn.requantize
// CHECK: %[[J:.*]] = qnn.concat %[[A]], %[[R]], %arg2 {axis = 1 : i64}
// CHECK: return %[[J]]
func.func @residual_add_and_requantize_into_concat(%x: tensor<1x4x!a>, %y: tensor<1x4x!b>, %z: tensor<1x4x!out>) -> tensor<1x12x!out> {
  %0 = qnn.add %x, %y : (tensor<1x4x!a>, tensor<1x4x!b>) -> tensor<1x4x!b>
  %1 = qnn.requantize %x : tensor<1x4x!a> -> tensor<1x4x!b>
  %2 = qnn.concat %0, %1, %z {axis = 1 : i64} : (tensor<1x4x!b>, tensor<1x4x!b>, tensor<1x4x!out>) -> tensor<1x12x!out>
  return %2 : tensor<1x12x!out>
}

// -----

!in = !quant.uniform<u8:f32, 0.1>
!a = !quant.uniform<u8:f32, 0.02>
!w = !quant.uniform<i8<-127:127>:f32, 0.01>

// A conv2d that feeds no concat keeps the type it writes.
// CHECK-LABEL: func.func @conv2d_without_concat(
// CHECK-NOT: qnn.requantize
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %{{.*}} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 2.000000e-02>>
// CHECK-NEXT: return %[[C]]
func.func @conv2d_without_concat(%x: tensor<1x1x2x2x!in>) -> tensor<1x2x2x2x!a> {
  %ws = arith.constant dense<1> : tensor<2x1x1x1xi8>
  %w = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %0 = qnn.conv2d %x, %w : (tensor<1x1x2x2x!in>, tensor<2x1x1x1x!w>) -> tensor<1x2x2x2x!a>
  return %0 : tensor<1x2x2x2x!a>
}

// -----

// A float concat (it stayed float) is left alone.
// CHECK-LABEL: func.func @float_concat(
// CHECK-NOT: qnn.requantize
// CHECK: %[[J:.*]] = qnn.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
// CHECK-NEXT: return %[[J]]
func.func @float_concat(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %0 = qnn.concat %x, %y {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// A quantize of a dequantize feeding a concat: one requantize straight into
// the concat's type, however the pattern order goes.

!a = !quant.uniform<u8:f32, 0.02>
!b = !quant.uniform<u8:f32, 0.04:3>
!out = !quant.uniform<u8:f32, 0.05>

// CHECK-LABEL: func.func @qdq_into_concat
// CHECK: %[[R:.*]] = qnn.requantize %arg0 : tensor<1x4x!quant.uniform<u8:f32, 2.000000e-02>> -> tensor<1x4x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK-NOT: qnn.requantize
// CHECK: qnn.concat %[[R]], %arg1
func.func @qdq_into_concat(%x: tensor<1x4x!a>, %z: tensor<1x4x!out>) -> tensor<1x8x!out> {
  %d = qnn.dequantize %x : tensor<1x4x!a> -> tensor<1x4xf32>
  %q = qnn.quantize %d : tensor<1x4xf32> -> tensor<1x4x!b>
  %1 = qnn.concat %q, %z {axis = 1 : i64} : (tensor<1x4x!b>, tensor<1x4x!out>) -> tensor<1x8x!out>
  return %1 : tensor<1x8x!out>
}

// -----

// Two requantizes in a row merge when the middle type holds every value of
// the first ([0, 5.1] within [-0.12, 10.08]); when it clips ([0, 2.55]) the
// chain stays, since the clip is part of what the model computes.

!a = !quant.uniform<u8:f32, 0.02>
!wide = !quant.uniform<u8:f32, 0.04:3>
!narrow = !quant.uniform<u8:f32, 0.01>
!out = !quant.uniform<u8:f32, 0.05>

// CHECK-LABEL: func.func @requantize_chains
// CHECK: qnn.requantize %arg0 : tensor<4x!quant.uniform<u8:f32, 2.000000e-02>> -> tensor<4x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[N:.*]] = qnn.requantize %arg0 : tensor<4x!quant.uniform<u8:f32, 2.000000e-02>> -> tensor<4x!quant.uniform<u8:f32, 1.000000e-02>>
// CHECK: qnn.requantize %[[N]] : tensor<4x!quant.uniform<u8:f32, 1.000000e-02>> -> tensor<4x!quant.uniform<u8:f32, 5.000000e-02>>
func.func @requantize_chains(%x: tensor<4x!a>) -> (tensor<4x!out>, tensor<4x!out>) {
  %0 = qnn.requantize %x : tensor<4x!a> -> tensor<4x!wide>
  %1 = qnn.requantize %0 : tensor<4x!wide> -> tensor<4x!out>
  %2 = qnn.requantize %x : tensor<4x!a> -> tensor<4x!narrow>
  %3 = qnn.requantize %2 : tensor<4x!narrow> -> tensor<4x!out>
  return %1, %3 : tensor<4x!out>, tensor<4x!out>
}
