// RUN: quant-opt %s --qnn-lower-to-llvm="parallel" --mlir-print-debuginfo=false | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm --mlir-print-debuginfo=false | FileCheck %s --check-prefix=SEQUENTIAL

// qnn-lower-to-llvm{parallel}: the convolution's loops (and the padding and
// bias fill around it) run through the runtime's pool; the outlined bodies
// are private LLVM functions taking (captures, begin, end). Without the
// option the code calls nothing.
// CHECK-LABEL: llvm.func @conv
// CHECK: %[[BODY:.*]] = llvm.mlir.addressof @conv_parallel{{[0-9]+}} : !llvm.ptr
// CHECK: llvm.call @qnn_rt_parallel_for(%{{.*}}, %[[BODY]], %{{.*}}) : (i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK: llvm.func @conv_parallel{{[0-9]+}}(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// CHECK-SAME: sym_visibility = "private"
// CHECK: llvm.func @qnn_rt_parallel_for(i64, !llvm.ptr, !llvm.ptr)
// CHECK-NOT: builtin.unrealized_conversion_cast

// SEQUENTIAL-NOT: qnn_rt_parallel_for
// SEQUENTIAL-NOT: _parallel
func.func @conv(%x: tensor<1x8x24x24xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>)
    -> tensor<1x16x24x24xf32> {
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
       : (tensor<1x8x24x24xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x24x24xf32>
  return %y : tensor<1x16x24x24xf32>
}
