// RUN: quant-opt %s -split-input-file --qnn-fold-batchnorm | FileCheck %s

// k = scale / sqrt(var + eps) = 2 / sqrt(3 + 1) = 1; t = bias - mean * k.
// w' = w * k, b' = b * k + t = 1 * 1 + (0.5 - 2 * 1) = -0.5.
// CHECK-LABEL: func.func @conv_with_bias(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<3.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<-5.000000e-01> : tensor<1xf32>
// CHECK: %[[Y:.*]] = qnn.conv2d %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT: qnn.batch_norm
// CHECK: return %[[Y]]
func.func @conv_with_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qnn.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// Depthwise conv without bias: each output channel is scaled by its own k
// (k = [1, 2]); the new bias is t = beta - mean * k = [0 - 1, 1 - 2].
// CHECK-LABEL: func.func @depthwise_without_bias(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<-1.000000e+00> : tensor<2xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[W]], %[[B]] {groups = 2 : i64}
func.func @depthwise_without_bias(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %g = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// fully_connected: rows of the [N, K] weight are the channels.
// CHECK-LABEL: func.func @fully_connected(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, 2.000000e+00], [4.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: qnn.fully_connected %{{.*}}, %[[W]], %[[B]] :
func.func @fully_connected(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %g = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %beta = arith.constant dense<0.0> : tensor<2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qnn.fully_connected %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// After a residual add there is nothing to fold into: x * k + t with
// constants shaped [C, 1, 1] to broadcast along axis 1.
// CHECK-LABEL: func.func @after_residual_add(
// CHECK: %[[S:.*]] = qnn.add %arg0, %arg1
// CHECK: %[[M:.*]] = qnn.mul %[[S]], %{{.*}} : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[A:.*]] = qnn.add %[[M]], %{{.*}} : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK: return %[[A]]
func.func @after_residual_add(%a: tensor<1x2x4x4xf32>, %b: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %g = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<0.0> : tensor<2xf32>
  %m = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qnn.add %a, %b : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// A conv whose result is also used elsewhere keeps its weights; the
// batch_norm becomes mul + add. Concat is not a foldable producer either.
// CHECK-LABEL: func.func @producer_with_two_uses(
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %{{.*}} :
// CHECK: %[[M:.*]] = qnn.mul %[[C]]
// CHECK: qnn.add %[[M]]
// CHECK: qnn.concat %[[C]]
func.func @producer_with_two_uses(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %2 = qnn.concat %0, %1 {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// Parameters that are not constants: left alone.
// CHECK-LABEL: func.func @non_constant_parameters(
// CHECK: qnn.batch_norm
func.func @non_constant_parameters(%x: tensor<1x1x2x2xf32>, %g: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %0 = qnn.batch_norm %x, %g, %beta, %beta, %beta : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// fully_connected with a bias, a different k per channel:
// k = [4, 1.5] / sqrt([3, 8] + 1) = [2, 0.5], t = [0.5, 1] - [1, -1] * k =
// [-1.5, 1.5]; w' = [[1, -1] * 2, [0.5, 2] * 0.5], b' = [1, -2] * k + t.
// CHECK-LABEL: func.func @fully_connected_with_bias(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, -2.000000e+00], [2.500000e-01, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK: %[[Y:.*]] = qnn.fully_connected %arg0, %[[W]], %[[B]] : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK-NOT: qnn.batch_norm
// CHECK: return %[[Y]]
func.func @fully_connected_with_bias(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, -1.0], [0.5, 2.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %g = arith.constant dense<[4.0, 1.5]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = qnn.fully_connected %x, %w, %b : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// A concat is no foldable producer: it and the conv feeding it are left
// alone, the batch_norm after it becomes x * k + t with k = [2, 2] /
// sqrt([4, 16]) = [1, 0.5] and t = [1, -1] - [0.5, 0.25] * k.
// CHECK-LABEL: func.func @after_concat(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<3.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG: %[[K:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00]], {{\[\[}}5.000000e-01]]]> : tensor<2x1x1xf32>
// CHECK-DAG: %[[T:.*]] = arith.constant dense<{{\[\[\[}}5.000000e-01]], {{\[\[}}-1.125000e+00]]]> : tensor<2x1x1xf32>
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %[[W]] : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK: %[[J:.*]] = qnn.concat %[[C]], %arg1 {axis = 1 : i64}
// CHECK: %[[M:.*]] = qnn.mul %[[J]], %[[K]] : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[A:.*]] = qnn.add %[[M]], %[[T]] : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NOT: qnn.batch_norm
// CHECK: return %[[A]]
func.func @after_concat(%a: tensor<1x1x2x2xf32>, %b: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 16.0]> : tensor<2xf32>
  %0 = qnn.conv2d %a, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qnn.concat %0, %b {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = qnn.batch_norm %1, %g, %beta, %m, %v {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// A concat without a batch_norm is not touched.
// CHECK-LABEL: func.func @concat_alone(
// CHECK-NEXT: %[[J:.*]] = qnn.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: return %[[J]]
func.func @concat_alone(%a: tensor<1x1x2x2xf32>, %b: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// A conv that already applies an activation computes relu(conv), not conv:
// the batch_norm cannot be folded under the relu. The conv keeps its
// weight and activation; k = 2 / sqrt(3 + 1) = 1, t = 0.5 - 2 * 1.
// CHECK-LABEL: func.func @activated_conv(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<3.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG: %[[K:.*]] = arith.constant dense<1.000000e+00> : tensor<1x1x1xf32>
// CHECK-DAG: %[[T:.*]] = arith.constant dense<-1.500000e+00> : tensor<1x1x1xf32>
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %[[W]] {activation = #qnn.activation<relu>} :
// CHECK: %[[M:.*]] = qnn.mul %[[C]], %[[K]]
// CHECK: %[[A:.*]] = qnn.add %[[M]], %[[T]]
// CHECK: return %[[A]]
func.func @activated_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qnn.conv2d %x, %w {activation = #qnn.activation<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// A conv whose weight is not a constant cannot absorb k: mul + add.
// CHECK-LABEL: func.func @non_constant_weight(
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %arg1 :
// CHECK: %[[M:.*]] = qnn.mul %[[C]], %{{.*}} : (tensor<1x1x2x2xf32>, tensor<1x1x1xf32>)
// CHECK: qnn.add %[[M]], %{{.*}} : (tensor<1x1x2x2xf32>, tensor<1x1x1xf32>)
// CHECK-NOT: qnn.batch_norm
func.func @non_constant_weight(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qnn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qnn.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}
