// Compiled calibration (observers lowered to calls of the statistics
// collector) writes the same #qnn.stats as the interpreter's calibration:
// the two calibrated modules are byte-identical.

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(40, 2, 3, 4, 5) * 3" %t.c.npy="uniform(-1, 1, (40, 3, 1, 1))"
// RUN: quant-run --calibrate %s --data %t.x.npy --data %t.c.npy -o %t.interpreted.mlir
// RUN: quant-run --calibrate --compiled %s --data %t.x.npy --data %t.c.npy -o %t.compiled.mlir
// RUN: cmp %t.interpreted.mlir %t.compiled.mlir
// RUN: FileCheck %s < %t.compiled.mlir
// CHECK-COUNT-4: qnn.observe {{.*}}{stats = #qnn.stats<
func.func @main(%x: tensor<2x3x4x5xf32>, %c: tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x : tensor<2x3x4x5xf32>
  %1 = qnn.mul %0, %c : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32>
  %2 = qnn.observe %1 : tensor<2x3x4x5xf32>
  %3 = qnn.sigmoid %2 : tensor<2x3x4x5xf32>
  %4 = qnn.observe %3 : tensor<2x3x4x5xf32>
  %5 = qnn.add %4, %2 {activation = #qnn.activation<relu>} : (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  %6 = qnn.observe %5 : tensor<2x3x4x5xf32>
  return %6 : tensor<2x3x4x5xf32>
}
