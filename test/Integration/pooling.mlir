// Pools and reduce_mean, compiled (generic and host) and run against the
// interpreter: quantized results bit-identical, float results too (the sums
// add the same f32 terms in the same order, max pools compare the same way).
// Windows cover kernel 3 stride 2 pad 1, ceil_mode, count_include_pad both
// ways, asymmetric padding, dilation, windows entirely in the padding, a
// global pool on 7x7 with batch 2 and 3 or 5 channels. NaN and ±Inf are
// made inside the float model (x / z with zeros in z), since input files
// holding them are rejected.

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(2, 3, 7, 7) * 4" \
// RUN:   %t.z.npy="np.where(randn(2, 3, 7, 7) > 1.2, 0.0, 1.0).astype('f4')" \
// RUN:   %t.q.npy="randint(0, 256, (2, 5, 7, 7), 'u1')" \
// RUN:   %t.s.npy="randint(-128, 128, (2, 5, 7, 7), 'i1')"

// RUN: %python %S/Inputs/compare_compiled.py %s --entry float_pools --outputs 8 \
// RUN:   --input %t.x.npy --input %t.z.npy | FileCheck %s --check-prefix=FLOAT
// FLOAT-COUNT-8: float_pools output {{[0-7]}} (generic): bit-identical
// FLOAT-COUNT-8: float_pools output {{[0-7]}} (host): bit-identical
func.func @float_pools(%x0: tensor<2x3x7x7xf32>, %z: tensor<2x3x7x7xf32>)
    -> (tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>,
        tensor<2x3x4x4xf32>, tensor<2x3x7x3xf32>, tensor<2x3x1x1xf32>,
        tensor<2x7xf32>, tensor<1x1x1x1xf32>) {
  // x / z: ±Inf where z is 0 (NaN where x is 0 too, which randn never is),
  // x elsewhere; then a NaN from Inf - Inf.
  %d = qnn.div %x0, %z : (tensor<2x3x7x7xf32>, tensor<2x3x7x7xf32>) -> tensor<2x3x7x7xf32>
  %n = qnn.sub %d, %d : (tensor<2x3x7x7xf32>, tensor<2x3x7x7xf32>) -> tensor<2x3x7x7xf32>
  %x = qnn.add %d, %n : (tensor<2x3x7x7xf32>, tensor<2x3x7x7xf32>) -> tensor<2x3x7x7xf32>
  %max = qnn.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x7x7xf32>) -> tensor<2x3x4x4xf32>
  %maxd = qnn.max_pool2d %d {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 2>,
           ceil_mode = true} : (tensor<2x3x7x7xf32>) -> tensor<2x3x4x4xf32>
  %avg = qnn.avg_pool2d %d {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>, ceil_mode = true}
         : (tensor<2x3x7x7xf32>) -> tensor<2x3x4x4xf32>
  %avgp = qnn.avg_pool2d %x0 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true}
         : (tensor<2x3x7x7xf32>) -> tensor<2x3x4x4xf32>
  %avga = qnn.avg_pool2d %x0 {kernel = array<i64: 2, 3>, strides = array<i64: 1, 2>,
           padding = array<i64: 0, 1, 1, 0>} : (tensor<2x3x7x7xf32>) -> tensor<2x3x7x3xf32>
  %gap = qnn.global_avg_pool2d %d : (tensor<2x3x7x7xf32>) -> tensor<2x3x1x1xf32>
  %mean = qnn.reduce_mean %x0 {axes = array<i64: 1, -1>, keepdims = false}
          : (tensor<2x3x7x7xf32>) -> tensor<2x7xf32>
  %all = qnn.reduce_mean %x0 {axes = array<i64>} : (tensor<2x3x7x7xf32>) -> tensor<1x1x1x1xf32>
  return %max, %maxd, %avg, %avgp, %avga, %gap, %mean, %all
      : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>,
        tensor<2x3x4x4xf32>, tensor<2x3x7x3xf32>, tensor<2x3x1x1xf32>,
        tensor<2x7xf32>, tensor<1x1x1x1xf32>
}

// RUN: %python %S/Inputs/compare_compiled.py %s --entry quantized_pools --outputs 10 \
// RUN:   --input %t.q.npy --input %t.s.npy | FileCheck %s --check-prefix=QUANT
// QUANT-COUNT-10: quantized_pools output {{[0-9]}} (generic): bit-identical
// QUANT-COUNT-10: quantized_pools output {{[0-9]}} (host): bit-identical
!u = !quant.uniform<u8:f32, 0.05:128>
!uo = !quant.uniform<u8:f32, 0.04:120>
!s = !quant.uniform<i8:f32, 0.03:-5>
!so = !quant.uniform<i8:f32, 0.02:3>
!n = !quant.uniform<i8<-127:127>:f32, 0.03:2>
func.func @quantized_pools(%q: tensor<2x5x7x7x!u>, %s: tensor<2x5x7x7x!s>)
    -> (tensor<2x5x4x4x!u>, tensor<2x5x4x4x!s>, tensor<2x5x9x9x!n>,
        tensor<2x5x4x4x!uo>, tensor<2x5x4x4x!uo>, tensor<2x5x4x4x!so>,
        tensor<2x5x9x9x!uo>, tensor<2x5x1x1x!s>, tensor<2x5x1x1x!uo>,
        tensor<5x7x!so>) {
  %max = qnn.max_pool2d %q {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>} : (tensor<2x5x7x7x!u>) -> tensor<2x5x4x4x!u>
  %maxs = qnn.max_pool2d %s {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 2>,
           ceil_mode = true} : (tensor<2x5x7x7x!s>) -> tensor<2x5x4x4x!s>
  // Narrow range: the border windows lie entirely in the padding and yield
  // qmin = -127.
  %nr = qnn.requantize %s : tensor<2x5x7x7x!s> -> tensor<2x5x7x7x!n>
  %maxn = qnn.max_pool2d %nr {kernel = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>}
          : (tensor<2x5x7x7x!n>) -> tensor<2x5x9x9x!n>
  %avg = qnn.avg_pool2d %q {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>} : (tensor<2x5x7x7x!u>) -> tensor<2x5x4x4x!uo>
  %avgp = qnn.avg_pool2d %q {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>, count_include_pad = true}
         : (tensor<2x5x7x7x!u>) -> tensor<2x5x4x4x!uo>
  %avgc = qnn.avg_pool2d %s {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 0, 1, 1, 0>, ceil_mode = true, count_include_pad = true}
         : (tensor<2x5x7x7x!s>) -> tensor<2x5x4x4x!so>
  // Count 0 on the border (kernel 1 in the padding): z_out.
  %avg0 = qnn.avg_pool2d %q {kernel = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>}
          : (tensor<2x5x7x7x!u>) -> tensor<2x5x9x9x!uo>
  %gaps = qnn.global_avg_pool2d %s : (tensor<2x5x7x7x!s>) -> tensor<2x5x1x1x!s>
  %gapu = qnn.global_avg_pool2d %q : (tensor<2x5x7x7x!u>) -> tensor<2x5x1x1x!uo>
  %mean = qnn.reduce_mean %s {axes = array<i64: 0, 2>, keepdims = false}
          : (tensor<2x5x7x7x!s>) -> tensor<5x7x!so>
  return %max, %maxs, %maxn, %avg, %avgp, %avgc, %avg0, %gaps, %gapu, %mean
      : tensor<2x5x4x4x!u>, tensor<2x5x4x4x!s>, tensor<2x5x9x9x!n>,
        tensor<2x5x4x4x!uo>, tensor<2x5x4x4x!uo>, tensor<2x5x4x4x!so>,
        tensor<2x5x9x9x!uo>, tensor<2x5x1x1x!s>, tensor<2x5x1x1x!uo>,
        tensor<5x7x!so>
}
