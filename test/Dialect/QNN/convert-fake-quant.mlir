// RUN: quant-opt %s -split-input-file --qnn-convert-fake-quant | FileCheck %s

// QAT conv (+ relu) with a per-channel weight given as scast + dequantize
// (-128 included: ONNX int8 range), then a fully_connected. The weights are
// used as given, the float biases become i32 at s_in * s_w, the quantize
// moves above the relu (exact), and nothing is requantized.
// CHECK-LABEL: func.func @conv_relu_fc(
// CHECK: %[[X:.*]] = qnn.quantize %arg0 : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK-DAG: %[[W:.*]] = quant.scast %{{.*}} : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02}>>
// CHECK-DAG: %[[BS:.*]] = arith.constant dense<[500, -250]> : tensor<2xi32>
// CHECK-DAG: %[[B:.*]] = quant.scast %[[BS]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {1.000000e-03,2.000000e-03}>>
// CHECK: %[[C:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[R:.*]] = qnn.relu %[[C]] : tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK: %[[F:.*]] = qnn.flatten %[[R]]
// CHECK: %[[Y:.*]] = qnn.fully_connected %[[F]], %{{.*}} : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 2.500000e-01:128>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Y]]
// CHECK: return %[[D]]
func.func @conv_relu_fc(%x: tensor<1x1x2x2xf32>) -> tensor<1x2xf32> {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x1x2x2xf32>
  %ws = arith.constant dense<[[[[127]]], [[[-128]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.02}>>
  %w = qnn.dequantize %wq : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.02}>> -> tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = qnn.conv2d %x0, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.relu %0 : tensor<1x2x2x2xf32>
  %2 = qnn.fake_quant %1 {qtype = !quant.uniform<u8:f32, 0.05>} : tensor<1x2x2x2xf32>
  %3 = qnn.flatten %2 : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %fs = arith.constant dense<1> : tensor<2x8xi8>
  %fq = quant.scast %fs : tensor<2x8xi8> to tensor<2x8x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %fw = qnn.dequantize %fq : tensor<2x8x!quant.uniform<i8:f32:0, {0.5, 0.25}>> -> tensor<2x8xf32>
  %4 = qnn.fully_connected %3, %fw : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<1x2xf32>
  %5 = qnn.fake_quant %4 {qtype = !quant.uniform<u8:f32, 0.25:128>} : tensor<1x2xf32>
  return %5 : tensor<1x2xf32>
}

// -----

// A fake_quant on a float constant weight is folded to an integer constant
// with its own type (rne(w / s), clamped), no requantization.
// CHECK-LABEL: func.func @fake_quant_weight(
// CHECK: %[[WS:.*]] = arith.constant dense<{{\[\[}}10, -128], [3, 0]]> : tensor<2x2xi8>
// CHECK: %[[W:.*]] = quant.scast %[[WS]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK: qnn.fully_connected %{{.*}}, %[[W]] : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 5.000000e-01>>
func.func @fake_quant_weight(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x2xf32>
  %w = arith.constant dense<[[1.0, -20.0], [0.3, 0.0]]> : tensor<2x2xf32>
  %wf = qnn.fake_quant %w {qtype = !quant.uniform<i8:f32, 0.1>} : tensor<2x2xf32>
  %0 = qnn.fully_connected %x0, %wf : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qnn.fake_quant %0 {qtype = !quant.uniform<u8:f32, 0.5>} : tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Residual add and concat take their operands in their own types and write
// the type of the fake_quant after them.
// CHECK-LABEL: func.func @add_concat(
// CHECK: %[[A:.*]] = qnn.quantize %arg0 : {{.*}} -> tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK: %[[B:.*]] = qnn.quantize %arg1 : {{.*}} -> tensor<1x4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK: %[[S:.*]] = qnn.add %[[A]], %[[B]] : {{.*}} -> tensor<1x4x!quant.uniform<u8:f32, 3.000000e-01:20>>
// CHECK: %[[C:.*]] = qnn.concat %[[S]], %[[A]] {{.*}} -> tensor<1x8x!quant.uniform<u8:f32, 4.000000e-01>>
// CHECK: qnn.dequantize %[[C]]
func.func @add_concat(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %a0 = qnn.fake_quant %a {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x4xf32>
  %b0 = qnn.fake_quant %b {qtype = !quant.uniform<u8:f32, 0.2:10>} : tensor<1x4xf32>
  %0 = qnn.add %a0, %b0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = qnn.fake_quant %0 {qtype = !quant.uniform<u8:f32, 0.3:20>} : tensor<1x4xf32>
  %2 = qnn.concat %1, %a0 {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  %3 = qnn.fake_quant %2 {qtype = !quant.uniform<u8:f32, 0.4>} : tensor<1x8xf32>
  return %3 : tensor<1x8xf32>
}

// -----

// A float op between two quantized ops (softmax has no INT8 form) stays
// float between a dequantize and a quantize; an add whose result has no
// fake_quant after it stays float too.
// CHECK-LABEL: func.func @float_between(
// CHECK: %[[Y:.*]] = qnn.fully_connected {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Y]]
// CHECK: %[[S:.*]] = qnn.softmax %[[D]] : tensor<1x2xf32>
// CHECK: %[[Q:.*]] = qnn.quantize %[[S]] : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 0.0039215686274509803>>
// CHECK: %[[Z:.*]] = qnn.add %[[Q]], %[[Q]] : {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 0.0078431372549019607>>
// CHECK: %[[E:.*]] = qnn.dequantize %[[Z]]
// CHECK: qnn.add %[[E]], %[[E]] : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
func.func @float_between(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x2xf32>
  %ws = arith.constant dense<1> : tensor<2x2xi8>
  %wq = quant.scast %ws : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32, 0.5>>
  %w = qnn.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<2x2xf32>
  %0 = qnn.fully_connected %x0, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qnn.fake_quant %0 {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x2xf32>
  %2 = qnn.softmax %1 : tensor<1x2xf32>
  %3 = qnn.fake_quant %2 {qtype = !quant.uniform<u8:f32, 0.0039215686274509803>} : tensor<1x2xf32>
  %4 = qnn.add %3, %3 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %5 = qnn.fake_quant %4 {qtype = !quant.uniform<u8:f32, 0.0078431372549019607>} : tensor<1x2xf32>
  %6 = qnn.add %5, %5 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %6 : tensor<1x2xf32>
}

// -----

// Weights the verifier rejects for static INT8 (a per-channel weight with a
// non-zero zero point) and float weights without a fake_quant leave the op
// float, silently; the weight is dequantized as given, and the fake_quants
// around the float ops stay as quantize + dequantize pairs (the model's
// rounding).
// CHECK-LABEL: func.func @keeps_float(
// CHECK: %[[Q:.*]] = qnn.quantize %arg0
// CHECK: %[[X:.*]] = qnn.dequantize %[[Q]]
// CHECK: %[[W:.*]] = qnn.dequantize %{{.*}} : tensor<2x2x!quant.uniform<i8:f32:0, {5.000000e-01:1,5.000000e-01:2}>> -> tensor<2x2xf32>
// CHECK: %[[Y:.*]] = qnn.fully_connected %[[X]], %[[W]] : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
// CHECK: %[[YQ:.*]] = qnn.quantize %[[Y]]
// CHECK: qnn.dequantize %[[YQ]]
// CHECK: qnn.fully_connected %[[X]], %{{.*}} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
func.func @keeps_float(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x2xf32>
  %ws = arith.constant dense<1> : tensor<2x2xi8>
  %wq = quant.scast %ws : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32:0, {0.5:1, 0.5:2}>>
  %w = qnn.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32:0, {0.5:1, 0.5:2}>> -> tensor<2x2xf32>
  %0 = qnn.fully_connected %x0, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qnn.fake_quant %0 {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x2xf32>
  %fw = arith.constant dense<0.5> : tensor<2x2xf32>
  %2 = qnn.fully_connected %x0, %fw : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %3 = qnn.fake_quant %2 {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x2xf32>
  return %1, %3 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// A global average pool keeps its operand's type (no fake_quant after it,
// as in PyTorch QAT exports), so the fully_connected behind it is INT8.
// CHECK-LABEL: func.func @avg_pool_fc(
// CHECK: %[[P:.*]] = qnn.global_avg_pool2d %{{.*}} -> tensor<1x2x1x1x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK: %[[F:.*]] = qnn.flatten %[[P]]
// CHECK: qnn.fully_connected %[[F]], {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 5.000000e-01>>
func.func @avg_pool_fc(%x: tensor<1x2x2x2xf32>) -> tensor<1x2xf32> {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x2x2x2xf32>
  %0 = qnn.global_avg_pool2d %x0 : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %1 = qnn.flatten %0 : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  %ws = arith.constant dense<1> : tensor<2x2xi8>
  %wq = quant.scast %ws : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %w = qnn.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>> -> tensor<2x2xf32>
  %2 = qnn.fully_connected %1, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %3 = qnn.fake_quant %2 {qtype = !quant.uniform<u8:f32, 0.5>} : tensor<1x2xf32>
  return %3 : tensor<1x2xf32>
}

// -----

// QAT depthwise conv + relu6 (a clamp the quantize moves above) and a
// residual add back to the input. The per-channel weight is used as given
// (axis 0, one scale per channel even though each has one input channel),
// the float bias becomes i32 at s_in * s_w = [0.1 * 0.01, 0.1 * 0.04]:
// [0.25 / 0.001, -0.5 / 0.004] = [250, -125]. The add reads the clamp in
// the conv's type and the input in its own.
// CHECK-LABEL: func.func @depthwise_relu6_residual(
// CHECK: %[[X:.*]] = qnn.quantize %arg0 : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-DAG: %[[W:.*]] = quant.scast %{{.*}} : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {1.000000e-02,4.000000e-02}>>
// CHECK-DAG: %[[BS:.*]] = arith.constant dense<[250, -125]> : tensor<2xi32>
// CHECK-DAG: %[[B:.*]] = quant.scast %[[BS]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {1.000000e-03,4.000000e-03}>>
// CHECK: %[[C:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {groups = 2 : i64} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 2.500000e-02>>
// CHECK: %[[R:.*]] = qnn.clamp %[[C]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x2x2x2x!quant.uniform<u8:f32, 2.500000e-02>>
// CHECK: %[[A:.*]] = qnn.add %[[R]], %[[X]] : (tensor<1x2x2x2x!quant.uniform<u8:f32, 2.500000e-02>>, tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02:64>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[A]]
// CHECK: return %[[D]]
func.func @depthwise_relu6_residual(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1:128>} : tensor<1x2x2x2xf32>
  %ws = arith.constant dense<[[[[100]]], [[[-50]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.04}>>
  %w = qnn.dequantize %wq : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.04}>> -> tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.25, -0.5]> : tensor<2xf32>
  %0 = qnn.conv2d %x0, %w, %b {groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x2x2xf32>
  %2 = qnn.fake_quant %1 {qtype = !quant.uniform<u8:f32, 0.025>} : tensor<1x2x2x2xf32>
  %3 = qnn.add %2, %x0 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = qnn.fake_quant %3 {qtype = !quant.uniform<u8:f32, 0.05:64>} : tensor<1x2x2x2xf32>
  return %4 : tensor<1x2x2x2xf32>
}

// -----

// A conv2d whose output fake_quant is missing is not quantized next: it
// stays float behind its input's dequantize, its weight dequantized as
// given; the concat after it has no fake_quant either and stays float.
// CHECK-LABEL: func.func @conv2d_and_concat_without_output_fake_quant(
// CHECK: %[[X:.*]] = qnn.quantize %arg0
// CHECK: %[[XD:.*]] = qnn.dequantize %[[X]]
// CHECK: %[[W:.*]] = qnn.dequantize %{{.*}} : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02}>> -> tensor<2x1x1x1xf32>
// CHECK: %[[C:.*]] = qnn.conv2d %[[XD]], %[[W]] : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[J:.*]] = qnn.concat %[[C]], %[[C]] {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK: return %[[J]]
func.func @conv2d_and_concat_without_output_fake_quant(%x: tensor<1x1x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x1x2x2xf32>
  %ws = arith.constant dense<1> : tensor<2x1x1x1xi8>
  %wq = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.02}>>
  %w = qnn.dequantize %wq : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.02}>> -> tensor<2x1x1x1xf32>
  %0 = qnn.conv2d %x0, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.concat %0, %0 {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}

// -----

// u8 weights (an ONNX Q/DQ model may give them) are not what the kernels
// take (s8 x u8): the conv2d stays float, its weight dequantized as given.
// CHECK-LABEL: func.func @u8_weight_stays_float(
// CHECK: %[[W:.*]] = qnn.dequantize %{{.*}} : tensor<2x1x1x1x!quant.uniform<u8:f32, 1.000000e-02:128>> -> tensor<2x1x1x1xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[W]] : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
func.func @u8_weight_stays_float(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %x0 = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32, 0.1>} : tensor<1x1x2x2xf32>
  %ws = arith.constant dense<[[[[200]]], [[[50]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %ws : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<u8:f32, 0.01:128>>
  %w = qnn.dequantize %wq : tensor<2x1x1x1x!quant.uniform<u8:f32, 0.01:128>> -> tensor<2x1x1x1xf32>
  %0 = qnn.conv2d %x0, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.fake_quant %0 {qtype = !quant.uniform<u8:f32, 0.05>} : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// A 4-bit activation (fake_quant may say i4) is not one the integer
// kernels read: the relu neither takes the quantize above it nor the
// dequantize below it, and stays float between the Q/DQ pairs.
// CHECK-LABEL: func.func @i4_activation_stays_float(
// CHECK: %[[Q:.*]] = qnn.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i4:f32, 1.000000e-01>>
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK: %[[R:.*]] = qnn.relu %[[D]] : tensor<4xf32>
// CHECK: qnn.quantize %[[R]] : tensor<4xf32> -> tensor<4x!quant.uniform<i4:f32, 1.000000e-01>>
func.func @i4_activation_stays_float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.fake_quant %x {qtype = !quant.uniform<i4:f32, 0.1>} : tensor<4xf32>
  %1 = qnn.relu %0 : tensor<4xf32>
  %2 = qnn.fake_quant %1 {qtype = !quant.uniform<i4:f32, 0.1>} : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Likewise the quantize after a relu does not move above it into i4.
// CHECK-LABEL: func.func @i4_quantize_stays_below_relu(
// CHECK: %[[R:.*]] = qnn.relu %arg0 : tensor<4xf32>
// CHECK: qnn.quantize %[[R]] : tensor<4xf32> -> tensor<4x!quant.uniform<i4:f32, 1.000000e-01>>
func.func @i4_quantize_stays_below_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x : tensor<4xf32>
  %1 = qnn.fake_quant %0 {qtype = !quant.uniform<i4:f32, 0.1>} : tensor<4xf32>
  return %1 : tensor<4xf32>
}
