// The f32 convolutions in NHWC (dense and depthwise), compiled (every
// target this CPU has, 1 and 2 threads) and run against the interpreter,
// inside small models where the kernels' fusions meet their neighbours.
// Every output must be bit-identical.

// RUN: %python %S/../Interpreter/Inputs/gen.py \
// RUN:   %t.x.npy="randn(1, 8, 16, 16)" %t.w1.npy="randn(16, 8, 3, 3)" %t.w2.npy="randn(16, 16, 3, 3)" \
// RUN:   %t.wd.npy="randn(16, 8, 1, 1)" %t.b.npy="randn(16)" \
// RUN:   %t.dx.npy="randn(2, 21, 9, 11) * 3" %t.dw.npy="randn(21, 1, 3, 3)" %t.db.npy="randn(21)" %t.pw.npy="randn(5, 21, 1, 1)"

// A residual block: the second conv's bias and the add of the downsampled
// input read a buffer the downsampling conv writes after it. The add must
// not be fused into the second conv's kernel (it would read that buffer
// before it is written), the relu of the first conv is.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry residual --input %t.x.npy --input %t.w1.npy --input %t.w2.npy --input %t.wd.npy --input %t.b.npy | FileCheck %s --check-prefix=RESIDUAL
// RESIDUAL-NOT: differ
// RESIDUAL: residual output 0 (generic): bit-identical
// RESIDUAL: residual output 0 (host): bit-identical
// RESIDUAL-NOT: differ
func.func @residual(%x: tensor<1x8x16x16xf32>, %w1: tensor<16x8x3x3xf32>, %w2: tensor<16x16x3x3xf32>,
                    %wd: tensor<16x8x1x1xf32>, %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %a = qnn.conv2d %x, %w1, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<1x8x16x16xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %c = qnn.conv2d %a, %w2, %b {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %d = qnn.conv2d %x, %wd, %b {strides = array<i64: 2, 2>}
       : (tensor<1x8x16x16xf32>, tensor<16x8x1x1xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %s = qnn.add %c, %d : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %r = qnn.relu %s : tensor<1x16x8x8xf32>
  return %r : tensor<1x16x8x8xf32>
}

// A MobileNet-style pair: depthwise 3x3 stride 2 with asymmetric padding
// (its pad copy absorbed, border rows and columns skipped), relu6, then a
// pointwise conv. 21 channels: a masked channel vector at every width.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry separable --input %t.dx.npy --input %t.dw.npy --input %t.db.npy --input %t.pw.npy | FileCheck %s --check-prefix=SEPARABLE
// SEPARABLE-NOT: differ
// SEPARABLE: separable output 0 (generic): bit-identical
// SEPARABLE: separable output 0 (host): bit-identical
// SEPARABLE-NOT: differ
func.func @separable(%x: tensor<2x21x9x11xf32>, %w: tensor<21x1x3x3xf32>, %b: tensor<21xf32>,
                     %pw: tensor<5x21x1x1xf32>) -> tensor<2x5x5x6xf32> {
  %d = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 2>, groups = 21 : i64,
                              activation = #qnn.activation<relu6>}
       : (tensor<2x21x9x11xf32>, tensor<21x1x3x3xf32>, tensor<21xf32>) -> tensor<2x21x5x6xf32>
  %p = qnn.conv2d %d, %pw : (tensor<2x21x5x6xf32>, tensor<5x21x1x1xf32>) -> tensor<2x5x5x6xf32>
  return %p : tensor<2x5x5x6xf32>
}
