// RUN: quant-opt %s -split-input-file --qnn-parallelize-loops="min-work=400" --mlir-print-debuginfo=false | FileCheck %s
// RUN: quant-opt %s -split-input-file --qnn-parallelize-loops --mlir-print-debuginfo=false | FileCheck %s --check-prefix=DEFAULT

// The outermost scf.parallel becomes a call of the runtime: a memref, an
// f32 and an index (the bound of the dimension that stays a loop) are
// stored into a struct on the stack; the 128 rows are split, the columns
// stay an scf.parallel around the unchanged body in the outlined function.
// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[IN:.*]]: memref<128x64xf32>, %[[OUT:.*]]: memref<128x64xf32>, %[[S:.*]]: f32, %[[N:.*]]: index)
// The struct: two rank-2 descriptors (56 bytes each), the f32 and the i64.
// CHECK: %[[SIZE:.*]] = llvm.mlir.constant(128 : i64) : i64
// CHECK: %[[CAPTURES:.*]] = llvm.alloca %[[SIZE]] x i8 {alignment = 8 : i64}
// CHECK-NOT: scf.parallel
// CHECK: %[[D0:.*]] = builtin.unrealized_conversion_cast %[[IN]] : memref<128x64xf32> to !llvm.struct
// CHECK: %[[F0:.*]] = llvm.getelementptr %[[CAPTURES]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, f32, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK: llvm.store %[[D0]], %[[F0]]
// CHECK: %[[F1:.*]] = llvm.getelementptr %[[CAPTURES]][0, 1]
// CHECK: llvm.store %[[S]], %[[F1]] : f32, !llvm.ptr
// CHECK: %[[D2:.*]] = builtin.unrealized_conversion_cast %[[OUT]]
// CHECK: llvm.store %[[D2]]
// CHECK: %[[NI64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[F3:.*]] = llvm.getelementptr %[[CAPTURES]][0, 3]
// CHECK: llvm.store %[[NI64]], %[[F3]] : i64, !llvm.ptr
// CHECK: %[[COUNT:.*]] = arith.constant 128 : i64
// CHECK: %[[BODY:.*]] = constant @scale_parallel0 : (!llvm.ptr, i64, i64) -> ()
// CHECK: call @qnn_rt_parallel_for(%[[COUNT]], %[[BODY]], %[[CAPTURES]]) : (i64, (!llvm.ptr, i64, i64) -> (), !llvm.ptr) -> ()
// CHECK-NOT: scf.parallel
// CHECK: return

// CHECK-LABEL: func.func private @scale_parallel0
// CHECK-SAME: (%[[PTR:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK: %[[L0:.*]] = llvm.load {{.*}} : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: %[[IN2:.*]] = builtin.unrealized_conversion_cast %[[L0]] : {{.*}} to memref<128x64xf32>
// CHECK: %[[S2:.*]] = llvm.load {{.*}} : !llvm.ptr -> f32
// CHECK: %[[OUT2:.*]] = builtin.unrealized_conversion_cast {{.*}} to memref<128x64xf32>
// CHECK: %[[NL:.*]] = llvm.load {{.*}} : !llvm.ptr -> i64
// CHECK: %[[N2:.*]] = arith.index_cast %[[NL]] : i64 to index
// CHECK: %[[B:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK: %[[E:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK: scf.for %[[I:.*]] = %[[B]] to %[[E]]
// CHECK: scf.parallel (%[[J:.*]]) = (%{{.*}}) to (%[[N2]])
// CHECK: %[[V:.*]] = memref.load %[[IN2]][%[[I]], %[[J]]]
// CHECK: %[[W:.*]] = arith.mulf %[[V]], %[[S2]] : f32
// CHECK: memref.store %[[W]], %[[OUT2]][%[[I]], %[[J]]]
// CHECK: return

// CHECK: func.func private @qnn_rt_parallel_for(i64, (!llvm.ptr, i64, i64) -> (), !llvm.ptr)

// Under the default min-work (65536) this loop (128 rows, unknown columns
// counted once, 4 ops) stays sequential.
// DEFAULT-LABEL: func.func @scale
// DEFAULT-NOT: qnn_rt_parallel_for
// DEFAULT: scf.parallel
// DEFAULT-NOT: qnn_rt_parallel_for
// DEFAULT: return
func.func @scale(%in: memref<128x64xf32>, %out: memref<128x64xf32>, %s: f32, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c128, %n) step (%c1, %c1) {
    %v = memref.load %in[%i, %j] : memref<128x64xf32>
    %w = arith.mulf %v, %s : f32
    memref.store %w, %out[%i, %j] : memref<128x64xf32>
  }
  return
}

// -----

// An NHWC convolution as convert-linalg-to-parallel-loops leaves it: the
// leading dimensions 1 x 16 x 8 (128 iterations) are linearized and
// delinearized in the body; the reductions stay scf.for in index order
// inside one iteration (one thread); a non-zero lower bound and a step
// other than one give iv = lb + i * step. The constants are cloned, the
// buffers captured.
// CHECK-LABEL: func.func @conv
// CHECK: %[[COUNT:.*]] = arith.constant 128 : i64
// CHECK: call @qnn_rt_parallel_for(%[[COUNT]]

// CHECK-LABEL: func.func private @conv_parallel0
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[IDX:.*]]:3 = affine.delinearize_index %[[T]] into (1, 16, 8) : index, index, index
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[W2:.*]] = arith.muli %[[IDX]]#2, %[[C2]] : index
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[W:.*]] = arith.addi %[[W2]], %[[C1]] : index
// CHECK: scf.parallel (%[[C:.*]]) =
// CHECK: scf.for %[[KH:.*]] =
// CHECK: scf.for %[[KW:.*]] =
// CHECK: scf.for %[[CI:.*]] =
// CHECK: memref.load %{{.*}}[%[[IDX]]#0, %[[IDX]]#1, %[[W]], %[[C]]] : memref<1x16x17x32xf32>
// CHECK: arith.addf

// 4608 iterations of 3 * 3 * 8 * 8 ops: over the default min-work too.
// DEFAULT-LABEL: func.func @conv
// DEFAULT: call @qnn_rt_parallel_for
func.func @conv(%x: memref<1x18x18x8xf32>, %w: memref<3x3x8x32xf32>, %y: memref<1x16x17x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c32 = arith.constant 32 : index
  scf.parallel (%n, %h, %ow, %c) = (%c0, %c0, %c1, %c0) to (%c1, %c16, %c17, %c32) step (%c1, %c1, %c2, %c1) {
    scf.for %kh = %c0 to %c3 step %c1 {
      scf.for %kw = %c0 to %c3 step %c1 {
        scf.for %ci = %c0 to %c8 step %c1 {
          %ih = arith.addi %h, %kh : index
          %iw = arith.addi %ow, %kw : index
          %a = memref.load %x[%n, %ih, %iw, %ci] : memref<1x18x18x8xf32>
          %b = memref.load %w[%kh, %kw, %ci, %c] : memref<3x3x8x32xf32>
          %acc = memref.load %y[%n, %h, %ow, %c] : memref<1x16x17x32xf32>
          %m = arith.mulf %a, %b : f32
          %s = arith.addf %acc, %m : f32
          memref.store %s, %y[%n, %h, %ow, %c] : memref<1x16x17x32xf32>
        }
      }
    }
    scf.reduce
  }
  return
}

// -----

// Only the outermost loop: the nested scf.parallel runs inside a chunk. A
// loop inside an scf.for gets its captures buffer in the entry block (an
// alloca in the loop would grow the stack at every iteration): a rank-3
// descriptor (72 bytes) and the outer index.
// CHECK-LABEL: func.func @nested
// CHECK-NEXT: llvm.mlir.constant(80 : i64)
// CHECK-NEXT: llvm.alloca
// CHECK: scf.for
// CHECK: call @qnn_rt_parallel_for
// CHECK-NOT: scf.parallel
// CHECK: return
// CHECK-LABEL: func.func private @nested_parallel0
// CHECK: scf.for
// CHECK-NOT: affine.delinearize_index
// CHECK: scf.parallel
// CHECK-NOT: qnn_rt_parallel_for
// CHECK: return
func.func @nested(%x: memref<4x256x64xf32>, %t: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c4 step %c1 {
    scf.parallel (%i) = (%c0) to (%c256) step (%c1) {
      scf.parallel (%j) = (%c0) to (%c64) step (%c1) {
        memref.store %zero, %x[%k, %i, %j] : memref<4x256x64xf32>
      }
      scf.reduce
    }
  }
  return
}

// -----

// Left alone: a loop with a reduction (never split), a loop whose leading
// dimension has no constant trip count, one with a single iteration, and
// one too small for the pool.
// CHECK-LABEL: func.func @sequential
// CHECK-NOT: qnn_rt_parallel_for
// CHECK-COUNT-4: scf.parallel
// CHECK-NOT: qnn_rt_parallel_for
// CHECK: return
func.func @sequential(%x: memref<?x1024xf32>, %n: index, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant 0.0 : f32
  %sum = scf.parallel (%i) = (%c0) to (%c1024) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%c0, %i] : memref<?x1024xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  memref.store %sum, %out[] : memref<f32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c1024) step (%c1, %c1) {
    memref.store %zero, %x[%i, %j] : memref<?x1024xf32>
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c1, %n) step (%c1, %c1) {
    memref.store %zero, %x[%i, %j] : memref<?x1024xf32>
  }
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    memref.store %zero, %x[%i, %c0] : memref<?x1024xf32>
  }
  return
}

// -----

// Nothing to capture but constants: a null captures pointer.
// CHECK-LABEL: func.func @no_captures
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: %[[COUNT:.*]] = arith.constant 4096 : i64
// CHECK: call @qnn_rt_parallel_for(%[[COUNT]], %{{.*}}, %[[NULL]])
// CHECK-LABEL: func.func private @no_captures_parallel0
// CHECK: memref.get_global @table
memref.global "private" @table : memref<4096xf32> = dense<1.0>
func.func @no_captures() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4096 = arith.constant 4096 : index
  scf.parallel (%i) = (%c0) to (%c4096) step (%c1) {
    %g = memref.get_global @table : memref<4096xf32>
    %v = memref.load %g[%i] : memref<4096xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %g[%i] : memref<4096xf32>
  }
  return
}

// -----

// Two loops share one captures buffer, sized for the larger struct (a
// rank-1 descriptor of 40 bytes and one of rank 2 of 56 bytes: 96).
// CHECK-LABEL: func.func @two_loops
// CHECK: %[[SIZE:.*]] = llvm.mlir.constant(96 : i64) : i64
// CHECK: %[[BUFFER:.*]] = llvm.alloca %[[SIZE]] x i8
// CHECK-NOT: llvm.alloca
// CHECK: call @qnn_rt_parallel_for(%{{.*}}, %{{.*}}, %[[BUFFER]])
// CHECK: call @qnn_rt_parallel_for(%{{.*}}, %{{.*}}, %[[BUFFER]])
// CHECK-LABEL: func.func private @two_loops_parallel0
// CHECK-LABEL: func.func private @two_loops_parallel1
func.func @two_loops(%a: memref<4096xf32>, %b: memref<64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c4096 = arith.constant 4096 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c4096) step (%c1) {
    memref.store %one, %a[%i] : memref<4096xf32>
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    %v = memref.load %a[%i] : memref<4096xf32>
    memref.store %v, %b[%i, %j] : memref<64x64xf32>
  }
  return
}
