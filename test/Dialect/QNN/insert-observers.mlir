// RUN: quant-opt %s -split-input-file --qnn-insert-observers | FileCheck %s
// RUN: quant-opt %s -split-input-file --qnn-insert-observers --qnn-insert-observers | FileCheck %s

// Graph input and conv result observed; the constant weight is not.
// CHECK-LABEL: func.func @conv(
// CHECK-NEXT: %[[X:.*]] = qnn.observe %arg0
// CHECK-NEXT: arith.constant
// CHECK-NEXT: %[[Y:.*]] = qnn.conv2d %[[X]]
// CHECK-NEXT: %[[O:.*]] = qnn.observe %[[Y]]
// CHECK-NEXT: return %[[O]]
func.func @conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = qnn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Depthwise conv, then a max pool that inherits the conv's scale: one
// observer on the conv result, none on the pool result, which feeds the
// fully_connected through a flatten.
// CHECK-LABEL: func.func @depthwise_pool_fc(
// CHECK: %[[C:.*]] = qnn.conv2d {{.*}}groups = 2
// CHECK-NEXT: %[[CO:.*]] = qnn.observe %[[C]]
// CHECK-NEXT: %[[P:.*]] = qnn.max_pool2d %[[CO]]
// CHECK-NEXT: %[[F:.*]] = qnn.flatten %[[P]]
// CHECK: %[[Y:.*]] = qnn.fully_connected %[[F]]
// CHECK-NEXT: %[[YO:.*]] = qnn.observe %[[Y]]
// CHECK-NEXT: %[[S:.*]] = qnn.softmax %[[YO]]
// CHECK-NEXT: %[[SO:.*]] = qnn.observe %[[S]]
// CHECK-NEXT: %[[A:.*]] = qnn.add %[[SO]], %[[SO]]
// CHECK-NEXT: qnn.observe %[[A]]
// CHECK-NOT: qnn.observe
func.func @depthwise_pool_fc(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x3x3xf32>
  %fw = arith.constant dense<1.0> : tensor<3x8xf32>
  %0 = qnn.conv2d %x, %w {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.max_pool2d %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %2 = qnn.flatten %1 : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %3 = qnn.fully_connected %2, %fw : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  %4 = qnn.softmax %3 : tensor<1x3xf32>
  %5 = qnn.add %4, %4 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  return %5 : tensor<1x3xf32>
}

// -----

// Residual add and concat: each operand observed once, even when used by
// several quantized ops; the softmax output feeding the concat is observed.
// CHECK-LABEL: func.func @residual_and_concat(
// CHECK-NEXT: %[[A:.*]] = qnn.observe %arg0
// CHECK-NEXT: %[[B:.*]] = qnn.observe %arg1
// CHECK-NEXT: %[[S:.*]] = qnn.add %[[A]], %[[B]]
// CHECK-NEXT: %[[SO:.*]] = qnn.observe %[[S]]
// CHECK-NEXT: %[[M:.*]] = qnn.softmax %[[A]]
// CHECK-NEXT: %[[MO:.*]] = qnn.observe %[[M]]
// CHECK-NEXT: %[[C:.*]] = qnn.concat %[[SO]], %[[MO]], %[[A]]
// CHECK-NEXT: %[[CO:.*]] = qnn.observe %[[C]]
// CHECK-NEXT: return %[[CO]]
func.func @residual_and_concat(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> tensor<1x12xf32> {
  %0 = qnn.add %a, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = qnn.softmax %a : tensor<1x4xf32>
  %2 = qnn.concat %0, %1, %a {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x12xf32>
  return %2 : tensor<1x12xf32>
}

// -----

// A float-only graph gets no observer.
// CHECK-LABEL: func.func @float_only(
// CHECK-NOT: qnn.observe
func.func @float_only(%a: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qnn.softmax %a : tensor<1x4xf32>
  %1 = qnn.tanh %0 : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// fully_connected with a bias: the constant weight and bias are not
// observed, nor is the relu's result (it inherits the first
// fully_connected's scale: the second one reads it as it is). A weight
// that is a graph input is not an activation either.
// CHECK-LABEL: func.func @fully_connected_relu_fully_connected(
// CHECK-NEXT: %[[X:.*]] = qnn.observe %arg0
// CHECK-NEXT: %[[W:.*]] = arith.constant
// CHECK-NEXT: %[[B:.*]] = arith.constant
// CHECK-NEXT: %[[Y:.*]] = qnn.fully_connected %[[X]], %[[W]], %[[B]]
// CHECK-NEXT: %[[YO:.*]] = qnn.observe %[[Y]]
// CHECK-NEXT: %[[R:.*]] = qnn.relu %[[YO]]
// CHECK-NEXT: %[[Z:.*]] = qnn.fully_connected %[[R]], %arg1
// CHECK-NEXT: %[[ZO:.*]] = qnn.observe %[[Z]]
// CHECK-NEXT: return %[[ZO]]
func.func @fully_connected_relu_fully_connected(%x: tensor<1x4xf32>, %w2: tensor<2x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<3x4xf32>
  %b = arith.constant dense<0.5> : tensor<3xf32>
  %0 = qnn.fully_connected %x, %w, %b : (tensor<1x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %1 = qnn.relu %0 : tensor<1x3xf32>
  %2 = qnn.fully_connected %1, %w2 : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}

// -----

// A constant concat operand is not observed; the graph input and the
// result are.
// CHECK-LABEL: func.func @concat_with_constant(
// CHECK-NEXT: %[[X:.*]] = qnn.observe %arg0
// CHECK-NEXT: %[[C:.*]] = arith.constant
// CHECK-NEXT: %[[J:.*]] = qnn.concat %[[X]], %[[C]]
// CHECK-NEXT: %[[JO:.*]] = qnn.observe %[[J]]
// CHECK-NEXT: return %[[JO]]
func.func @concat_with_constant(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %c = arith.constant dense<1.0> : tensor<1x4xf32>
  %0 = qnn.concat %x, %c {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Tensors that are already quantized need no statistics.
// CHECK-LABEL: func.func @already_quantized(
// CHECK-NOT: qnn.observe
// CHECK: qnn.add %arg0, %arg1
// CHECK-NOT: qnn.observe
func.func @already_quantized(%a: tensor<1x4x!quant.uniform<u8:f32, 0.1>>, %b: tensor<1x4x!quant.uniform<u8:f32, 0.2:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.3>> {
  %0 = qnn.add %a, %b : (tensor<1x4x!quant.uniform<u8:f32, 0.1>>, tensor<1x4x!quant.uniform<u8:f32, 0.2:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.3>>
  return %0 : tensor<1x4x!quant.uniform<u8:f32, 0.3>>
}
