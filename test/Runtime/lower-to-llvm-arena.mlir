// RUN: quant-opt %s --qnn-lower-to-llvm="target=generic arena=1" --mlir-print-debuginfo=false | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm="target=generic" --mlir-print-debuginfo=false | FileCheck %s --check-prefix=NOARENA

// With arena=1 the entry takes the arena as a trailing memref (allocated
// pointer, aligned pointer, offset, size, stride) after the out-parameters,
// records its size (three 64-byte slots: the sum is written while both
// quantized inputs are read; relu then reuses the first), and calls no
// allocator. Without, the JIT's convention is unchanged and the
// intermediates are malloc'ed.
// CHECK-NOT: llvm.func @malloc
// CHECK-LABEL: llvm.func @main
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64)
// CHECK-SAME: qnn.arena_size = 192 : i64
// CHECK-NOT: llvm.call @malloc
// CHECK-NOT: llvm.call @free

// NOARENA: llvm.func @malloc
// NOARENA-LABEL: llvm.func @main
// NOARENA-NOT: qnn.arena_size
// NOARENA: llvm.call @malloc
!a8 = !quant.uniform<u8:f32, 0.05:128>
!y8 = !quant.uniform<u8:f32, 0.1:100>
func.func @main(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = qnn.quantize %x : tensor<2x3xf32> -> tensor<2x3x!a8>
  %b = qnn.quantize %y : tensor<2x3xf32> -> tensor<2x3x!a8>
  %s = qnn.add %a, %b : (tensor<2x3x!a8>, tensor<2x3x!a8>) -> tensor<2x3x!y8>
  %r = qnn.relu %s : tensor<2x3x!y8>
  %d = qnn.dequantize %r : tensor<2x3x!y8> -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}
