// Data movement against NumPy (exact: values are copied), plus the
// requantizing quantized concat and the quantized pad value.

// RUN: %python %S/Inputs/gen.py %t.x.npy="randn(2, 3, 4)" %t.y.npy="randn(2, 2, 4)" \
// RUN:   %t.qx.npy="randint(0, 256, (2, 3, 4), 'u1')" \
// RUN:   %t.qy.npy="randint(-128, 128, (2, 2, 4), 'i1')" \
// RUN:   %t.i.npy="np.array([[0, -1], [2, -3]], np.int64)"

// RUN: quant-run --interpret %s --entry float_moves --input %t.x.npy --input %t.y.npy \
// RUN:   --input %t.i.npy --output %t.cat.npy --output %t.tr.npy --output %t.sl.npy \
// RUN:   --output %t.pad.npy --output %t.ga.npy --output %t.re.npy --output %t.fl.npy \
// RUN:   --output %t.sq.npy --output %t.un.npy
// RUN: %python %S/Inputs/check.py --exact %t.cat.npy "np.concatenate([x, y], axis=1)" x=%t.x.npy y=%t.y.npy
// RUN: %python %S/Inputs/check.py --exact %t.tr.npy "x.transpose(2, 0, 1)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.sl.npy "x[1:2, 0:3:2, 1:4:2]" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.pad.npy \
// RUN:   "np.pad(x, ((0, 1), (2, 0), (1, 1)), constant_values=1.5)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.ga.npy "np.take(x, i, axis=1)" x=%t.x.npy i=%t.i.npy
// RUN: %python %S/Inputs/check.py --exact %t.re.npy "x.reshape(4, 6)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.fl.npy "x.reshape(6, 4)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.sq.npy "x[1:2, 0:3:2, 1:4:2].reshape(2, 2)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.un.npy "x.reshape(2, 1, 3, 4, 1)" x=%t.x.npy
func.func @float_moves(%x: tensor<2x3x4xf32>, %y: tensor<2x2x4xf32>, %i: tensor<2x2xi64>)
    -> (tensor<2x5x4xf32>, tensor<4x2x3xf32>, tensor<1x2x2xf32>, tensor<3x5x6xf32>,
        tensor<2x2x2x4xf32>, tensor<4x6xf32>, tensor<6x4xf32>, tensor<2x2xf32>,
        tensor<2x1x3x4x1xf32>) {
  %cat = qnn.concat %x, %y {axis = -2 : i64}
         : (tensor<2x3x4xf32>, tensor<2x2x4xf32>) -> tensor<2x5x4xf32>
  %tr = qnn.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %sl = qnn.slice %x {starts = array<i64: 1, 0, 1>, ends = array<i64: 2, 3, 4>,
                      steps = array<i64: 1, 2, 2>} : tensor<2x3x4xf32> -> tensor<1x2x2xf32>
  %pad = qnn.pad %x {pads = array<i64: 0, 2, 1, 1, 0, 1>, value = 1.5 : f32}
         : tensor<2x3x4xf32> -> tensor<3x5x6xf32>
  %ga = qnn.gather %x, %i {axis = 1 : i64}
        : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x2x2x4xf32>
  %re = qnn.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %fl = qnn.flatten %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %sq = qnn.squeeze %sl {axes = array<i64: 0>} : tensor<1x2x2xf32> -> tensor<2x2xf32>
  %un = qnn.unsqueeze %x {axes = array<i64: 1, -1>} : tensor<2x3x4xf32> -> tensor<2x1x3x4x1xf32>
  return %cat, %tr, %sl, %pad, %ga, %re, %fl, %sq, %un : tensor<2x5x4xf32>,
      tensor<4x2x3xf32>, tensor<1x2x2xf32>, tensor<3x5x6xf32>, tensor<2x2x2x4xf32>,
      tensor<4x6xf32>, tensor<6x4xf32>, tensor<2x2xf32>, tensor<2x1x3x4x1xf32>
}

// Quantized concat requantizes each operand quantized differently from the
// result (M = s_in * (1 / s_out)); quantized pad fills with quantize(value).
// RUN: quant-run --interpret %s --entry quantized_moves --input %t.qx.npy --input %t.qy.npy \
// RUN:   --output %t.qcat.npy --output %t.qpad.npy --output %t.qtr.npy
// RUN: %python %S/Inputs/check.py --exact %t.qcat.npy \
// RUN:   "np.concatenate([x, requant(y.astype(np.int64) + 3, multiplier(0.02, 1, 0.05), 128, 0, 255)], axis=1)" \
// RUN:   x=%t.qx.npy y=%t.qy.npy
// RUN: %python %S/Inputs/check.py --exact %t.qpad.npy \
// RUN:   "np.pad(x, ((0, 0), (1, 0), (0, 2)), constant_values=quantize(-0.3, 0.05, 128, 0, 255))" x=%t.qx.npy
// RUN: %python %S/Inputs/check.py --exact %t.qtr.npy "y.transpose(0, 2, 1)" y=%t.qy.npy
!a = !quant.uniform<u8:f32, 0.05:128>
!b = !quant.uniform<i8:f32, 0.02:-3>
!pc = !quant.uniform<i8:f32:1, {0.1, 0.2}>
!pct = !quant.uniform<i8:f32:2, {0.1, 0.2}>
func.func @quantized_moves(%x: tensor<2x3x4x!a>, %y: tensor<2x2x4x!b>)
    -> (tensor<2x5x4x!a>, tensor<2x4x6x!a>, tensor<2x4x2x!pct>) {
  %cat = qnn.concat %x, %y {axis = 1 : i64}
         : (tensor<2x3x4x!a>, tensor<2x2x4x!b>) -> tensor<2x5x4x!a>
  %pad = qnn.pad %x {pads = array<i64: 0, 1, 0, 0, 0, 2>, value = -0.3 : f32}
         : tensor<2x3x4x!a> -> tensor<2x4x6x!a>
  %yc = quant.scast %y : tensor<2x2x4x!b> to tensor<2x2x4xi8>
  %yp = quant.scast %yc : tensor<2x2x4xi8> to tensor<2x2x4x!pc>
  %tr = qnn.transpose %yp {perm = array<i64: 0, 2, 1>} : tensor<2x2x4x!pc> -> tensor<2x4x2x!pct>
  return %cat, %pad, %tr : tensor<2x5x4x!a>, tensor<2x4x6x!a>, tensor<2x4x2x!pct>
}
