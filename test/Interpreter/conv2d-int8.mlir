// Static INT8 qnn.conv2d against NumPy, bit for bit: i32 accumulation of
// (q_x - z_x) * q_w plus the i32 bias, padding that reads the input zero
// point, per-channel and per-tensor weight scales, requantization with
// M = (s_x * s_w) * (1 / s_y) in f32, and fused activations folded into the
// final clamp.

// RUN: %python %S/Inputs/gen.py %t.x.npy="randint(0, 256, (2, 3, 8, 8), 'u1')" \
// RUN:   %t.w.npy="randint(-127, 128, (4, 3, 3, 3), 'i1')" \
// RUN:   %t.b.npy="randint(-3000, 3000, (4,), 'i4')" \
// RUN:   %t.sx.npy="randint(-128, 128, (1, 4, 7, 7), 'i1')" \
// RUN:   %t.dw.npy="randint(-127, 128, (4, 1, 3, 3), 'i1')"

// u8 activations (zero point 128), per-channel weights, bias, padding, relu.
// RUN: quant-run --interpret %s --entry per_channel --input %t.x.npy \
// RUN:   --input %t.w.npy --input %t.b.npy --output %t.y.npy
// RUN: %python %S/Inputs/check.py --exact %t.y.npy \
// RUN:   "qconv2d(x, 0.05, 128, w, [0.01, 0.02, 0.015, 0.03], 0.1, 120, 0, 255, qb=b, lo=0.0, pad=(1, 1, 1, 1))" \
// RUN:   x=%t.x.npy w=%t.w.npy b=%t.b.npy
!x_u8 = !quant.uniform<u8:f32, 0.05:128>
!w_pc = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.015, 0.03}>
!b_pc = !quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 7.5e-4, 1.5e-3}>
!y_u8 = !quant.uniform<u8:f32, 0.1:120>
func.func @per_channel(%x: tensor<2x3x8x8x!x_u8>, %w: tensor<4x3x3x3x!w_pc>,
                       %b: tensor<4x!b_pc>) -> tensor<2x4x8x8x!y_u8> {
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>,
         activation = #qnn.activation<relu>}
       : (tensor<2x3x8x8x!x_u8>, tensor<4x3x3x3x!w_pc>, tensor<4x!b_pc>)
       -> tensor<2x4x8x8x!y_u8>
  return %y : tensor<2x4x8x8x!y_u8>
}

// Per-tensor weights, stride 2, asymmetric padding, no bias, an output scale
// small enough to saturate.
// RUN: quant-run --interpret %s --entry saturating --input %t.x.npy \
// RUN:   --input %t.w.npy --output %t.s.npy
// RUN: %python %S/Inputs/check.py --exact %t.s.npy \
// RUN:   "qconv2d(x, 0.05, 128, w, 0.02, 0.01, 0, -128, 127, stride=(2, 2), pad=(0, 1, 2, 0))" \
// RUN:   x=%t.x.npy w=%t.w.npy
!w_pt = !quant.uniform<i8:f32, 0.02>
!y_i8 = !quant.uniform<i8:f32, 0.01>
func.func @saturating(%x: tensor<2x3x8x8x!x_u8>, %w: tensor<4x3x3x3x!w_pt>)
    -> tensor<2x4x4x4x!y_i8> {
  %y = qnn.conv2d %x, %w {strides = array<i64: 2, 2>,
         padding = array<i64: 0, 1, 2, 0>}
       : (tensor<2x3x8x8x!x_u8>, tensor<4x3x3x3x!w_pt>) -> tensor<2x4x4x4x!y_i8>
  return %y : tensor<2x4x4x4x!y_i8>
}

// Depthwise on i8 activations with a non-zero zero point, relu6.
// RUN: quant-run --interpret %s --entry depthwise --input %t.sx.npy \
// RUN:   --input %t.dw.npy --output %t.d.npy
// RUN: %python %S/Inputs/check.py --exact %t.d.npy \
// RUN:   "qconv2d(x, 0.04, -5, w, [0.01, 0.02, 0.03, 0.04], 0.03, -10, -128, 127, lo=0.0, hi=6.0, pad=(1, 1, 1, 1), dil=(2, 2), groups=4)" \
// RUN:   x=%t.sx.npy w=%t.dw.npy
!x_i8 = !quant.uniform<i8:f32, 0.04:-5>
!dw = !quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04}>
!y_dw = !quant.uniform<i8:f32, 0.03:-10>
func.func @depthwise(%x: tensor<1x4x7x7x!x_i8>, %w: tensor<4x1x3x3x!dw>)
    -> tensor<1x4x5x5x!y_dw> {
  %y = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 2, 2>, groups = 4 : i64,
         activation = #qnn.activation<relu6>}
       : (tensor<1x4x7x7x!x_i8>, tensor<4x1x3x3x!dw>) -> tensor<1x4x5x5x!y_dw>
  return %y : tensor<1x4x5x5x!y_dw>
}

// Weight-only: f32 activations, i8 per-channel weights dequantized to f32.
// RUN: %python %S/Inputs/gen.py --seed 1 %t.fx.npy="randn(1, 3, 8, 8)"
// RUN: quant-run --interpret %s --entry weight_only --input %t.fx.npy \
// RUN:   --input %t.w.npy --output %t.wo.npy
// RUN: %python %S/Inputs/check.py %t.wo.npy \
// RUN:   "conv2d(x, dequantize(w, [0.01, 0.02, 0.015, 0.03], 0, axis=0), pad=(1, 1, 1, 1))" \
// RUN:   x=%t.fx.npy w=%t.w.npy
func.func @weight_only(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3x!w_pc>)
    -> tensor<1x4x8x8xf32> {
  %y = qnn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3x!w_pc>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}
