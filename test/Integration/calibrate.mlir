// Compiled calibration (observers lowered to calls of the statistics
// collector) writes the same #qnn.stats as the interpreter's calibration:
// the two calibrated modules are byte-identical.

// RUN: %python %S/../Interpreter/Inputs/gen.py %t.x.npy="randn(40, 2, 3, 4, 5) * 3" %t.c.npy="uniform(-1, 1, (40, 3, 1, 1))"
// RUN: quant-run --calibrate %s --data %t.x.npy --data %t.c.npy -o %t.interpreted.mlir
// RUN: quant-run --calibrate --compiled %s --data %t.x.npy --data %t.c.npy -o %t.compiled.mlir
// RUN: cmp %t.interpreted.mlir %t.compiled.mlir

// Any thread count gives the same statistics (observers run between ops,
// on the calling thread). --time prints on stderr the median time of one
// sample and, compiled, the compile time.
// RUN: quant-run --calibrate --compiled --threads 3 --time %s --data %t.x.npy --data %t.c.npy -o %t.threads.mlir 2> %t.time
// RUN: cmp %t.interpreted.mlir %t.threads.mlir
// RUN: FileCheck %s --check-prefix=TIME < %t.time
// TIME: calibration: median {{[0-9.]+}} ms per sample over 40 samples (min {{[0-9.]+}} ms, max {{[0-9.]+}} ms), {{[0-9.]+}} ms in all
// TIME-NEXT: compile: {{[0-9.]+}} ms (lowering {{[0-9.]+}} ms, LLVM {{[0-9.]+}} ms), 3 threads
// RUN: quant-run --calibrate --compiled --threads 1 %s --data %t.x.npy --data %t.c.npy -o %t.one.mlir
// RUN: cmp %t.interpreted.mlir %t.one.mlir
// RUN: quant-run --calibrate --time %s --data %t.x.npy --data %t.c.npy -o %t.timed.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TIME-INTERPRETED --implicit-check-not=compile:
// TIME-INTERPRETED: calibration: median {{[0-9.]+}} ms per sample over 40 samples
// RUN: not quant-run --calibrate --compiled --threads 2000 %s --data %t.x.npy --data %t.c.npy -o %t.bad.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TOO-MANY
// TOO-MANY: error: --threads must be at most 1024
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
