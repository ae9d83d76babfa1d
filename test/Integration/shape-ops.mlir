// Data movement and concat, compiled (generic and host) and run against the
// interpreter: every result bit-identical (the stored values move, NaN
// payloads and signed zeros included; concat requantizes operands with
// other parameters). NaN and ±Inf are made inside the float model (x / z
// with zeros in z, then Inf - Inf), since input files holding them are
// rejected. A gather index out of range, which the interpreter reports, is
// clamped into the dimension by compiled code (docs/Rationale.md, "Gather
// out of range").

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(2, 3, 5)" \
// RUN:   %t.z.npy="np.where(randn(2, 3, 5) > 1.0, 0.0, 1.0).astype('f4')" \
// RUN:   %t.y.npy="randn(2, 2, 5)" %t.w.npy="randn(2, 1, 5)" \
// RUN:   %t.i.npy="np.array([[0, -1], [2, -3]], np.int64)" \
// RUN:   %t.qx.npy="randint(0, 256, (2, 3, 5), 'u1')" \
// RUN:   %t.qy.npy="randint(-128, 128, (2, 2, 5), 'i1')" \
// RUN:   %t.qw.npy="randint(0, 256, (2, 1, 5), 'u1')" \
// RUN:   %t.ids.npy="np.array([[3, -1, 0], [9, -10, 4]], np.int32)" \
// RUN:   %t.table.npy="randint(-127, 128, (10, 6), 'i1')" \
// RUN:   %t.bad.npy="np.array([[5, -7], [1, 100], [-5, 4]], np.int64)"

// RUN: %python %S/Inputs/compare_compiled.py %s --entry float_moves --outputs 11 \
// RUN:   --input %t.x.npy --input %t.z.npy --input %t.y.npy --input %t.w.npy \
// RUN:   --input %t.i.npy | FileCheck %s --check-prefix=FLOAT
// FLOAT-COUNT-11: float_moves output {{[0-9]+}} (generic): bit-identical
// FLOAT-COUNT-11: float_moves output {{[0-9]+}} (host): bit-identical
func.func @float_moves(%x0: tensor<2x3x5xf32>, %z: tensor<2x3x5xf32>,
                       %y: tensor<2x2x5xf32>, %w: tensor<2x1x5xf32>,
                       %i: tensor<2x2xi64>)
    -> (tensor<2x6x5xf32>, tensor<4x3x5xf32>, tensor<5x2x3xf32>,
        tensor<1x2x2xf32>, tensor<3x6x7xf32>, tensor<2x2x2x5xf32>,
        tensor<5x6xf32>, tensor<6x5xf32>, tensor<2x2xf32>,
        tensor<2x1x3x5x1xf32>, tensor<2x3x2x2xf32>) {
  %d = qnn.div %x0, %z : (tensor<2x3x5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  %n = qnn.sub %d, %d : (tensor<2x3x5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  %nz = qnn.mul %n, %x0 : (tensor<2x3x5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  // %nz: NaN where x / z is ±Inf, else ±0; %x: NaN there, else x.
  %x = qnn.add %d, %nz : (tensor<2x3x5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  %cat = qnn.concat %x, %y, %w {axis = -2 : i64}
         : (tensor<2x3x5xf32>, tensor<2x2x5xf32>, tensor<2x1x5xf32>) -> tensor<2x6x5xf32>
  %cat0 = qnn.concat %x, %d {axis = 0 : i64}
          : (tensor<2x3x5xf32>, tensor<2x3x5xf32>) -> tensor<4x3x5xf32>
  %tr = qnn.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x5xf32> -> tensor<5x2x3xf32>
  %sl = qnn.slice %x {starts = array<i64: 1, 0, 1>, ends = array<i64: 2, 3, 5>,
                      steps = array<i64: 1, 2, 2>} : tensor<2x3x5xf32> -> tensor<1x2x2xf32>
  %pad = qnn.pad %nz {pads = array<i64: 0, 2, 1, 1, 1, 1>, value = -1.5 : f32}
         : tensor<2x3x5xf32> -> tensor<3x6x7xf32>
  %ga = qnn.gather %x, %i {axis = 1 : i64}
        : (tensor<2x3x5xf32>, tensor<2x2xi64>) -> tensor<2x2x2x5xf32>
  %re = qnn.reshape %x : tensor<2x3x5xf32> -> tensor<5x6xf32>
  %fl = qnn.flatten %x {axis = 2 : i64} : tensor<2x3x5xf32> -> tensor<6x5xf32>
  %sq = qnn.squeeze %sl {axes = array<i64: 0>} : tensor<1x2x2xf32> -> tensor<2x2xf32>
  %un = qnn.unsqueeze %x {axes = array<i64: 1, -1>} : tensor<2x3x5xf32> -> tensor<2x1x3x5x1xf32>
  %gl = qnn.gather %x, %i {axis = -1 : i64}
        : (tensor<2x3x5xf32>, tensor<2x2xi64>) -> tensor<2x3x2x2xf32>
  return %cat, %cat0, %tr, %sl, %pad, %ga, %re, %fl, %sq, %un, %gl
      : tensor<2x6x5xf32>, tensor<4x3x5xf32>, tensor<5x2x3xf32>,
        tensor<1x2x2xf32>, tensor<3x6x7xf32>, tensor<2x2x2x5xf32>,
        tensor<5x6xf32>, tensor<6x5xf32>, tensor<2x2xf32>,
        tensor<2x1x3x5x1xf32>, tensor<2x3x2x2xf32>
}

// Quantized: concat of differently scaled operands (one requantized, two
// copied; then every operand requantized into a third scale), pads with the
// zero point, with a value, per channel, transposes and slices of storage,
// an embedding gather with i32 indices.
// RUN: %python %S/Inputs/compare_compiled.py %s --entry quantized_moves --outputs 10 \
// RUN:   --input %t.qx.npy --input %t.qy.npy --input %t.qw.npy --input %t.ids.npy \
// RUN:   --input %t.table.npy | FileCheck %s --check-prefix=QUANT
// QUANT-COUNT-10: quantized_moves output {{[0-9]}} (generic): bit-identical
// QUANT-COUNT-10: quantized_moves output {{[0-9]}} (host): bit-identical
!a = !quant.uniform<u8:f32, 0.05:128>
!b = !quant.uniform<i8:f32, 0.02:-3>
!c = !quant.uniform<i8:f32, 0.1:4>
!pc = !quant.uniform<i8:f32:1, {0.1:1, 0.2:-2}>
!pct = !quant.uniform<i8:f32:2, {0.1:1, 0.2:-2}>
!e = !quant.uniform<i8<-127:127>:f32, 0.02>
func.func @quantized_moves(%x: tensor<2x3x5x!a>, %y: tensor<2x2x5x!b>,
                           %w: tensor<2x1x5x!a>, %ids: tensor<2x3xi32>,
                           %table: tensor<10x6x!e>)
    -> (tensor<2x6x5x!a>, tensor<2x6x5x!c>, tensor<2x4x7x!a>, tensor<3x3x5x!a>,
        tensor<2x2x6x!pc>, tensor<2x5x2x!pct>, tensor<1x2x2x!a>,
        tensor<2x3x6x!e>, tensor<6x5x!a>, tensor<2x1x2x5x!b>) {
  %cat = qnn.concat %x, %y, %w {axis = 1 : i64}
         : (tensor<2x3x5x!a>, tensor<2x2x5x!b>, tensor<2x1x5x!a>) -> tensor<2x6x5x!a>
  %catc = qnn.concat %x, %y, %w {axis = 1 : i64}
          : (tensor<2x3x5x!a>, tensor<2x2x5x!b>, tensor<2x1x5x!a>) -> tensor<2x6x5x!c>
  %pad = qnn.pad %x {pads = array<i64: 0, 1, 0, 0, 0, 2>}
         : tensor<2x3x5x!a> -> tensor<2x4x7x!a>
  %padv = qnn.pad %x {pads = array<i64: 1, 0, 0, 0, 0, 0>, value = -0.3 : f32}
          : tensor<2x3x5x!a> -> tensor<3x3x5x!a>
  %ys = quant.scast %y : tensor<2x2x5x!b> to tensor<2x2x5xi8>
  %yp = quant.scast %ys : tensor<2x2x5xi8> to tensor<2x2x5x!pc>
  %padc = qnn.pad %yp {pads = array<i64: 0, 0, 1, 0, 0, 0>, value = 0.35 : f32}
          : tensor<2x2x5x!pc> -> tensor<2x2x6x!pc>
  %tr = qnn.transpose %yp {perm = array<i64: 0, 2, 1>} : tensor<2x2x5x!pc> -> tensor<2x5x2x!pct>
  %sl = qnn.slice %x {starts = array<i64: 1, 0, 1>, ends = array<i64: 2, 3, 5>,
                      steps = array<i64: 1, 2, 2>} : tensor<2x3x5x!a> -> tensor<1x2x2x!a>
  %emb = qnn.gather %table, %ids {axis = 0 : i64}
         : (tensor<10x6x!e>, tensor<2x3xi32>) -> tensor<2x3x6x!e>
  %fl = qnn.flatten %x {axis = 2 : i64} : tensor<2x3x5x!a> -> tensor<6x5x!a>
  %un = qnn.unsqueeze %y {axes = array<i64: 1>} : tensor<2x2x5x!b> -> tensor<2x1x2x5x!b>
  return %cat, %catc, %pad, %padv, %padc, %tr, %sl, %emb, %fl, %un
      : tensor<2x6x5x!a>, tensor<2x6x5x!c>, tensor<2x4x7x!a>, tensor<3x3x5x!a>,
        tensor<2x2x6x!pc>, tensor<2x5x2x!pct>, tensor<1x2x2x!a>,
        tensor<2x3x6x!e>, tensor<6x5x!a>, tensor<2x1x2x5x!b>
}

// Out-of-range gather indices: the interpreter stops with an error; the
// compiled model normalizes negative indices, then clamps into [0, d).
// RUN: not quant-run --interpret %s --entry gather_out_of_range --input %t.x.npy \
// RUN:   --input %t.bad.npy --output %t.bad-interp.npy 2>&1 | FileCheck %s --check-prefix=INTERP
// INTERP: index 5 at position [0, 0] of the indices is out of range [-3, 3) for dimension 1 of the data
// RUN: quant-run --run %s --entry gather_out_of_range --input %t.x.npy \
// RUN:   --input %t.bad.npy --output %t.bad-run.npy
// RUN: %python %S/../Interpreter/Inputs/check.py --exact %t.bad-run.npy \
// RUN:   "np.take(x, np.clip(np.where(i < 0, i + 3, i), 0, 2), axis=1)" x=%t.x.npy i=%t.bad.npy
func.func @gather_out_of_range(%x: tensor<2x3x5xf32>, %i: tensor<3x2xi64>)
    -> tensor<2x3x2x5xf32> {
  %g = qnn.gather %x, %i {axis = 1 : i64}
       : (tensor<2x3x5xf32>, tensor<3x2xi64>) -> tensor<2x3x2x5xf32>
  return %g : tensor<2x3x2x5xf32>
}
