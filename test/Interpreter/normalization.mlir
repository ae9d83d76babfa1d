// batch_norm, softmax and layer_norm against NumPy.

// RUN: %python %S/Inputs/gen.py %t.x.npy="randn(2, 3, 4, 5)" %t.g.npy="randn(3)" \
// RUN:   %t.b.npy="randn(3)" %t.m.npy="randn(3)" %t.v.npy="uniform(0.5, 2.0, (3,))" \
// RUN:   %t.lg.npy="randn(4, 5)" %t.lb.npy="randn(4, 5)"

// RUN: quant-run --interpret %s --entry batch_norm --input %t.x.npy --input %t.g.npy \
// RUN:   --input %t.b.npy --input %t.m.npy --input %t.v.npy --output %t.bn.npy
// RUN: %python %S/Inputs/check.py %t.bn.npy "batch_norm(x, g, b, m, v, eps=1e-3)" \
// RUN:   x=%t.x.npy g=%t.g.npy b=%t.b.npy m=%t.m.npy v=%t.v.npy
func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %y = qnn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-03 : f32}
       : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>,
          tensor<3xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}

// RUN: quant-run --interpret %s --entry softmax --input %t.x.npy \
// RUN:   --output %t.s1.npy --output %t.s3.npy
// RUN: %python %S/Inputs/check.py %t.s1.npy "softmax(x, axis=1)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py %t.s3.npy "softmax(x, axis=-1)" x=%t.x.npy
func.func @softmax(%x: tensor<2x3x4x5xf32>) -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) {
  %a = qnn.softmax %x {axis = 1 : i64} : tensor<2x3x4x5xf32>
  %b = qnn.softmax %x : tensor<2x3x4x5xf32>
  return %a, %b : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
}

// RUN: quant-run --interpret %s --entry layer_norm --input %t.x.npy \
// RUN:   --input %t.lg.npy --input %t.lb.npy --output %t.l1.npy --output %t.l2.npy
// RUN: %python %S/Inputs/check.py --tol 1e-4 %t.l1.npy "layer_norm(x, g, b, axis=-2)" \
// RUN:   x=%t.x.npy g=%t.lg.npy b=%t.lb.npy
// RUN: %python %S/Inputs/check.py --tol 1e-4 %t.l2.npy "layer_norm(x, g[0], axis=-1, eps=0.1)" \
// RUN:   x=%t.x.npy g=%t.lg.npy
func.func @layer_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<4x5xf32>, %b: tensor<4x5xf32>)
    -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) {
  %a = qnn.layer_norm %x, %g, %b {axis = -2 : i64}
       : (tensor<2x3x4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<2x3x4x5xf32>
  %g0 = qnn.slice %g {starts = array<i64: 0, 0>, ends = array<i64: 1, 5>,
                      steps = array<i64: 1, 1>} : tensor<4x5xf32> -> tensor<1x5xf32>
  %g1 = qnn.reshape %g0 : tensor<1x5xf32> -> tensor<5xf32>
  %c = qnn.layer_norm %x, %g1 {epsilon = 0.1 : f32}
       : (tensor<2x3x4x5xf32>, tensor<5xf32>) -> tensor<2x3x4x5xf32>
  return %a, %c : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
}
