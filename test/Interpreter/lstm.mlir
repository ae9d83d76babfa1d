// qnn.lstm against NumPy: forward with bias and initial state, bidirectional
// without, and quantized weights (dynamic quantization of X_t and H_{t-1};
// compared with a tolerance, since one rounding of the state to f32 can move
// a dynamic quantization step).

// RUN: %python %S/Inputs/gen.py %t.x.npy="randn(5, 2, 3)" \
// RUN:   %t.w.npy="randn(1, 16, 3) * 0.5" %t.r.npy="randn(1, 16, 4) * 0.5" \
// RUN:   %t.b.npy="randn(1, 32) * 0.1" %t.h.npy="randn(1, 2, 4)" %t.c.npy="randn(1, 2, 4)" \
// RUN:   %t.w2.npy="randn(2, 16, 3) * 0.5" %t.r2.npy="randn(2, 16, 4) * 0.5" \
// RUN:   %t.qw.npy="randint(-127, 128, (1, 16, 3), 'i1')" \
// RUN:   %t.qr.npy="randint(-127, 128, (1, 16, 4), 'i1')"

// RUN: quant-run --interpret %s --entry forward --input %t.x.npy --input %t.w.npy \
// RUN:   --input %t.r.npy --input %t.b.npy --input %t.h.npy --input %t.c.npy \
// RUN:   --output %t.y.npy --output %t.yh.npy --output %t.yc.npy
// RUN: %python %S/Inputs/check.py %t.y.npy "lstm(x, w, r, b, h, c)[0]" \
// RUN:   x=%t.x.npy w=%t.w.npy r=%t.r.npy b=%t.b.npy h=%t.h.npy c=%t.c.npy
// RUN: %python %S/Inputs/check.py %t.yh.npy "lstm(x, w, r, b, h, c)[1]" \
// RUN:   x=%t.x.npy w=%t.w.npy r=%t.r.npy b=%t.b.npy h=%t.h.npy c=%t.c.npy
// RUN: %python %S/Inputs/check.py %t.yc.npy "lstm(x, w, r, b, h, c)[2]" \
// RUN:   x=%t.x.npy w=%t.w.npy r=%t.r.npy b=%t.b.npy h=%t.h.npy c=%t.c.npy
func.func @forward(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>,
                   %b: tensor<1x32xf32>, %h: tensor<1x2x4xf32>, %c: tensor<1x2x4xf32>)
    -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r, %b initial_h(%h) initial_c(%c) {hidden_size = 4 : i64}
      : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>, tensor<1x32xf32>,
         tensor<1x2x4xf32>, tensor<1x2x4xf32>)
      -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %yh, %yc : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// RUN: quant-run --interpret %s --entry bidirectional --input %t.x.npy \
// RUN:   --input %t.w2.npy --input %t.r2.npy --output %t.by.npy --output %t.byc.npy
// RUN: %python %S/Inputs/check.py %t.by.npy "lstm(x, w, r, direction='bidirectional')[0]" \
// RUN:   x=%t.x.npy w=%t.w2.npy r=%t.r2.npy
// RUN: %python %S/Inputs/check.py %t.byc.npy "lstm(x, w, r, direction='bidirectional')[2]" \
// RUN:   x=%t.x.npy w=%t.w2.npy r=%t.r2.npy
func.func @bidirectional(%x: tensor<5x2x3xf32>, %w: tensor<2x16x3xf32>, %r: tensor<2x16x4xf32>)
    -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r {hidden_size = 4 : i64, direction = #qnn.lstm_direction<bidirectional>}
      : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>)
      -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  return %y, %yc : tensor<5x2x2x4xf32>, tensor<2x2x4xf32>
}

// Per-row scales for W (axis 1), one scale for R, reverse direction.
// RUN: quant-run --interpret %s --entry quantized --input %t.x.npy --input %t.qw.npy \
// RUN:   --input %t.qr.npy --input %t.b.npy --output %t.qy.npy
// RUN: %python %S/Inputs/check.py --tol 1e-3 %t.qy.npy \
// RUN:   "lstm(x, w, r, b, direction='reverse', quantized=(np.array([[0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045, 0.005, 0.0055, 0.006, 0.0065, 0.007, 0.0075, 0.008, 0.0085, 0.009, 0.0095]], np.float32), np.full((1, 16), 0.003, np.float32)))[0]" \
// RUN:   x=%t.x.npy w=%t.qw.npy r=%t.qr.npy b=%t.b.npy
!w = !quant.uniform<i8<-127:127>:f32:1, {0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045, 0.005, 0.0055, 0.006, 0.0065, 0.007, 0.0075, 0.008, 0.0085, 0.009, 0.0095}>
!r = !quant.uniform<i8<-127:127>:f32, 0.003>
func.func @quantized(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3x!w>, %r: tensor<1x16x4x!r>,
                     %b: tensor<1x32xf32>) -> tensor<5x1x2x4xf32> {
  %y, %yh, %yc = qnn.lstm %x, %w, %r, %b {hidden_size = 4 : i64, direction = #qnn.lstm_direction<reverse>}
      : (tensor<5x2x3xf32>, tensor<1x16x3x!w>, tensor<1x16x4x!r>, tensor<1x32xf32>)
      -> (tensor<5x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y : tensor<5x1x2x4xf32>
}
