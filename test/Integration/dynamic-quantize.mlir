// qnn.dynamic_quantize compiled (generic and host) against the interpreter:
// storage, scale and zero point byte-identical. Inputs: a general one, one
// all negative (hi stays 0), one all zero (s = 1, z = 0), odd shapes.

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(3, 17, 5) * 2 + 0.5" \
// RUN:   %t.n.npy="-uniform(0.1, 4.0, (2, 9))" %t.z.npy="np.zeros((7,), np.float32)"

// RUN: %python %S/Inputs/compare_compiled.py %s --entry dynamic_quantize --outputs 9 \
// RUN:   --input %t.x.npy --input %t.n.npy --input %t.z.npy \
// RUN:   | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC-COUNT-18: bit-identical
func.func @dynamic_quantize(%x: tensor<3x17x5xf32>, %n: tensor<2x9xf32>, %z: tensor<7xf32>)
    -> (tensor<3x17x5xui8>, tensor<f32>, tensor<i32>,
        tensor<2x9xui8>, tensor<f32>, tensor<i32>,
        tensor<7xui8>, tensor<f32>, tensor<i32>) {
  %q, %s, %zp = qnn.dynamic_quantize %x : tensor<3x17x5xf32> -> tensor<3x17x5xui8>, tensor<f32>, tensor<i32>
  %nq, %ns, %nz = qnn.dynamic_quantize %n : tensor<2x9xf32> -> tensor<2x9xui8>, tensor<f32>, tensor<i32>
  %zq, %zs, %zz = qnn.dynamic_quantize %z : tensor<7xf32> -> tensor<7xui8>, tensor<f32>, tensor<i32>
  return %q, %s, %zp, %nq, %ns, %nz, %zq, %zs, %zz
      : tensor<3x17x5xui8>, tensor<f32>, tensor<i32>, tensor<2x9xui8>, tensor<f32>,
        tensor<i32>, tensor<7xui8>, tensor<f32>, tensor<i32>
}

// NaN and +Inf elements (added by a constant: input files holding them are
// rejected): NaN leaves the range unchanged and quantizes to 0; hi = +Inf
// gives s = +Inf, z = 0 and the codes the rule says.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry special --outputs 3 \
// RUN:   --input %t.n.npy | FileCheck %s --check-prefix=SPECIAL
// SPECIAL-COUNT-6: bit-identical
func.func @special(%x: tensor<2x9xf32>) -> (tensor<2x9xui8>, tensor<f32>, tensor<i32>) {
  %c = arith.constant dense<[[0.0, 0x7FC00000, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0x7F800000, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x9xf32>
  %y = qnn.add %x, %c : (tensor<2x9xf32>, tensor<2x9xf32>) -> tensor<2x9xf32>
  %q, %s, %z = qnn.dynamic_quantize %y : tensor<2x9xf32> -> tensor<2x9xui8>, tensor<f32>, tensor<i32>
  return %q, %s, %z : tensor<2x9xui8>, tensor<f32>, tensor<i32>
}
