// quant-compile --io-layout nhwc: the library takes and returns its images
// as NHWC, computes what the NCHW model computes (equal to the
// interpreter's bytes on the NCHW model, f32 and INT8), and the lowering
// has no transpose left: the interface's transposes cancel the conv's.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Interpreter/Inputs/gen.py --seed 3 %t/x.npy="randn(2, 3, 10, 9)" %t/q.npy="randint(0, 256, (2, 3, 10, 9), 'u1')"
// RUN: %python %S/../Interpreter/Inputs/gen.py --seed 3 %t/xt.npy="randn(2, 3, 10, 9).transpose(0, 2, 3, 1).copy()" %t/qt.npy="randint(0, 256, (2, 3, 10, 9), 'u1').transpose(0, 2, 3, 1).copy()"

// RUN: quant-opt %s --qnn-nhwc-interface --qnn-lower-to-linalg --qnn-sink-transposes --canonicalize --mlir-print-debuginfo=false | FileCheck %s --check-prefix=LINALG
// LINALG-LABEL: func.func @quantized
// LINALG-NOT:   linalg.transpose
// LINALG:       return

// RUN: quant-compile %s --entry float_model --target host --io-layout nhwc -o %t/float.so
// RUN: quant-run --interpret %s --entry float_model --input %t/x.npy --output %t/float_ref.npy
// RUN: quant-run --run %t/float.so --input %t/xt.npy --output %t/float_out.npy
// RUN: quant-compile %s --entry quantized --target host --io-layout nhwc -o %t/quantized.so
// RUN: quant-run --interpret %s --entry quantized --input %t/q.npy --output %t/quantized_ref.npy
// RUN: quant-run --run %t/quantized.so --input %t/qt.npy --output %t/quantized_out.npy
// RUN: %python -c "import numpy as np, sys; \
// RUN:   [sys.exit(f'{n}: differs') for n in ('float', 'quantized') \
// RUN:    if np.load(f'%t/{n}_out.npy').tobytes() != np.load(f'%t/{n}_ref.npy').transpose(0, 2, 3, 1).tobytes()]; \
// RUN:   print('nhwc: bit-identical')" | FileCheck %s --check-prefix=SAME
// SAME: nhwc: bit-identical

// A .npy in the model's NCHW shape is refused, naming the shape expected.
// RUN: not quant-run --run %t/quantized.so --input %t/q.npy --output %t/bad.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: {{.*}}2x10x9x3{{.*}}

func.func @float_model(%x: tensor<2x3x10x9xf32>) -> tensor<2x4x10x9xf32> {
  %w = arith.constant dense<[[[[0.5, -1.0, 0.25], [1.0, 0.0, -0.5], [0.125, 2.0, 1.0]], [[1.0, 0.5, -0.25], [0.0, -1.0, 1.0], [1.5, 0.5, 0.0]], [[-0.5, 1.0, 0.0], [0.25, 0.5, -1.0], [1.0, 1.0, 0.5]]],
                              [[[1.0, 1.0, 1.0], [1.0, -2.0, 1.0], [1.0, 1.0, 1.0]], [[0.0, 0.5, 0.0], [0.5, -2.0, 0.5], [0.0, 0.5, 0.0]], [[0.25, 0.0, 0.25], [0.0, 1.0, 0.0], [0.25, 0.0, 0.25]]],
                              [[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]], [[-0.1, -0.2, -0.3], [-0.4, -0.5, -0.6], [-0.7, -0.8, -0.9]], [[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]],
                              [[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], [[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]]]> : tensor<4x3x3x3xf32>
  %b = arith.constant dense<[0.5, -0.25, 0.0, 1.0]> : tensor<4xf32>
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #qnn.activation<relu>}
       : (tensor<2x3x10x9xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x10x9xf32>
  return %y : tensor<2x4x10x9xf32>
}

!x = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.015, 0.03}>
!b = !quant.uniform<i32:f32:0, {0.0005, 0.001, 0.00075, 0.0015}>
!y = !quant.uniform<u8:f32, 0.08:100>
func.func @quantized(%x: tensor<2x3x10x9x!x>) -> tensor<2x4x10x9x!y> {
  %wc = arith.constant dense<[[[[5, -10, 25], [100, 0, -50], [12, 127, 100]], [[10, 50, -25], [0, -100, 100], [-127, 50, 0]], [[-50, 100, 0], [25, 50, -100], [100, 100, 50]]],
                               [[[1, 1, 1], [1, -2, 1], [1, 1, 1]], [[0, 5, 0], [5, -20, 5], [0, 5, 0]], [[25, 0, 25], [0, 100, 0], [25, 0, 25]]],
                               [[[10, 20, 30], [40, 50, 60], [70, 80, 90]], [[-10, -20, -30], [-40, -50, -60], [-70, -80, -90]], [[100, 0, -100], [120, 0, -120], [100, 0, -100]]],
                               [[[0, 0, 0], [0, 127, 0], [0, 0, 0]], [[50, 50, 50], [50, 50, 50], [50, 50, 50]], [[-100, 0, 100], [-100, 0, 100], [-100, 0, 100]]]]> : tensor<4x3x3x3xi8>
  %w = quant.scast %wc : tensor<4x3x3x3xi8> to tensor<4x3x3x3x!w>
  %bc = arith.constant dense<[100, -2000, 0, 5000]> : tensor<4xi32>
  %b = quant.scast %bc : tensor<4xi32> to tensor<4x!b>
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<2x3x10x9x!x>, tensor<4x3x3x3x!w>, tensor<4x!b>) -> tensor<2x4x10x9x!y>
  return %y : tensor<2x4x10x9x!y>
}
