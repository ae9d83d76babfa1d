// softmax, layer_norm and batch_norm compiled (generic and host) against
// the interpreter. These float ops may feed a quantize, so the outputs must
// be bit-identical, NaN payloads included: the same f32 reductions in index
// order, the same libm calls.

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(2, 3, 4, 5) * 3" \
// RUN:   %t.g.npy="randn(3)" %t.b.npy="randn(3)" %t.m.npy="randn(3)" \
// RUN:   %t.v.npy="uniform(0.5, 2.0, (3,))" %t.lg.npy="randn(4, 5)" %t.lb.npy="randn(4, 5)" \
// RUN:   %t.o.npy="randn(3, 17, 9) * 10" %t.og.npy="randn(3, 17, 9)" %t.s.npy="randn(4, 6)"

// Softmax along a middle, the last and the first axis.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry softmax --outputs 3 \
// RUN:   --input %t.x.npy | FileCheck %s --check-prefix=SOFTMAX
// SOFTMAX-COUNT-6: bit-identical
func.func @softmax(%x: tensor<2x3x4x5xf32>)
    -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) {
  %a = qnn.softmax %x {axis = 1 : i64} : tensor<2x3x4x5xf32>
  %b = qnn.softmax %x : tensor<2x3x4x5xf32>
  %c = qnn.softmax %x {axis = 0 : i64} : tensor<2x3x4x5xf32>
  return %a, %b, %c : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
}

// NaN, +Inf and -Inf (input files holding them are rejected, so a constant
// adds them): rows with a NaN, with +Inf (Inf - Inf is NaN), all -Inf (the
// max stays -Inf, -Inf - -Inf is NaN) and with one -Inf (exp gives 0);
// along axis 0 each mixes with finite values.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry softmax_special --outputs 2 \
// RUN:   --input %t.s.npy | FileCheck %s --check-prefix=SPECIAL
// SPECIAL-COUNT-4: bit-identical
func.func @softmax_special(%x: tensor<4x6xf32>) -> (tensor<4x6xf32>, tensor<4x6xf32>) {
  %special = arith.constant dense<[
      [0.0, 0.0, 0x7FC00000, 0.0, 0.0, 0.0],
      [0.0, 0x7F800000, 0.0, 0.0, 0.0, 0.0],
      [0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000],
      [0.0, 0.0, 0.0, 0.0, 0xFF800000, 0.0]]> : tensor<4x6xf32>
  %y = qnn.add %x, %special : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %a = qnn.softmax %y : tensor<4x6xf32>
  %b = qnn.softmax %y {axis = 0 : i64} : tensor<4x6xf32>
  return %a, %b : tensor<4x6xf32>, tensor<4x6xf32>
}

// Softmax feeding a quantize (17 classes, batch 3 x 9).
// RUN: %python %S/Inputs/compare_compiled.py %s --entry softmax_quantize \
// RUN:   --input %t.o.npy | FileCheck %s --check-prefix=QUANTIZE
// QUANTIZE-COUNT-2: bit-identical
!u8 = !quant.uniform<u8:f32, 0.00392156862:0>
func.func @softmax_quantize(%x: tensor<3x17x9xf32>) -> tensor<3x17x9x!u8> {
  %s = qnn.softmax %x {axis = 1 : i64} : tensor<3x17x9xf32>
  %q = qnn.quantize %s : tensor<3x17x9xf32> -> tensor<3x17x9x!u8>
  return %q : tensor<3x17x9x!u8>
}

// Layer norm over the last two axes with bias, and over all axes without.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry layer_norm --outputs 2 \
// RUN:   --input %t.x.npy --input %t.lg.npy --input %t.lb.npy --input %t.o.npy \
// RUN:   --input %t.og.npy | FileCheck %s --check-prefix=LAYERNORM
// LAYERNORM-COUNT-4: bit-identical
func.func @layer_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<4x5xf32>, %b: tensor<4x5xf32>,
                      %o: tensor<3x17x9xf32>, %og: tensor<3x17x9xf32>)
    -> (tensor<2x3x4x5xf32>, tensor<3x17x9xf32>) {
  %a = qnn.layer_norm %x, %g, %b {axis = -2 : i64}
       : (tensor<2x3x4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<2x3x4x5xf32>
  %c = qnn.layer_norm %o, %og {axis = 0 : i64, epsilon = 0.1 : f32}
       : (tensor<3x17x9xf32>, tensor<3x17x9xf32>) -> tensor<3x17x9xf32>
  return %a, %c : tensor<2x3x4x5xf32>, tensor<3x17x9xf32>
}

// RUN: %python %S/Inputs/compare_compiled.py %s --entry batch_norm --input %t.x.npy \
// RUN:   --input %t.g.npy --input %t.b.npy --input %t.m.npy --input %t.v.npy \
// RUN:   | FileCheck %s --check-prefix=BATCHNORM
// BATCHNORM-COUNT-2: bit-identical
func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %y = qnn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-03 : f32}
       : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>,
          tensor<3xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}
