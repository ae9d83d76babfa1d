// quantize, dequantize, requantize, fake_quant and dynamic_quantize against
// NumPy, bit for bit: round half to even (x / s lands exactly on .5 for many
// of these inputs), saturation, narrow ranges, per-channel parameters.

// Multiples of s / 2 = 0.25 in [-40, 40): exact ties after x / s, and
// values beyond the range of i8 and u8.
// RUN: %python %S/Inputs/gen.py %t.x.npy="randint(-160, 160, (4, 6), 'f4') * 0.25" \
// RUN:   %t.f.npy="randn(2, 3, 5) * 4"

// RUN: quant-run --interpret %s --entry quantize_ties --input %t.x.npy \
// RUN:   --output %t.q1.npy --output %t.q2.npy --output %t.q3.npy
// RUN: %python %S/Inputs/check.py --exact %t.q1.npy "quantize(x, 0.5, 3, -128, 127)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.q2.npy "quantize(x, 0.5, 0, -127, 127)" x=%t.x.npy
// RUN: %python %S/Inputs/check.py --exact %t.q3.npy "quantize(x, 0.25, 10, 0, 255)" x=%t.x.npy
func.func @quantize_ties(%x: tensor<4x6xf32>)
    -> (tensor<4x6x!quant.uniform<i8:f32, 0.5:3>>,
        tensor<4x6x!quant.uniform<i8<-127:127>:f32, 0.5>>,
        tensor<4x6x!quant.uniform<u8:f32, 0.25:10>>) {
  %a = qnn.quantize %x : tensor<4x6xf32> -> tensor<4x6x!quant.uniform<i8:f32, 0.5:3>>
  %b = qnn.quantize %x : tensor<4x6xf32> -> tensor<4x6x!quant.uniform<i8<-127:127>:f32, 0.5>>
  %c = qnn.quantize %x : tensor<4x6xf32> -> tensor<4x6x!quant.uniform<u8:f32, 0.25:10>>
  return %a, %b, %c : tensor<4x6x!quant.uniform<i8:f32, 0.5:3>>,
      tensor<4x6x!quant.uniform<i8<-127:127>:f32, 0.5>>,
      tensor<4x6x!quant.uniform<u8:f32, 0.25:10>>
}

// Per-channel along axis 1, then back: dequantize (q - z) * s per channel.
// RUN: quant-run --interpret %s --entry per_channel --input %t.f.npy \
// RUN:   --output %t.pq.npy --output %t.pd.npy
// RUN: %python %S/Inputs/check.py --exact %t.pq.npy \
// RUN:   "quantize(f, [0.1, 0.05, 0.3], [0, 5, -7], -128, 127, axis=1)" f=%t.f.npy
// RUN: %python %S/Inputs/check.py --exact %t.pd.npy \
// RUN:   "dequantize(quantize(f, [0.1, 0.05, 0.3], [0, 5, -7], -128, 127, axis=1), [0.1, 0.05, 0.3], [0, 5, -7], axis=1)" f=%t.f.npy
!pc = !quant.uniform<i8:f32:1, {0.1, 0.05:5, 0.3:-7}>
func.func @per_channel(%x: tensor<2x3x5xf32>)
    -> (tensor<2x3x5x!pc>, tensor<2x3x5xf32>) {
  %q = qnn.quantize %x : tensor<2x3x5xf32> -> tensor<2x3x5x!pc>
  %d = qnn.dequantize %q : tensor<2x3x5x!pc> -> tensor<2x3x5xf32>
  return %q, %d : tensor<2x3x5x!pc>, tensor<2x3x5xf32>
}

// requantize: clamp(rne(float(q - z_in) * M) + z_out), M = s_in * (1 / s_out),
// per tensor and per channel; fake_quant as quantize then dequantize.
// RUN: quant-run --interpret %s --entry requantize --input %t.f.npy \
// RUN:   --output %t.r1.npy --output %t.r2.npy --output %t.fq.npy
// RUN: %python %S/Inputs/check.py --exact %t.r1.npy \
// RUN:   "requant(quantize(f, 0.07, 100, 0, 255) - 100, multiplier(0.07, 1, 0.3), -3, -128, 127)" f=%t.f.npy
// RUN: %python %S/Inputs/check.py --exact %t.r2.npy \
// RUN:   "requant(quantize(f, [0.1, 0.05, 0.3], [0, 5, -7], -128, 127, axis=1) - bcast([0, 5, -7], 3, 1, np.int64), bcast(multiplier([0.1, 0.05, 0.3], 1, 0.5), 3, 1, np.float32), 12, 0, 255)" f=%t.f.npy
// RUN: %python %S/Inputs/check.py --exact %t.fq.npy \
// RUN:   "dequantize(quantize(f, 0.125, -4, -8, 7), 0.125, -4)" f=%t.f.npy
func.func @requantize(%x: tensor<2x3x5xf32>)
    -> (tensor<2x3x5x!quant.uniform<i8:f32, 0.3:-3>>,
        tensor<2x3x5x!quant.uniform<u8:f32, 0.5:12>>, tensor<2x3x5xf32>) {
  %q = qnn.quantize %x : tensor<2x3x5xf32> -> tensor<2x3x5x!quant.uniform<u8:f32, 0.07:100>>
  %r = qnn.requantize %q : tensor<2x3x5x!quant.uniform<u8:f32, 0.07:100>>
                        -> tensor<2x3x5x!quant.uniform<i8:f32, 0.3:-3>>
  %p = qnn.quantize %x : tensor<2x3x5xf32> -> tensor<2x3x5x!pc>
  %s = qnn.requantize %p : tensor<2x3x5x!pc>
                        -> tensor<2x3x5x!quant.uniform<u8:f32, 0.5:12>>
  %f = qnn.fake_quant %x {qtype = !quant.uniform<i4:f32, 0.125:-4>} : tensor<2x3x5xf32>
  return %r, %s, %f : tensor<2x3x5x!quant.uniform<i8:f32, 0.3:-3>>,
      tensor<2x3x5x!quant.uniform<u8:f32, 0.5:12>>, tensor<2x3x5xf32>
}

// ONNX DynamicQuantizeLinear: storage, scale and zero point.
// RUN: quant-run --interpret %s --entry dynamic --input %t.f.npy \
// RUN:   --output %t.dq.npy --output %t.ds.npy --output %t.dz.npy
// RUN: %python %S/Inputs/check.py --exact %t.dq.npy "dynamic_quantize(f)[0]" f=%t.f.npy
// RUN: %python %S/Inputs/check.py --exact %t.ds.npy "dynamic_quantize(f)[1]" f=%t.f.npy
// RUN: %python %S/Inputs/check.py --exact %t.dz.npy "dynamic_quantize(f)[2]" f=%t.f.npy
func.func @dynamic(%x: tensor<2x3x5xf32>)
    -> (tensor<2x3x5xui8>, tensor<f32>, tensor<i32>) {
  %q, %s, %z = qnn.dynamic_quantize %x
      : tensor<2x3x5xf32> -> tensor<2x3x5xui8>, tensor<f32>, tensor<i32>
  return %q, %s, %z : tensor<2x3x5xui8>, tensor<f32>, tensor<i32>
}
