// Float qnn.conv2d against NumPy: strides, asymmetric padding, dilation,
// groups, depthwise (one input channel per group), pointwise (no im2col) and
// a fused activation.

// RUN: %python %S/Inputs/gen.py %t.x.npy="randn(2, 4, 9, 9)" \
// RUN:   %t.w.npy="randn(6, 4, 3, 3)" %t.b.npy="randn(6)" \
// RUN:   %t.gw.npy="randn(6, 2, 3, 3)" %t.dw.npy="randn(8, 1, 3, 3)" \
// RUN:   %t.pw.npy="randn(3, 4, 1, 1)"

// RUN: quant-run --interpret %s --entry strided --input %t.x.npy \
// RUN:   --input %t.w.npy --input %t.b.npy --output %t.y.npy
// RUN: %python %S/Inputs/check.py %t.y.npy \
// RUN:   "conv2d(x, w, b, stride=(2, 2), pad=(1, 0, 2, 1), dil=(1, 2))" \
// RUN:   x=%t.x.npy w=%t.w.npy b=%t.b.npy
func.func @strided(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>,
                   %b: tensor<6xf32>) -> tensor<2x6x5x3xf32> {
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 2, 2>,
         padding = array<i64: 1, 0, 2, 1>, dilations = array<i64: 1, 2>}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>)
       -> tensor<2x6x5x3xf32>
  return %y : tensor<2x6x5x3xf32>
}

// RUN: quant-run --interpret %s --entry grouped --input %t.x.npy \
// RUN:   --input %t.gw.npy --input %t.b.npy --output %t.g.npy
// RUN: %python %S/Inputs/check.py %t.g.npy \
// RUN:   "clamp(conv2d(x, w, b, pad=(1, 1, 1, 1), groups=2), 0, 6)" \
// RUN:   x=%t.x.npy w=%t.gw.npy b=%t.b.npy
func.func @grouped(%x: tensor<2x4x9x9xf32>, %w: tensor<6x2x3x3xf32>,
                   %b: tensor<6xf32>) -> tensor<2x6x9x9xf32> {
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64,
         activation = #qnn.activation<relu6>}
       : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>)
       -> tensor<2x6x9x9xf32>
  return %y : tensor<2x6x9x9xf32>
}

// Two output channels per input channel, stride 2.
// RUN: quant-run --interpret %s --entry depthwise --input %t.x.npy \
// RUN:   --input %t.dw.npy --output %t.d.npy
// RUN: %python %S/Inputs/check.py %t.d.npy \
// RUN:   "conv2d(x, w, stride=(2, 2), pad=(1, 1, 1, 1), groups=4)" \
// RUN:   x=%t.x.npy w=%t.dw.npy
func.func @depthwise(%x: tensor<2x4x9x9xf32>, %w: tensor<8x1x3x3xf32>)
    -> tensor<2x8x5x5xf32> {
  %y = qnn.conv2d %x, %w {strides = array<i64: 2, 2>,
         padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64}
       : (tensor<2x4x9x9xf32>, tensor<8x1x3x3xf32>) -> tensor<2x8x5x5xf32>
  return %y : tensor<2x8x5x5xf32>
}

// RUN: quant-run --interpret %s --entry pointwise --input %t.x.npy \
// RUN:   --input %t.pw.npy --output %t.p.npy
// RUN: %python %S/Inputs/check.py %t.p.npy "clamp(conv2d(x, w), 0)" \
// RUN:   x=%t.x.npy w=%t.pw.npy
func.func @pointwise(%x: tensor<2x4x9x9xf32>, %w: tensor<3x4x1x1xf32>)
    -> tensor<2x3x9x9xf32> {
  %y = qnn.conv2d %x, %w {activation = #qnn.activation<relu>}
       : (tensor<2x4x9x9xf32>, tensor<3x4x1x1xf32>) -> tensor<2x3x9x9xf32>
  return %y : tensor<2x3x9x9xf32>
}
