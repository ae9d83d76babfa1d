// Elementwise ops against NumPy: float binary ops with NumPy broadcasting,
// float unary ops, relu / clamp on float and on quantized values, and the
// quantized add and mul rules (exact).

// RUN: %python %S/Inputs/gen.py %t.a.npy="randn(2, 3, 4)" %t.b.npy="randn(3, 1)" \
// RUN:   %t.p.npy="uniform(0.1, 3.0, (2, 3, 4))" \
// RUN:   %t.qa.npy="randint(0, 256, (2, 3, 4), 'u1')" \
// RUN:   %t.qb.npy="randint(-128, 128, (3, 1), 'i1')"

// RUN: quant-run --interpret %s --entry binary --input %t.a.npy --input %t.b.npy \
// RUN:   --output %t.add.npy --output %t.sub.npy --output %t.mul.npy --output %t.div.npy
// RUN: %python %S/Inputs/check.py %t.add.npy "clamp(a + b, 0)" a=%t.a.npy b=%t.b.npy
// RUN: %python %S/Inputs/check.py %t.sub.npy "a.astype(np.float64) - b" a=%t.a.npy b=%t.b.npy
// RUN: %python %S/Inputs/check.py %t.mul.npy "clamp(a.astype(np.float64) * b, -1, 1)" a=%t.a.npy b=%t.b.npy
// RUN: %python %S/Inputs/check.py %t.div.npy "b.astype(np.float64) / a" a=%t.a.npy b=%t.b.npy
func.func @binary(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %add = qnn.add %a, %b {activation = #qnn.activation<relu>}
         : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %sub = qnn.sub %a, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %mul = qnn.mul %a, %b {activation = #qnn.activation<clamp [-1.0, 1.0]>}
         : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %div = qnn.div %b, %a : (tensor<3x1xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %add, %sub, %mul, %div : tensor<2x3x4xf32>, tensor<2x3x4xf32>,
      tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// RUN: quant-run --interpret %s --entry unary --input %t.a.npy --input %t.p.npy \
// RUN:   --output %t.pow.npy --output %t.sqrt.npy --output %t.exp.npy \
// RUN:   --output %t.tanh.npy --output %t.sig.npy --output %t.relu.npy --output %t.clamp.npy
// RUN: %python %S/Inputs/check.py %t.pow.npy "np.power(p.astype(np.float64), a)" a=%t.a.npy p=%t.p.npy
// RUN: %python %S/Inputs/check.py %t.sqrt.npy "np.sqrt(p.astype(np.float64))" p=%t.p.npy
// RUN: %python %S/Inputs/check.py %t.exp.npy "np.exp(a.astype(np.float64))" a=%t.a.npy
// RUN: %python %S/Inputs/check.py %t.tanh.npy "np.tanh(a.astype(np.float64))" a=%t.a.npy
// RUN: %python %S/Inputs/check.py %t.sig.npy "sigmoid(a)" a=%t.a.npy
// RUN: %python %S/Inputs/check.py --exact %t.relu.npy "np.maximum(a, 0)" a=%t.a.npy
// RUN: %python %S/Inputs/check.py --exact %t.clamp.npy "np.clip(a, -0.5, 0.25)" a=%t.a.npy
func.func @unary(%a: tensor<2x3x4xf32>, %p: tensor<2x3x4xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>,
        tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %pow = qnn.pow %p, %a : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %sqrt = qnn.sqrt %p : tensor<2x3x4xf32>
  %exp = qnn.exp %a : tensor<2x3x4xf32>
  %tanh = qnn.tanh %a : tensor<2x3x4xf32>
  %sig = qnn.sigmoid %a : tensor<2x3x4xf32>
  %relu = qnn.relu %a : tensor<2x3x4xf32>
  %clamp = qnn.clamp %a {min = -0.5 : f32, max = 0.25 : f32} : tensor<2x3x4xf32>
  return %pow, %sqrt, %exp, %tanh, %sig, %relu, %clamp : tensor<2x3x4xf32>,
      tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>,
      tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// Quantized add: clamp(rne(M_a (q_a - z_a) + M_b (q_b - z_b)) + z_y),
// M_x = s_x * (1 / s_y), each product rounded to f32 before the add.
// Quantized mul: clamp(rne(float((q_a - z_a)(q_b - z_b)) * M) + z_y).
// RUN: quant-run --interpret %s --entry quantized --input %t.qa.npy --input %t.qb.npy \
// RUN:   --output %t.qadd.npy --output %t.qmul.npy --output %t.qrelu.npy --output %t.qclamp.npy
// RUN: %python %S/Inputs/check.py --exact %t.qadd.npy \
// RUN:   "saturate(rne((a.astype(np.int64) - 128).astype(np.float32) * multiplier(0.05, 1, 0.08) + (b.astype(np.int64) - 5).astype(np.float32) * multiplier(0.03, 1, 0.08)), 130, 130, 255)" \
// RUN:   a=%t.qa.npy b=%t.qb.npy
// RUN: %python %S/Inputs/check.py --exact %t.qmul.npy \
// RUN:   "requant((a.astype(np.int64) - 128) * (b.astype(np.int64) - 5), multiplier(0.05, 0.03, 0.02), -3, -128, 127)" \
// RUN:   a=%t.qa.npy b=%t.qb.npy
// RUN: %python %S/Inputs/check.py --exact %t.qrelu.npy "np.maximum(a, 128)" a=%t.qa.npy
// RUN: %python %S/Inputs/check.py --exact %t.qclamp.npy \
// RUN:   "np.clip(a, quantize(-1.0, 0.05, 128, 0, 255), quantize(2.0, 0.05, 128, 0, 255))" a=%t.qa.npy
!qa = !quant.uniform<u8:f32, 0.05:128>
!qb = !quant.uniform<i8:f32, 0.03:5>
!qy = !quant.uniform<u8:f32, 0.08:130>
!qm = !quant.uniform<i8:f32, 0.02:-3>
func.func @quantized(%a: tensor<2x3x4x!qa>, %b: tensor<3x1x!qb>)
    -> (tensor<2x3x4x!qy>, tensor<2x3x4x!qm>, tensor<2x3x4x!qa>, tensor<2x3x4x!qa>) {
  %add = qnn.add %a, %b {activation = #qnn.activation<relu>}
         : (tensor<2x3x4x!qa>, tensor<3x1x!qb>) -> tensor<2x3x4x!qy>
  %mul = qnn.mul %a, %b : (tensor<2x3x4x!qa>, tensor<3x1x!qb>) -> tensor<2x3x4x!qm>
  %relu = qnn.relu %a : tensor<2x3x4x!qa>
  %clamp = qnn.clamp %a {min = -1.0 : f32, max = 2.0 : f32} : tensor<2x3x4x!qa>
  return %add, %mul, %relu, %clamp : tensor<2x3x4x!qy>, tensor<2x3x4x!qm>,
      tensor<2x3x4x!qa>, tensor<2x3x4x!qa>
}
