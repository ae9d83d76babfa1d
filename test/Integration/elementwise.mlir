// Elementwise ops and the quantization ops, compiled (generic and host) and
// run against the interpreter: quantized results bit-identical, float results
// too (each op is one IEEE operation or the libm call the interpreter makes).
// NaN and ±Inf are made inside the models (0/0, x/0), since input files
// holding them are rejected.

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(2, 3, 5, 7) * 4" \
// RUN:   %t.c.npy="randn(3, 1, 1)" %t.z.npy="np.where(randn(2, 3, 5, 7) > 0.5, 0.0, randn(2, 3, 5, 7)).astype('f4')" \
// RUN:   %t.q.npy="randint(0, 256, (2, 3, 5, 7), 'u1')" %t.s.npy="randint(-128, 128, (1, 3, 1, 1), 'i1')"

// RUN: %python %S/Inputs/compare_compiled.py %s --entry float_ops --input %t.x.npy --input %t.c.npy --input %t.z.npy | FileCheck %s --check-prefix=FLOAT
// FLOAT: float_ops output 0 (generic): bit-identical
// FLOAT: float_ops output 0 (generic .so, 2 threads): bit-identical
// FLOAT: float_ops output 0 (host): bit-identical
// FLOAT: float_ops output 0 (host .so, 2 threads): bit-identical
func.func @float_ops(%x: tensor<2x3x5x7xf32>, %c: tensor<3x1x1xf32>,
                     %z: tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32> {
  %0 = qnn.add %x, %c {activation = #qnn.activation<relu6>} : (tensor<2x3x5x7xf32>, tensor<3x1x1xf32>) -> tensor<2x3x5x7xf32>
  %1 = qnn.sub %x, %0 : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %2 = qnn.div %1, %z : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %3 = qnn.mul %2, %c : (tensor<2x3x5x7xf32>, tensor<3x1x1xf32>) -> tensor<2x3x5x7xf32>
  %4 = qnn.tanh %3 : tensor<2x3x5x7xf32>
  %5 = qnn.sigmoid %x : tensor<2x3x5x7xf32>
  %6 = qnn.exp %5 : tensor<2x3x5x7xf32>
  %7 = qnn.pow %6, %x : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %8 = qnn.sqrt %x : tensor<2x3x5x7xf32>
  %9 = qnn.add %7, %8 : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %10 = qnn.clamp %9 {min = -1.5 : f32, max = 2.0 : f32} : tensor<2x3x5x7xf32>
  %11 = qnn.relu %2 : tensor<2x3x5x7xf32>
  %12 = qnn.add %10, %11 : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %13 = qnn.add %12, %4 : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  return %13 : tensor<2x3x5x7xf32>
}

// Quantize (with ±Inf and NaN from x / z), relu, requantize, add and mul
// with broadcasting, clamp, dequantize.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry quantized_ops --input %t.x.npy --input %t.z.npy --input %t.s.npy | FileCheck %s --check-prefix=QUANT
// QUANT: quantized_ops output 0 (generic): bit-identical
// QUANT: quantized_ops output 0 (generic .so, 2 threads): bit-identical
// QUANT: quantized_ops output 0 (host): bit-identical
// QUANT: quantized_ops output 0 (host .so, 2 threads): bit-identical
!a8 = !quant.uniform<u8:f32, 0.05:128>
!b8 = !quant.uniform<i8:f32, 0.07:-3>
!s8 = !quant.uniform<i8:f32, 0.02:5>
!y8 = !quant.uniform<u8:f32, 0.004:10>
func.func @quantized_ops(%x: tensor<2x3x5x7xf32>, %z: tensor<2x3x5x7xf32>,
                         %s: tensor<1x3x1x1x!s8>) -> tensor<2x3x5x7xf32> {
  %d = qnn.div %x, %z : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %q = qnn.quantize %d : tensor<2x3x5x7xf32> -> tensor<2x3x5x7x!a8>
  %r = qnn.relu %q : tensor<2x3x5x7x!a8>
  %b = qnn.requantize %r : tensor<2x3x5x7x!a8> -> tensor<2x3x5x7x!b8>
  %sum = qnn.add %r, %b {activation = #qnn.activation<relu6>} : (tensor<2x3x5x7x!a8>, tensor<2x3x5x7x!b8>) -> tensor<2x3x5x7x!y8>
  %m = qnn.mul %sum, %s : (tensor<2x3x5x7x!y8>, tensor<1x3x1x1x!s8>) -> tensor<2x3x5x7x!b8>
  %c = qnn.clamp %m {min = -0.5 : f32, max = 3.0 : f32} : tensor<2x3x5x7x!b8>
  %y = qnn.dequantize %c : tensor<2x3x5x7x!b8> -> tensor<2x3x5x7xf32>
  return %y : tensor<2x3x5x7xf32>
}

// Per-axis quantize and requantize, fake quantization, storage results.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry per_axis --outputs 2 --input %t.x.npy --input %t.q.npy | FileCheck %s --check-prefix=AXIS
// AXIS: per_axis output 0 (generic): bit-identical
// AXIS: per_axis output 1 (generic): bit-identical
// AXIS: per_axis output 0 (generic .so, 2 threads): bit-identical
// AXIS: per_axis output 1 (generic .so, 2 threads): bit-identical
// AXIS: per_axis output 0 (host): bit-identical
// AXIS: per_axis output 1 (host): bit-identical
// AXIS: per_axis output 0 (host .so, 2 threads): bit-identical
// AXIS: per_axis output 1 (host .so, 2 threads): bit-identical
!pc = !quant.uniform<i8:f32:1, {0.01:1, 0.03:-2, 0.5}>
!pt = !quant.uniform<u8:f32, 0.05:128>
func.func @per_axis(%x: tensor<2x3x5x7xf32>, %q: tensor<2x3x5x7x!pt>)
    -> (tensor<2x3x5x7x!pc>, tensor<2x3x5x7xf32>) {
  %a = qnn.quantize %x : tensor<2x3x5x7xf32> -> tensor<2x3x5x7x!pc>
  %r = qnn.requantize %q : tensor<2x3x5x7x!pt> -> tensor<2x3x5x7x!pc>
  %f = qnn.fake_quant %x {qtype = !quant.uniform<u8:f32:1, {0.02:100, 0.04:3, 0.1:250}>} : tensor<2x3x5x7xf32>
  %d = qnn.dequantize %r : tensor<2x3x5x7x!pc> -> tensor<2x3x5x7xf32>
  %y = qnn.add %d, %f : (tensor<2x3x5x7xf32>, tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  return %a, %y : tensor<2x3x5x7x!pc>, tensor<2x3x5x7xf32>
}
