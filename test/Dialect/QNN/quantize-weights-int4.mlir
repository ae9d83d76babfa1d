// RUN: quant-opt %s -split-input-file --qnn-quantize-weights-int4 -verify-diagnostics | FileCheck %s
// RUN: quant-opt %s -split-input-file --qnn-quantize-weights-int4=block-size=64 2>/dev/null | FileCheck %s --check-prefix=B64
// RUN: not quant-opt %s --qnn-quantize-weights-int4=block-size=48 2>&1 | FileCheck %s --check-prefix=SIZE

// SIZE: error: block-size must be 32, 64 or 128, got 48

// fully_connected [N, K] = [2, 64]: one scale per (row, block of 32 along
// K), max|w| / 7; activations, bias and result stay f32.
// CHECK-LABEL: func @fully_connected
// CHECK: %[[C:.*]] = arith.constant dense<{{.*}}> : tensor<2x64xi4>
// CHECK: %[[W:.*]] = quant.scast %[[C]] : tensor<2x64xi4> to tensor<2x64x!quant.uniform<i4<-7:7>:f32:{0:1, 1:32}, {{[{][{]}}1.000000e+00, 0.285714298}, {0.142857149, 0.571428597}}>>
// CHECK: qnn.fully_connected %arg0, %[[W]], %{{.*}} {activation = #qnn.activation<relu>} : (tensor<1x64xf32>, {{.*}}, tensor<2xf32>) -> tensor<1x2xf32>
// B64-LABEL: func @fully_connected
// B64: tensor<2x64x!quant.uniform<i4<-7:7>:f32:{0:1, 1:64}, {{[{][{]}}1.000000e+00}, {0.571428597}}>>
func.func @fully_connected(%x: tensor<1x64xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], [-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]]> : tensor<2x64xf32>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %y = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>} : (tensor<1x64xf32>, tensor<2x64xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// matmul rhs [K, N] = [64, 3]: blocks along K (axis 0), one scale per
// (block, column).
// CHECK-LABEL: func @matmul
// CHECK: quant.scast %{{.*}} : tensor<64x3xi4> to tensor<64x3x!quant.uniform<i4<-7:7>:f32:{0:32, 1:1}, {{[{][{]}}0.0714285746, 0.0714285746, 0.0714285746}, {0.0714285746, 0.0714285746, 0.0714285746}}>>
// CHECK: qnn.matmul %arg0, %{{.*}} : (tensor<2x5x64xf32>, {{.*}}) -> tensor<2x5x3xf32>
func.func @matmul(%x: tensor<2x5x64xf32>) -> tensor<2x5x3xf32> {
  %w = arith.constant dense<0.5> : tensor<64x3xf32>
  %y = qnn.matmul %x, %w : (tensor<2x5x64xf32>, tensor<64x3xf32>) -> tensor<2x5x3xf32>
  return %y : tensor<2x5x3xf32>
}

// -----

// Weights that are not constants stay float.
// CHECK-LABEL: func @non_constant_weights
// CHECK-NOT: quant.scast
// CHECK: qnn.matmul %arg0, %arg1 : (tensor<2x64xf32>, tensor<64x3xf32>) -> tensor<2x3xf32>
// CHECK: qnn.fully_connected %arg0, %arg2 : (tensor<2x64xf32>, tensor<3x64xf32>) -> tensor<2x3xf32>
func.func @non_constant_weights(%x: tensor<2x64xf32>, %r: tensor<64x3xf32>, %w: tensor<3x64xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %y = qnn.matmul %x, %r : (tensor<2x64xf32>, tensor<64x3xf32>) -> tensor<2x3xf32>
  %z = qnn.fully_connected %x, %w : (tensor<2x64xf32>, tensor<3x64xf32>) -> tensor<2x3xf32>
  return %y, %z : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// K = 48 is not a multiple of the block size: the op stays float, with a
// warning.
// CHECK-LABEL: func @k_not_multiple_of_block
// CHECK-NOT: quant.scast
// CHECK: qnn.fully_connected %arg0, %{{.*}} : (tensor<1x48xf32>, tensor<4x48xf32>) -> tensor<1x4xf32>
func.func @k_not_multiple_of_block(%x: tensor<1x48xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x48xf32>
  // expected-warning @+1 {{stays f32: the weight's contraction dimension (48) is not a multiple of block-size 32}}
  %y = qnn.fully_connected %x, %w : (tensor<1x48xf32>, tensor<4x48xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
