// qnn.matmul and qnn.fully_connected against NumPy in every numeric form:
// float (batch broadcasting), static INT8 (exact), weight-only (INT8 per
// channel, INT4 in sub-channel blocks) and dynamic (the ui8 storage, scale
// and zero point of qnn.dynamic_quantize; exact).

// RUN: %python %S/Inputs/gen.py %t.a.npy="randn(2, 1, 3, 8)" \
// RUN:   %t.b.npy="randn(5, 8, 6)" \
// RUN:   %t.qa.npy="randint(0, 256, (3, 8), 'u1')" \
// RUN:   %t.qb.npy="randint(-128, 128, (8, 5), 'i1')" \
// RUN:   %t.x.npy="randn(3, 8)" %t.w.npy="randn(4, 8)" %t.bias.npy="randn(4)" \
// RUN:   %t.qw.npy="randint(-127, 128, (4, 8), 'i1')" \
// RUN:   %t.qbias.npy="randint(-2000, 2000, (4,), 'i4')" \
// RUN:   %t.w4.npy="randint(-8, 8, (4, 8), 'i1')"

// RUN: quant-run --interpret %s --entry matmul_float --input %t.a.npy \
// RUN:   --input %t.b.npy --output %t.y1.npy
// RUN: %python %S/Inputs/check.py %t.y1.npy "matmul(a, b)" a=%t.a.npy b=%t.b.npy
func.func @matmul_float(%a: tensor<2x1x3x8xf32>, %b: tensor<5x8x6xf32>)
    -> tensor<2x5x3x6xf32> {
  %y = qnn.matmul %a, %b : (tensor<2x1x3x8xf32>, tensor<5x8x6xf32>) -> tensor<2x5x3x6xf32>
  return %y : tensor<2x5x3x6xf32>
}

// Per-tensor operands with non-zero zero points on both sides, and a
// per-column rhs.
// RUN: quant-run --interpret %s --entry matmul_int8 --input %t.qa.npy \
// RUN:   --input %t.qb.npy --input %t.qb.npy --output %t.y2.npy --output %t.y3.npy
// RUN: %python %S/Inputs/check.py --exact %t.y2.npy \
// RUN:   "requant((a.astype(np.int64) - 100) @ (b.astype(np.int64) - 3), multiplier(0.02, 0.05, 0.1), 128, 0, 255)" \
// RUN:   a=%t.qa.npy b=%t.qb.npy
// RUN: %python %S/Inputs/check.py --exact %t.y3.npy \
// RUN:   "requant((a.astype(np.int64) - 100) @ b.astype(np.int64), multiplier(0.02, [0.01, 0.02, 0.03, 0.04, 0.05], 0.1), 128, 0, 255)" \
// RUN:   a=%t.qa.npy b=%t.qb.npy
!a = !quant.uniform<u8:f32, 0.02:100>
!b = !quant.uniform<i8:f32, 0.05:3>
!bc = !quant.uniform<i8:f32:1, {0.01, 0.02, 0.03, 0.04, 0.05}>
!y = !quant.uniform<u8:f32, 0.1:128>
func.func @matmul_int8(%a: tensor<3x8x!a>, %b: tensor<8x5x!b>, %c: tensor<8x5x!bc>)
    -> (tensor<3x5x!y>, tensor<3x5x!y>) {
  %y = qnn.matmul %a, %b : (tensor<3x8x!a>, tensor<8x5x!b>) -> tensor<3x5x!y>
  %z = qnn.matmul %a, %c : (tensor<3x8x!a>, tensor<8x5x!bc>) -> tensor<3x5x!y>
  return %y, %z : tensor<3x5x!y>, tensor<3x5x!y>
}

// Dynamic: y = s * s_w * sum (q - z) * q_w.
// RUN: quant-run --interpret %s --entry matmul_dynamic --input %t.x.npy \
// RUN:   --input %t.qb.npy --output %t.y4.npy
// RUN: %python %S/Inputs/check.py --exact %t.y4.npy \
// RUN:   "dynamic_fc(x, b.T, [0.01, 0.02, 0.03, 0.04, 0.05])" x=%t.x.npy b=%t.qb.npy
!bs = !quant.uniform<i8:f32:1, {0.01, 0.02, 0.03, 0.04, 0.05}>
func.func @matmul_dynamic(%x: tensor<3x8xf32>, %b: tensor<8x5x!bs>) -> tensor<3x5xf32> {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<3x8xf32> -> tensor<3x8xui8>, tensor<f32>, tensor<i32>
  %y = qnn.matmul %q, %b lhs_scale(%s, %z)
       : (tensor<3x8xui8>, tensor<8x5x!bs>, tensor<f32>, tensor<i32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// RUN: quant-run --interpret %s --entry fc_float --input %t.x.npy \
// RUN:   --input %t.w.npy --input %t.bias.npy --output %t.y5.npy
// RUN: %python %S/Inputs/check.py %t.y5.npy "clamp(fc(x, w, b), -0.5, 0.5)" \
// RUN:   x=%t.x.npy w=%t.w.npy b=%t.bias.npy
func.func @fc_float(%x: tensor<3x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>)
    -> tensor<3x4xf32> {
  %y = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<clamp [-0.5, 0.5]>}
       : (tensor<3x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// RUN: quant-run --interpret %s --entry fc_int8 --input %t.qa.npy \
// RUN:   --input %t.qw.npy --input %t.qbias.npy --output %t.y6.npy
// RUN: %python %S/Inputs/check.py --exact %t.y6.npy \
// RUN:   "requant((a.astype(np.int64) - 100) @ w.astype(np.int64).T + b, multiplier(0.02, [0.01, 0.02, 0.03, 0.04], 0.05), -20, -20, 127)" \
// RUN:   a=%t.qa.npy w=%t.qw.npy b=%t.qbias.npy
!wc = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.03, 0.04}>
!bi = !quant.uniform<i32:f32:0, {2.0e-4, 4.0e-4, 6.0e-4, 8.0e-4}>
!yi = !quant.uniform<i8:f32, 0.05:-20>
func.func @fc_int8(%x: tensor<3x8x!a>, %w: tensor<4x8x!wc>, %b: tensor<4x!bi>)
    -> tensor<3x4x!yi> {
  %y = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>}
       : (tensor<3x8x!a>, tensor<4x8x!wc>, tensor<4x!bi>) -> tensor<3x4x!yi>
  return %y : tensor<3x4x!yi>
}

// Weight-only INT4 in blocks of 4 along K: each block its own scale.
// RUN: quant-run --interpret %s --entry fc_int4 --input %t.x.npy \
// RUN:   --input %t.w4.npy --input %t.bias.npy --output %t.y7.npy
// RUN: %python %S/Inputs/check.py %t.y7.npy \
// RUN:   "fc(x, w * np.repeat(np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]], np.float32), 4, axis=1), b)" \
// RUN:   x=%t.x.npy w=%t.w4.npy b=%t.bias.npy
!w4 = !quant.uniform<i4:f32:{0:1, 1:4}, {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}, {0.7, 0.8}}>
func.func @fc_int4(%x: tensor<3x8xf32>, %w: tensor<4x8x!w4>, %b: tensor<4xf32>)
    -> tensor<3x4xf32> {
  %y = qnn.fully_connected %x, %w, %b
       : (tensor<3x8xf32>, tensor<4x8x!w4>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// Dynamic with per-channel weights. (Blocked INT4 weights are for the
// weight-only form only; docs/Rationale.md, "Which quantized types an op
// accepts".)
// RUN: quant-run --interpret %s --entry fc_dynamic --input %t.x.npy \
// RUN:   --input %t.qw.npy --input %t.bias.npy --output %t.y8.npy
// RUN: %python %S/Inputs/check.py --exact %t.y8.npy \
// RUN:   "dynamic_fc(x, w, [0.01, 0.02, 0.03, 0.04], b)" x=%t.x.npy w=%t.qw.npy b=%t.bias.npy
func.func @fc_dynamic(%x: tensor<3x8xf32>, %w: tensor<4x8x!wc>,
                      %b: tensor<4xf32>) -> tensor<3x4xf32> {
  %q, %s, %z = qnn.dynamic_quantize %x : tensor<3x8xf32> -> tensor<3x8xui8>, tensor<f32>, tensor<i32>
  %y = qnn.fully_connected %q, %w, %b input_scale(%s, %z)
       : (tensor<3x8xui8>, tensor<4x8x!wc>, tensor<4xf32>, tensor<f32>, tensor<i32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}
