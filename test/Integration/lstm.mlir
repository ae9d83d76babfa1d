// qnn.lstm compiled (generic and host) against the interpreter. The float
// forms are bit-identical, not only within 1e-5: the gate products are f32
// reductions over k in the interpreter's GEMM order, and the cell makes the
// same expf / tanhf calls. The dynamically quantized form is bit-identical
// too (the same run-time quantization of X_t and H_{t-1}, exact i32 sums,
// the same f32 rescaling), so every output is compared byte for byte.

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(7, 3, 5)" \
// RUN:   %t.w.npy="randn(1, 28, 5) * 0.5" %t.r.npy="randn(1, 28, 7) * 0.5" \
// RUN:   %t.b.npy="randn(1, 56) * 0.1" %t.h.npy="randn(1, 3, 7)" %t.c.npy="randn(1, 3, 7)" \
// RUN:   %t.w2.npy="randn(2, 28, 5) * 0.5" %t.r2.npy="randn(2, 28, 7) * 0.5" \
// RUN:   %t.b2.npy="randn(2, 56) * 0.1" %t.h2.npy="randn(2, 3, 7)" %t.c2.npy="randn(2, 3, 7)" \
// RUN:   %t.qw.npy="randint(-127, 128, (2, 28, 5), 'i1')" \
// RUN:   %t.qr.npy="randint(-127, 128, (2, 28, 7), 'i1')"

// Forward with bias and initial state; hidden 7, batch 3, 7 steps.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry forward --outputs 3 \
// RUN:   --input %t.x.npy --input %t.w.npy --input %t.r.npy --input %t.b.npy \
// RUN:   --input %t.h.npy --input %t.c.npy | FileCheck %s --check-prefix=FORWARD
// FORWARD-COUNT-6: bit-identical
func.func @forward(%x: tensor<7x3x5xf32>, %w: tensor<1x28x5xf32>, %r: tensor<1x28x7xf32>,
                   %b: tensor<1x56xf32>, %h: tensor<1x3x7xf32>, %c: tensor<1x3x7xf32>)
    -> (tensor<7x1x3x7xf32>, tensor<1x3x7xf32>, tensor<1x3x7xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r, %b initial_h(%h) initial_c(%c) {hidden_size = 7 : i64}
      : (tensor<7x3x5xf32>, tensor<1x28x5xf32>, tensor<1x28x7xf32>, tensor<1x56xf32>,
         tensor<1x3x7xf32>, tensor<1x3x7xf32>)
      -> (tensor<7x1x3x7xf32>, tensor<1x3x7xf32>, tensor<1x3x7xf32>)
  return %y, %yh, %yc : tensor<7x1x3x7xf32>, tensor<1x3x7xf32>, tensor<1x3x7xf32>
}

// Bidirectional without bias or initial state, and reverse.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry directions --outputs 4 \
// RUN:   --input %t.x.npy --input %t.w2.npy --input %t.r2.npy --input %t.w.npy \
// RUN:   --input %t.r.npy | FileCheck %s --check-prefix=DIRECTIONS
// DIRECTIONS-COUNT-8: bit-identical
func.func @directions(%x: tensor<7x3x5xf32>, %w: tensor<2x28x5xf32>, %r: tensor<2x28x7xf32>,
                      %w1: tensor<1x28x5xf32>, %r1: tensor<1x28x7xf32>)
    -> (tensor<7x2x3x7xf32>, tensor<2x3x7xf32>, tensor<7x1x3x7xf32>, tensor<1x3x7xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r {hidden_size = 7 : i64, direction = #qnn.lstm_direction<bidirectional>}
      : (tensor<7x3x5xf32>, tensor<2x28x5xf32>, tensor<2x28x7xf32>)
      -> (tensor<7x2x3x7xf32>, tensor<2x3x7xf32>, tensor<2x3x7xf32>)
  %ry, %ryh, %ryc = qnn.lstm %x, %w1, %r1 {hidden_size = 7 : i64, direction = #qnn.lstm_direction<reverse>}
      : (tensor<7x3x5xf32>, tensor<1x28x5xf32>, tensor<1x28x7xf32>)
      -> (tensor<7x1x3x7xf32>, tensor<1x3x7xf32>, tensor<1x3x7xf32>)
  return %y, %yc, %ry, %ryh : tensor<7x2x3x7xf32>, tensor<2x3x7xf32>, tensor<7x1x3x7xf32>, tensor<1x3x7xf32>
}

// Dynamically quantized, bidirectional: W per gate row (axis 1), R per
// tensor, with bias and initial state.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry quantized --outputs 3 \
// RUN:   --input %t.x.npy --input %t.qw.npy --input %t.qr.npy --input %t.b2.npy \
// RUN:   --input %t.h2.npy --input %t.c2.npy | FileCheck %s --check-prefix=QUANTIZED
// QUANTIZED-COUNT-6: bit-identical
!w = !quant.uniform<i8<-127:127>:f32:1, {0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045, 0.005, 0.0055, 0.006, 0.0065, 0.007, 0.0075, 0.008, 0.0085, 0.009, 0.0095, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045, 0.005, 0.0055, 0.006, 0.0065}>
!r = !quant.uniform<i8<-127:127>:f32, 0.006>
func.func @quantized(%x: tensor<7x3x5xf32>, %w: tensor<2x28x5x!w>, %r: tensor<2x28x7x!r>,
                     %b: tensor<2x56xf32>, %h: tensor<2x3x7xf32>, %c: tensor<2x3x7xf32>)
    -> (tensor<7x2x3x7xf32>, tensor<2x3x7xf32>, tensor<2x3x7xf32>) {
  %y, %yh, %yc = qnn.lstm %x, %w, %r, %b initial_h(%h) initial_c(%c)
      {hidden_size = 7 : i64, direction = #qnn.lstm_direction<bidirectional>}
      : (tensor<7x3x5xf32>, tensor<2x28x5x!w>, tensor<2x28x7x!r>, tensor<2x56xf32>,
         tensor<2x3x7xf32>, tensor<2x3x7xf32>)
      -> (tensor<7x2x3x7xf32>, tensor<2x3x7xf32>, tensor<2x3x7xf32>)
  return %y, %yh, %yc : tensor<7x2x3x7xf32>, tensor<2x3x7xf32>, tensor<2x3x7xf32>
}
