// RUN: quant-opt %s -split-input-file --qnn-quantize-weights-int4=block-size=32 -verify-diagnostics | FileCheck %s
// RUN: quant-opt %s -split-input-file --qnn-quantize-weights-int4=block-size=64 2>/dev/null | FileCheck %s --check-prefix=B64

// The block-size check: quantize-weights-int4-invalid.mlir.

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

// -----

// A batched matmul rhs [B, K, N] = [2, 64, 3]: blocks along K (axis 1),
// one scale per (batch, block, column).
// CHECK-LABEL: func @batched_matmul
// CHECK: %[[W:.*]] = quant.scast %{{.*}} : tensor<2x64x3xi4> to tensor<2x64x3x!quant.uniform<i4<-7:7>:f32:{0:1, 1:32, 2:1}, {{.*}}>>
// CHECK: qnn.matmul %arg0, %[[W]] : (tensor<2x5x64xf32>, {{.*}}) -> tensor<2x5x3xf32>
// B64-LABEL: func @batched_matmul
// B64: tensor<2x64x3x!quant.uniform<i4<-7:7>:f32:{0:1, 1:64, 2:1}
func.func @batched_matmul(%x: tensor<2x5x64xf32>) -> tensor<2x5x3xf32> {
  %w = arith.constant dense<0.5> : tensor<2x64x3xf32>
  %y = qnn.matmul %x, %w : (tensor<2x5x64xf32>, tensor<2x64x3xf32>) -> tensor<2x5x3xf32>
  return %y : tensor<2x5x3xf32>
}

// -----

// Weight-only INT4 is for fully_connected and matmul: conv2d (K = 32
// input channels here), a depthwise conv2d, a residual add and a concat
// are left as they are, their constants f32, and without a warning.
// CHECK-LABEL: func @conv_depthwise_add_concat_untouched
// CHECK-NOT: quant.scast
// CHECK-DAG: %[[W:.*]] = arith.constant dense<5.000000e-01> : tensor<32x32x1x1xf32>
// CHECK-DAG: %[[DW:.*]] = arith.constant dense<2.500000e-01> : tensor<32x1x3x3xf32>
// CHECK: %[[C:.*]] = qnn.conv2d %arg0, %[[W]] : (tensor<1x32x2x2xf32>, tensor<32x32x1x1xf32>) -> tensor<1x32x2x2xf32>
// CHECK: %[[D:.*]] = qnn.conv2d %[[C]], %[[DW]] {groups = 32 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x32x2x2xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x2x2xf32>
// CHECK: %[[A:.*]] = qnn.add %[[D]], %arg0 : (tensor<1x32x2x2xf32>, tensor<1x32x2x2xf32>) -> tensor<1x32x2x2xf32>
// CHECK: %[[J:.*]] = qnn.concat %[[A]], %[[C]] {axis = 1 : i64} : (tensor<1x32x2x2xf32>, tensor<1x32x2x2xf32>) -> tensor<1x64x2x2xf32>
// CHECK: return %[[J]]
func.func @conv_depthwise_add_concat_untouched(%x: tensor<1x32x2x2xf32>) -> tensor<1x64x2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<32x32x1x1xf32>
  %dw = arith.constant dense<0.25> : tensor<32x1x3x3xf32>
  %0 = qnn.conv2d %x, %w : (tensor<1x32x2x2xf32>, tensor<32x32x1x1xf32>) -> tensor<1x32x2x2xf32>
  %1 = qnn.conv2d %0, %dw {groups = 32 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x32x2x2xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x2x2xf32>
  %2 = qnn.add %1, %x : (tensor<1x32x2x2xf32>, tensor<1x32x2x2xf32>) -> tensor<1x32x2x2xf32>
  %3 = qnn.concat %2, %0 {axis = 1 : i64} : (tensor<1x32x2x2xf32>, tensor<1x32x2x2xf32>) -> tensor<1x64x2x2xf32>
  return %3 : tensor<1x64x2x2xf32>
}

// -----

// An INT8 fully_connected (quantized activation and weight) is not a
// weight-only candidate: its i8 weight stays.
// CHECK-LABEL: func @int8_fully_connected_untouched
// CHECK-NOT: quant.uniform<i4
// CHECK: qnn.fully_connected %arg0, %{{.*}} : (tensor<1x32x!quant.uniform<u8:f32, 1.000000e-01>>, tensor<2x32x!quant.uniform<i8<-127:127>:f32, 1.000000e-02>>) -> tensor<1x2x!quant.uniform<u8:f32, 1.000000e-01>>
func.func @int8_fully_connected_untouched(%x: tensor<1x32x!quant.uniform<u8:f32, 0.1>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1>> {
  %ws = arith.constant dense<1> : tensor<2x32xi8>
  %w = quant.scast %ws : tensor<2x32xi8> to tensor<2x32x!quant.uniform<i8<-127:127>:f32, 0.01>>
  %0 = qnn.fully_connected %x, %w : (tensor<1x32x!quant.uniform<u8:f32, 0.1>>, tensor<2x32x!quant.uniform<i8<-127:127>:f32, 0.01>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %0 : tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// K = 16 is shorter than a block: the whole row is one block (one scale
// per output channel, max|w| / 7 = [1, 0.5]), whatever block-size is.
// CHECK-LABEL: func @k_shorter_than_block
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[}}7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7], [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, -7]]> : tensor<2x16xi4>
// CHECK: %[[W:.*]] = quant.scast %[[C]] : tensor<2x16xi4> to tensor<2x16x!quant.uniform<i4<-7:7>:f32:{0:1, 1:16}, {{[{][{]}}1.000000e+00}, {5.000000e-01}}>>
// CHECK: qnn.fully_connected %arg0, %[[W]] : (tensor<1x16xf32>, {{.*}}) -> tensor<1x2xf32>
// B64-LABEL: func @k_shorter_than_block
// B64: tensor<2x16x!quant.uniform<i4<-7:7>:f32:{0:1, 1:16}, {{[{][{]}}1.000000e+00}, {5.000000e-01}}>>
func.func @k_shorter_than_block(%x: tensor<1x16xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -3.5]]> : tensor<2x16xf32>
  %y = qnn.fully_connected %x, %w : (tensor<1x16xf32>, tensor<2x16xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
