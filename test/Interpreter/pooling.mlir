// Pools and reduce_mean against NumPy: max (padding, dilation, ceil_mode),
// average (count_include_pad either way, ceil_mode), global average and
// reduce_mean, on f32 and on quantized tensors (exact: max on stored values,
// averages as i32 sums of q - z_in requantized with
// M = s_in * (1 / (s_out * count))).

// RUN: %python %S/Inputs/gen.py %t.x.npy="randn(2, 3, 7, 8)" \
// RUN:   %t.q.npy="randint(0, 256, (2, 3, 7, 8), 'u1')"

// RUN: quant-run --interpret %s --entry float_pools --input %t.x.npy \
// RUN:   --output %t.max.npy --output %t.avg.npy --output %t.avgp.npy \
// RUN:   --output %t.gap.npy --output %t.mean.npy
// RUN: %python %S/Inputs/check.py --exact %t.max.npy \
// RUN:   "pool2d(x, (3, 2), stride=(2, 2), pad=(1, 0, 1, 1), dil=(1, 2), ceil=True)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py %t.avg.npy \
// RUN:   "avg_pool2d(x, (3, 3), stride=(2, 2), pad=(1, 1, 1, 1), ceil=True)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py %t.avgp.npy \
// RUN:   "avg_pool2d(x, (3, 3), stride=(2, 2), pad=(1, 1, 1, 1), ceil=True, include_pad=True)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py %t.gap.npy "x.astype(np.float64).mean(axis=(2, 3), keepdims=True)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py %t.mean.npy "x.astype(np.float64).mean(axis=(0, 2))" x=%t.x.npy
func.func @float_pools(%x: tensor<2x3x7x8xf32>)
    -> (tensor<2x3x4x4xf32>, tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>,
        tensor<2x3x1x1xf32>, tensor<3x8xf32>) {
  %max = qnn.max_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 2>,
           ceil_mode = true} : (tensor<2x3x7x8xf32>) -> tensor<2x3x4x4xf32>
  %avg = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>, ceil_mode = true}
         : (tensor<2x3x7x8xf32>) -> tensor<2x3x4x5xf32>
  %avgp = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true}
         : (tensor<2x3x7x8xf32>) -> tensor<2x3x4x5xf32>
  %gap = qnn.global_avg_pool2d %x : (tensor<2x3x7x8xf32>) -> tensor<2x3x1x1xf32>
  %mean = qnn.reduce_mean %x {axes = array<i64: 0, -2>, keepdims = false}
          : (tensor<2x3x7x8xf32>) -> tensor<3x8xf32>
  return %max, %avg, %avgp, %gap, %mean : tensor<2x3x4x4xf32>, tensor<2x3x4x5xf32>,
      tensor<2x3x4x5xf32>, tensor<2x3x1x1xf32>, tensor<3x8xf32>
}

// RUN: quant-run --interpret %s --entry quantized_pools --input %t.q.npy \
// RUN:   --output %t.qmax.npy --output %t.qavg.npy --output %t.qgap.npy --output %t.qmean.npy
// RUN: %python %S/Inputs/check.py --exact %t.qmax.npy "pool2d(q, (2, 2), stride=(2, 2))" q=%t.q.npy
// RUN: %python %S/Inputs/check.py --exact %t.qavg.npy \
// RUN:   "qavg_pool2d(q, 128, 0.05, 0.04, 120, 0, 255, (3, 3), pad=(1, 1, 1, 1))" q=%t.q.npy
// RUN: %python %S/Inputs/check.py --exact %t.qgap.npy \
// RUN:   "qmean(q, (2, 3), 128, 0.05, 0.01, -3, -128, 127)" q=%t.q.npy
// RUN: %python %S/Inputs/check.py --exact %t.qmean.npy \
// RUN:   "qmean(q, (1,), 128, 0.05, 0.03, 0, -128, 127)" q=%t.q.npy
!q = !quant.uniform<u8:f32, 0.05:128>
func.func @quantized_pools(%x: tensor<2x3x7x8x!q>)
    -> (tensor<2x3x3x4x!q>, tensor<2x3x7x8x!quant.uniform<u8:f32, 0.04:120>>,
        tensor<2x3x1x1x!quant.uniform<i8:f32, 0.01:-3>>,
        tensor<2x1x7x8x!quant.uniform<i8:f32, 0.03>>) {
  %max = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
         : (tensor<2x3x7x8x!q>) -> tensor<2x3x3x4x!q>
  %avg = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
         : (tensor<2x3x7x8x!q>) -> tensor<2x3x7x8x!quant.uniform<u8:f32, 0.04:120>>
  %gap = qnn.global_avg_pool2d %x
         : (tensor<2x3x7x8x!q>) -> tensor<2x3x1x1x!quant.uniform<i8:f32, 0.01:-3>>
  %mean = qnn.reduce_mean %x {axes = array<i64: 1>}
          : (tensor<2x3x7x8x!q>) -> tensor<2x1x7x8x!quant.uniform<i8:f32, 0.03>>
  return %max, %avg, %gap, %mean : tensor<2x3x3x4x!q>,
      tensor<2x3x7x8x!quant.uniform<u8:f32, 0.04:120>>,
      tensor<2x3x1x1x!quant.uniform<i8:f32, 0.01:-3>>,
      tensor<2x1x7x8x!quant.uniform<i8:f32, 0.03>>
}
