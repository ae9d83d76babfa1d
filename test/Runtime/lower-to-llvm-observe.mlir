// RUN: quant-opt %s --qnn-lower-to-llvm="target=generic lower-observers=1 arena=1 parallel=1" --mlir-print-debuginfo=false | FileCheck %s

// Compiled calibration: each observed tensor goes to the collector in
// place, though it is read again after the call (the collector's argument
// is read-only), so nothing is copied; the calls stay in the entry, between
// ops, outside the loops run on the thread pool. (The sum is copied into
// the out-parameter at the end.)
// CHECK-LABEL: llvm.func @main
// CHECK-NOT: llvm.intr.memcpy
// CHECK: llvm.call @qnn_observe
// CHECK-NOT: llvm.intr.memcpy
// CHECK: llvm.call @qnn_rt_parallel_for
// CHECK-NOT: llvm.intr.memcpy
// CHECK: llvm.call @qnn_observe
// CHECK-NOT: llvm.intr.memcpy
// CHECK: llvm.call @qnn_rt_parallel_for
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @main_parallel0
// CHECK-NOT: @qnn_observe
func.func @main(%x: tensor<8x64x64xf32>) -> tensor<8x64x64xf32> {
  %o = qnn.observe %x : tensor<8x64x64xf32>
  %e = qnn.exp %o : tensor<8x64x64xf32>
  %t = qnn.observe %e : tensor<8x64x64xf32>
  %s = qnn.add %t, %o : (tensor<8x64x64xf32>, tensor<8x64x64xf32>) -> tensor<8x64x64xf32>
  return %s : tensor<8x64x64xf32>
}
