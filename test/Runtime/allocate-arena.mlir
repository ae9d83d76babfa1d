// RUN: quant-opt %s -split-input-file -verify-diagnostics --qnn-allocate-arena --mlir-print-debuginfo=false | FileCheck %s

// A chain of buffers. %c is written by the op that reads %a and %b, so it
// overlaps both; %d comes after the last use of %a and takes its bytes.
// Offsets are multiples of 64, the arena is a trailing argument, the
// deallocs are gone.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: memref<16xf32>, %[[Y:.*]]: memref<16xf32>, %[[ARENA:.*]]: memref<192xi8>)
// CHECK-SAME: attributes {qnn.arena_size = 192 : i64}
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<192xi8> to memref<16xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c64{{.*}}][] : memref<192xi8> to memref<16xf32>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%c128{{.*}}][] : memref<192xi8> to memref<16xf32>
// CHECK: linalg.add ins(%[[A]], %[[B]] : {{.*}}) outs(%[[C]]
// CHECK: %[[D:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<192xi8> to memref<16xf32>
// CHECK: linalg.add ins(%[[C]], %[[B]] : {{.*}}) outs(%[[D]]
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @chain(%x: memref<16xf32>, %y: memref<16xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.copy ins(%x : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.copy ins(%x : memref<16xf32>) outs(%b : memref<16xf32>)
  %c = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.add ins(%a, %b : memref<16xf32>, memref<16xf32>) outs(%c : memref<16xf32>)
  memref.dealloc %a : memref<16xf32>
  %d = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.add ins(%c, %b : memref<16xf32>, memref<16xf32>) outs(%d : memref<16xf32>)
  linalg.copy ins(%d : memref<16xf32>) outs(%y : memref<16xf32>)
  memref.dealloc %b : memref<16xf32>
  memref.dealloc %c : memref<16xf32>
  memref.dealloc %d : memref<16xf32>
  return
}

// -----

// %a is read through a subview inside a loop: it lives until the loop ends,
// so %b and %t, allocated before that, get bytes of their own; %c, after
// the loop, takes those of %a. A larger alloc alignment is kept (256); the
// arena's size is rounded up to 64.
// CHECK-LABEL: func.func @views_and_loops
// CHECK-SAME: %{{.*}}: memref<640xi8>) attributes {qnn.arena_size = 640 : i64}
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<640xi8> to memref<8x8xf32>
// CHECK: memref.view %{{.*}}[%c256{{.*}}][] : memref<640xi8> to memref<8x8xf32>
// CHECK: memref.view %{{.*}}[%c512{{.*}}][] : memref<640xi8> to memref<100xi8>
// CHECK: scf.for
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<640xi8> to memref<8x8xf32>
func.func @views_and_loops(%x: memref<8x8xf32>, %y: memref<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %a = memref.alloc() {alignment = 256 : i64} : memref<8x8xf32>
  linalg.copy ins(%x : memref<8x8xf32>) outs(%a : memref<8x8xf32>)
  %b = memref.alloc() : memref<8x8xf32>
  %t = memref.alloc() : memref<100xi8>
  scf.for %i = %c0 to %c8 step %c1 {
    %row = memref.subview %a[%i, 0] [1, 8] [1, 1] : memref<8x8xf32> to memref<8xf32, strided<[1], offset: ?>>
    %out = memref.subview %b[%i, 0] [1, 8] [1, 1] : memref<8x8xf32> to memref<8xf32, strided<[1], offset: ?>>
    linalg.copy ins(%row : memref<8xf32, strided<[1], offset: ?>>) outs(%out : memref<8xf32, strided<[1], offset: ?>>)
  }
  %c = memref.alloc() : memref<8x8xf32>
  linalg.copy ins(%b : memref<8x8xf32>) outs(%c : memref<8x8xf32>)
  linalg.copy ins(%c : memref<8x8xf32>) outs(%y : memref<8x8xf32>)
  return
}

// -----

// No buffer: the arena is still there (empty), so every entry has the same
// calling convention.
// CHECK-LABEL: func.func @nothing
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8>) attributes {qnn.arena_size = 0 : i64}
func.func @nothing(%x: memref<4xf32>, %y: memref<4xf32>) {
  linalg.copy ins(%x : memref<4xf32>) outs(%y : memref<4xf32>)
  return
}

// -----

// Private functions are not entries.
// CHECK-LABEL: func.func private @helper
// CHECK: memref.alloc
func.func private @helper() {
  %a = memref.alloc() : memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

func.func @dynamic(%n: index) {
  // expected-error @+1 {{'memref.alloc' op cannot be placed in the arena: only a static shape with the identity layout in the default memory space can, got 'memref<?xf32>'}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

func.func @returned() -> memref<4xf32> {
  // expected-error @+1 {{'memref.alloc' op cannot be placed in the arena: the function returns it}}
  %a = memref.alloc() : memref<4xf32>
  return %a : memref<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op is called in the module: qnn-allocate-arena gives an entry a new argument, so it must have no caller}}
func.func @callee() {
  return
}
func.func private @caller() {
  func.call @callee() : () -> ()
  return
}
