// RUN: quant-opt %s -split-input-file --qnn-fuse-activations | FileCheck %s

// relu(conv2d) -> conv2d {relu}.
// CHECK-LABEL: func.func @relu_into_conv2d(
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}} {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @relu_into_conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x6x6xf32> {
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %1 = qnn.relu %0 : tensor<1x4x6x6xf32>
  return %1 : tensor<1x4x6x6xf32>
}

// -----

// clamp [0, 6] becomes relu6.
// CHECK-LABEL: func.func @relu6_into_depthwise_conv2d(
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}} {activation = #qnn.activation<relu6>, groups = 4 : i64
// CHECK-NOT: qnn.clamp
// CHECK: return %[[Y]]
func.func @relu6_into_depthwise_conv2d(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x8x8xf32>
  return %1 : tensor<1x4x8x8xf32>
}

// -----

// Any other clamp keeps its bounds.
// CHECK-LABEL: func.func @clamp_into_fully_connected(
// CHECK: %[[Y:.*]] = qnn.fully_connected {{.*}} {activation = #qnn.activation<clamp [-1.500000e+00, 2.000000e+00]>}
// CHECK-NOT: qnn.clamp
// CHECK: return %[[Y]]
func.func @clamp_into_fully_connected(%x: tensor<2x16xf32>, %w: tensor<4x16xf32>) -> tensor<2x4xf32> {
  %0 = qnn.fully_connected %x, %w : (tensor<2x16xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>
  %1 = qnn.clamp %0 {min = -1.5 : f32, max = 2.0 : f32} : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @relu_into_matmul(
// CHECK: %[[Y:.*]] = qnn.matmul {{.*}} {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @relu_into_matmul(%a: tensor<2x4x8xf32>, %b: tensor<8x3xf32>) -> tensor<2x4x3xf32> {
  %0 = qnn.matmul %a, %b : (tensor<2x4x8xf32>, tensor<8x3xf32>) -> tensor<2x4x3xf32>
  %1 = qnn.relu %0 : tensor<2x4x3xf32>
  return %1 : tensor<2x4x3xf32>
}

// -----

// The add of a residual connection, not the conv2d before it.
// CHECK-LABEL: func.func @relu_into_residual_add(
// CHECK: %[[C:.*]] = qnn.conv2d
// CHECK-NOT: activation
// CHECK: %[[Y:.*]] = qnn.add %[[C]], {{.*}} {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @relu_into_residual_add(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = qnn.add %0, %x : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %2 = qnn.relu %1 : tensor<1x4x8x8xf32>
  return %2 : tensor<1x4x8x8xf32>
}

// -----

// Quantized: the relu has the producer's type, so it fuses the same way.
// CHECK-LABEL: func.func @relu_into_int8_conv2d(
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}} {activation = #qnn.activation<relu>}
// CHECK-SAME: -> tensor<1x4x6x6x!quant.uniform<u8:f32, 1.000000e-01:120>>
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @relu_into_int8_conv2d(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, %b: tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 0.1:120>> {
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.25, 0.5}>>, tensor<4x!quant.uniform<i32:f32:0, {0.005, 0.01, 0.0125, 0.025}>>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 0.1:120>>
  %1 = qnn.relu %0 : tensor<1x4x6x6x!quant.uniform<u8:f32, 0.1:120>>
  return %1 : tensor<1x4x6x6x!quant.uniform<u8:f32, 0.1:120>>
}

// -----

// CHECK-LABEL: func.func @relu6_into_int8_add(
// CHECK: %[[Y:.*]] = qnn.add {{.*}} {activation = #qnn.activation<relu6>}
// CHECK-SAME: -> tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:110>>
// CHECK-NOT: qnn.clamp
// CHECK: return %[[Y]]
func.func @relu6_into_int8_add(%a: tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<1x4x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.1:110>> {
  %0 = qnn.add %a, %b : (tensor<1x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x4x!quant.uniform<u8:f32, 0.04:120>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.1:110>>
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x!quant.uniform<u8:f32, 0.1:110>>
  return %1 : tensor<1x4x!quant.uniform<u8:f32, 0.1:110>>
}

// -----

// Any op with a fused activation (FusedActivationOpInterface) takes it:
// mul too.
// CHECK-LABEL: func.func @relu_into_mul(
// CHECK: %[[Y:.*]] = qnn.mul {{.*}} {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @relu_into_mul(%a: tensor<1x4x8x8xf32>, %s: tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %0 = qnn.mul %a, %s : (tensor<1x4x8x8xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = qnn.relu %0 : tensor<1x4x8x8xf32>
  return %1 : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @relu_into_dynamic_fully_connected(
// CHECK: %[[Y:.*]] = qnn.fully_connected {{.*}} input_scale({{.*}}) {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @relu_into_dynamic_fully_connected(%x: tensor<2x16xf32>, %w: tensor<4x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4xf32> {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<2x16xf32> -> tensor<2x16xui8>, tensor<f32>, tensor<i32>
  %0 = qnn.fully_connected %q, %w input_scale(%s, %z) : (tensor<2x16xui8>, tensor<4x16x!quant.uniform<i8:f32, 0.1>>, tensor<f32>, tensor<i32>) -> tensor<2x4xf32>
  %1 = qnn.relu %0 : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// Not fused: the unactivated value is still used.
// CHECK-LABEL: func.func @producer_with_two_uses(
// CHECK: %[[Y:.*]] = qnn.fully_connected
// CHECK-NOT: activation
// CHECK: %[[R:.*]] = qnn.relu %[[Y]]
// CHECK: return %[[Y]], %[[R]]
func.func @producer_with_two_uses(%x: tensor<2x16xf32>, %w: tensor<4x16xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = qnn.fully_connected %x, %w : (tensor<2x16xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>
  %1 = qnn.relu %0 : tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// A producer that already has an activation composes it with the new one:
// relu(relu6(x)) = relu6(x).
// CHECK-LABEL: func.func @producer_already_activated(
// CHECK: %[[Y:.*]] = qnn.fully_connected {{.*}} {activation = #qnn.activation<relu6>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @producer_already_activated(%x: tensor<2x16xf32>, %w: tensor<4x16xf32>) -> tensor<2x4xf32> {
  %0 = qnn.fully_connected %x, %w {activation = #qnn.activation<relu6>} : (tensor<2x16xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>
  %1 = qnn.relu %0 : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// Not fused: max_pool2d has no activation.
// CHECK-LABEL: func.func @relu_after_max_pool2d(
// CHECK: %[[P:.*]] = qnn.max_pool2d
// CHECK-NOT: activation
// CHECK: %[[R:.*]] = qnn.relu %[[P]]
// CHECK: return %[[R]]
func.func @relu_after_max_pool2d(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %0 = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %1 = qnn.relu %0 : tensor<1x4x4x4xf32>
  return %1 : tensor<1x4x4x4xf32>
}

// -----

// Not fused: no producer.
// CHECK-LABEL: func.func @relu_of_argument(
// CHECK: %[[R:.*]] = qnn.relu
// CHECK: return %[[R]]
func.func @relu_of_argument(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Relu then clip(0, 6) (how PyTorch exports relu6): both fuse, composed
// into relu6.
// CHECK-LABEL: func.func @relu_after_relu_after_conv2d(
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}} {activation = #qnn.activation<relu6>}
// CHECK-NOT: qnn.relu
// CHECK-NOT: qnn.clamp
// CHECK: return %[[Y]]
func.func @relu_after_relu_after_conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = qnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = qnn.relu %0 : tensor<1x4x6x6xf32>
  %2 = qnn.clamp %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x6x6xf32>
  return %2 : tensor<1x4x6x6xf32>
}

// -----

// A clamp to a single value is a constant, not an activation: no fusion.
// CHECK-LABEL: func.func @single_value_clamp_not_fused(
// CHECK: %[[Y:.*]] = qnn.fully_connected
// CHECK-NOT: activation
// CHECK: qnn.clamp %[[Y]]
func.func @single_value_clamp_not_fused(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) -> tensor<2x3xf32> {
  %0 = qnn.fully_connected %x, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %1 = qnn.clamp %0 {min = 1.0 : f32, max = 1.0 : f32} : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// clamp [0, +inf) is a relu.
// CHECK-LABEL: func.func @unbounded_clamp_is_relu(
// CHECK: qnn.fully_connected {{.*}} {activation = #qnn.activation<relu>}
func.func @unbounded_clamp_is_relu(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) -> tensor<2x3xf32> {
  %0 = qnn.fully_connected %x, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 0x7F800000 : f32} : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Not fused: a concat has no activation; the relu after it stays and the
// convs feeding it keep none either.
// CHECK-LABEL: func.func @relu_after_concat(
// CHECK: %[[A:.*]] = qnn.conv2d %arg0, %arg1 :
// CHECK: %[[C:.*]] = qnn.concat %[[A]], %arg0 {axis = 1 : i64} :
// CHECK-NOT: activation
// CHECK: %[[R:.*]] = qnn.relu %[[C]]
// CHECK: return %[[R]]
func.func @relu_after_concat(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x8x8x8xf32> {
  %0 = qnn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = qnn.concat %0, %x {axis = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32>
  %2 = qnn.relu %1 : tensor<1x8x8x8xf32>
  return %2 : tensor<1x8x8x8xf32>
}

// -----

// Not fused: the depthwise conv's result also feeds the residual add, so
// the relu6 on its other use stays; the add then takes the relu.
// CHECK-LABEL: func.func @depthwise_conv2d_with_two_uses(
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %arg1 {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} :
// CHECK: %[[R:.*]] = qnn.clamp %[[C]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
// CHECK: %[[A:.*]] = qnn.add %[[C]], %arg0 {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[R]], %[[A]]
func.func @depthwise_conv2d_with_two_uses(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) {
  %0 = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x8x8xf32>
  %2 = qnn.add %0, %x : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %3 = qnn.relu %2 : tensor<1x4x8x8xf32>
  return %1, %3 : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// -----

// Composed bounds: relu then clamp [-1, 2] is clamp [0, 2]; relu6 then
// clamp [1, 10] is clamp [1, 6].
// CHECK-LABEL: func.func @composed_clamps(
// CHECK: %[[A:.*]] = qnn.fully_connected {{.*}} {activation = #qnn.activation<clamp [0.000000e+00, 2.000000e+00]>}
// CHECK: %[[B:.*]] = qnn.conv2d {{.*}} {activation = #qnn.activation<clamp [1.000000e+00, 6.000000e+00]>}
// CHECK-NOT: qnn.clamp
// CHECK: return %[[A]], %[[B]]
func.func @composed_clamps(%x: tensor<2x16xf32>, %w: tensor<4x16xf32>, %y: tensor<1x3x8x8xf32>, %v: tensor<4x3x3x3xf32>) -> (tensor<2x4xf32>, tensor<1x4x6x6xf32>) {
  %0 = qnn.fully_connected %x, %w {activation = #qnn.activation<relu>} : (tensor<2x16xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>
  %1 = qnn.clamp %0 {min = -1.0 : f32, max = 2.0 : f32} : tensor<2x4xf32>
  %2 = qnn.conv2d %y, %v {activation = #qnn.activation<relu6>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %3 = qnn.clamp %2 {min = 1.0 : f32, max = 10.0 : f32} : tensor<1x4x6x6xf32>
  return %1, %3 : tensor<2x4xf32>, tensor<1x4x6x6xf32>
}

// -----

// Not fused: relu then clamp [-5, -1] is the constant -1, not an
// activation (the composed bounds are empty).
// CHECK-LABEL: func.func @disjoint_clamp_not_fused(
// CHECK: %[[Y:.*]] = qnn.fully_connected {{.*}} {activation = #qnn.activation<relu>}
// CHECK: %[[C:.*]] = qnn.clamp %[[Y]] {max = -1.000000e+00 : f32, min = -5.000000e+00 : f32}
// CHECK: return %[[C]]
func.func @disjoint_clamp_not_fused(%x: tensor<2x16xf32>, %w: tensor<4x16xf32>) -> tensor<2x4xf32> {
  %0 = qnn.fully_connected %x, %w {activation = #qnn.activation<relu>} : (tensor<2x16xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>
  %1 = qnn.clamp %0 {min = -5.0 : f32, max = -1.0 : f32} : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// matmul by a constant plus a constant bias (PyTorch's `x @ w + b`) is a
// fully_connected with the transposed weight; the relu after the add fuses
// too.

// CHECK-LABEL: func.func @matmul_bias_add
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = qnn.fully_connected %arg0, %[[W]], %[[B]] {activation = #qnn.activation<relu>} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @matmul_bias_add(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[[0.5, -0.5]]> : tensor<1x2xf32>
  %0 = qnn.matmul %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %1 = qnn.add %b, %0 : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %2 = qnn.relu %1 : tensor<3x2xf32>
  return %2 : tensor<3x2xf32>
}

// -----

// Left alone: a batched (3-D) lhs, a bias that is not a constant, and a
// matmul whose result is also used elsewhere.

// CHECK-LABEL: func.func @matmul_add_not_fused
// CHECK: qnn.matmul
// CHECK: qnn.add
// CHECK: qnn.matmul
// CHECK: qnn.add
// CHECK: qnn.matmul
// CHECK: qnn.add
// CHECK-NOT: qnn.fully_connected
func.func @matmul_add_not_fused(%x3: tensor<2x3x2xf32>, %x: tensor<3x2xf32>, %bias: tensor<2xf32>) -> (tensor<2x3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %0 = qnn.matmul %x3, %w : (tensor<2x3x2xf32>, tensor<2x2xf32>) -> tensor<2x3x2xf32>
  %1 = qnn.add %0, %b : (tensor<2x3x2xf32>, tensor<2xf32>) -> tensor<2x3x2xf32>
  %2 = qnn.matmul %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %3 = qnn.add %2, %bias : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %4 = qnn.matmul %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %5 = qnn.add %4, %b : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %1, %3, %5, %4 : tensor<2x3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}
