// RUN: quant-opt %s -split-input-file --qnn-lower-x86-vnni --mlir-print-debuginfo=false | FileCheck %s

// The INT8 kernels' per-lane 4-way dot product (u8 lhs, s8 rhs) on 16 and
// 8 i32 lanes becomes vpdpbusd on zmm and ymm, its operands the
// accumulator and the bytes of each side.

#nk = affine_map<(n, k) -> (n, k)>
#n = affine_map<(n, k) -> (n)>
// CHECK-LABEL: func.func @dot16
// CHECK-SAME:    (%[[X:[a-z0-9]+]]: vector<16x4xi8>, %[[W:[a-z0-9]+]]: vector<16x4xi8>, %[[ACC:[a-z0-9]+]]: vector<16xi32>)
// CHECK:         %[[XB:.*]] = vector.shape_cast %[[X]] : vector<16x4xi8> to vector<64xi8>
// CHECK:         %[[WB:.*]] = vector.shape_cast %[[W]] : vector<16x4xi8> to vector<64xi8>
// CHECK:         %[[R:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%[[ACC]], %[[XB]], %[[WB]]) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// CHECK:         return %[[R]]
// CHECK-NOT:     vector.contract
func.func @dot16(%x: vector<16x4xi8>, %w: vector<16x4xi8>, %acc: vector<16xi32>) -> vector<16xi32> {
  %a = arith.extui %x : vector<16x4xi8> to vector<16x4xi32>
  %b = arith.extsi %w : vector<16x4xi8> to vector<16x4xi32>
  %r = vector.contract {indexing_maps = [#nk, #nk, #n], iterator_types = ["parallel", "reduction"],
                        kind = #vector.kind<add>} %a, %b, %acc
       : vector<16x4xi32>, vector<16x4xi32> into vector<16xi32>
  return %r : vector<16xi32>
}

// -----

#nk = affine_map<(n, k) -> (n, k)>
#n = affine_map<(n, k) -> (n)>
// CHECK-LABEL: func.func @dot8
// CHECK:         llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
func.func @dot8(%x: vector<8x4xi8>, %w: vector<8x4xi8>, %acc: vector<8xi32>) -> vector<8xi32> {
  %a = arith.extui %x : vector<8x4xi8> to vector<8x4xi32>
  %b = arith.extsi %w : vector<8x4xi8> to vector<8x4xi32>
  %r = vector.contract {indexing_maps = [#nk, #nk, #n], iterator_types = ["parallel", "reduction"],
                        kind = #vector.kind<add>} %a, %b, %acc
       : vector<8x4xi32>, vector<8x4xi32> into vector<8xi32>
  return %r : vector<8xi32>
}

// -----

// The INT8 depthwise kernel's 2-way i16 dot product (both sides signed) on
// 16 and 8 lanes becomes vpdpwssd, its operands the accumulator and the
// words of each side.
#nk = affine_map<(n, k) -> (n, k)>
#n = affine_map<(n, k) -> (n)>
// CHECK-LABEL: func.func @words16
// CHECK-SAME:    (%[[X:[a-z0-9]+]]: vector<16x2xi16>, %[[W:[a-z0-9]+]]: vector<16x2xi16>, %[[ACC:[a-z0-9]+]]: vector<16xi32>)
// CHECK:         %[[XB:.*]] = vector.shape_cast %[[X]] : vector<16x2xi16> to vector<32xi16>
// CHECK:         %[[WB:.*]] = vector.shape_cast %[[W]] : vector<16x2xi16> to vector<32xi16>
// CHECK:         %[[R:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpdpwssd.512"(%[[ACC]], %[[XB]], %[[WB]]) : (vector<16xi32>, vector<32xi16>, vector<32xi16>) -> vector<16xi32>
// CHECK:         return %[[R]]
// CHECK-LABEL: func.func @words8
// CHECK:         llvm.call_intrinsic "llvm.x86.avx512.vpdpwssd.256"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<8xi32>, vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK-LABEL: func.func @words_unsigned
// CHECK-NOT:     llvm.call_intrinsic
// CHECK:         vector.contract
func.func @words16(%x: vector<16x2xi16>, %w: vector<16x2xi16>, %acc: vector<16xi32>) -> vector<16xi32> {
  %a = arith.extsi %x : vector<16x2xi16> to vector<16x2xi32>
  %b = arith.extsi %w : vector<16x2xi16> to vector<16x2xi32>
  %r = vector.contract {indexing_maps = [#nk, #nk, #n], iterator_types = ["parallel", "reduction"],
                        kind = #vector.kind<add>} %a, %b, %acc
       : vector<16x2xi32>, vector<16x2xi32> into vector<16xi32>
  return %r : vector<16xi32>
}
func.func @words8(%x: vector<8x2xi16>, %w: vector<8x2xi16>, %acc: vector<8xi32>) -> vector<8xi32> {
  %a = arith.extsi %x : vector<8x2xi16> to vector<8x2xi32>
  %b = arith.extsi %w : vector<8x2xi16> to vector<8x2xi32>
  %r = vector.contract {indexing_maps = [#nk, #nk, #n], iterator_types = ["parallel", "reduction"],
                        kind = #vector.kind<add>} %a, %b, %acc
       : vector<8x2xi32>, vector<8x2xi32> into vector<8xi32>
  return %r : vector<8xi32>
}
// Unsigned words are not vpdpwssd's.
func.func @words_unsigned(%x: vector<16x2xi16>, %w: vector<16x2xi16>, %acc: vector<16xi32>) -> vector<16xi32> {
  %a = arith.extui %x : vector<16x2xi16> to vector<16x2xi32>
  %b = arith.extsi %w : vector<16x2xi16> to vector<16x2xi32>
  %r = vector.contract {indexing_maps = [#nk, #nk, #n], iterator_types = ["parallel", "reduction"],
                        kind = #vector.kind<add>} %a, %b, %acc
       : vector<16x2xi32>, vector<16x2xi32> into vector<16xi32>
  return %r : vector<16xi32>
}

// -----

// Not vpdpbusd: both sides signed (that is vpdpbssd, AVX-VNNI-INT8), four
// lanes, a sum over the lanes rather than per lane. Left to the generic
// vector lowering.
#nk = affine_map<(n, k) -> (n, k)>
#n = affine_map<(n, k) -> (n)>
#k = affine_map<(n, k) -> (k)>
#none = affine_map<(n, k) -> ()>
// CHECK-LABEL: func.func @not_taken
// CHECK-NOT:     llvm.call_intrinsic
// CHECK-COUNT-3: vector.contract
// CHECK-NOT:     llvm.call_intrinsic
func.func @not_taken(%x: vector<16x4xi8>, %w: vector<16x4xi8>, %acc: vector<16xi32>,
                     %x4: vector<4x4xi8>, %acc4: vector<4xi32>, %s: i32) -> (vector<16xi32>, vector<4xi32>, i32) {
  %sa = arith.extsi %x : vector<16x4xi8> to vector<16x4xi32>
  %b = arith.extsi %w : vector<16x4xi8> to vector<16x4xi32>
  %r = vector.contract {indexing_maps = [#nk, #nk, #n], iterator_types = ["parallel", "reduction"],
                        kind = #vector.kind<add>} %sa, %b, %acc
       : vector<16x4xi32>, vector<16x4xi32> into vector<16xi32>
  %a4 = arith.extui %x4 : vector<4x4xi8> to vector<4x4xi32>
  %b4 = arith.extsi %x4 : vector<4x4xi8> to vector<4x4xi32>
  %r4 = vector.contract {indexing_maps = [#nk, #nk, #n], iterator_types = ["parallel", "reduction"],
                         kind = #vector.kind<add>} %a4, %b4, %acc4
        : vector<4x4xi32>, vector<4x4xi32> into vector<4xi32>
  %a = arith.extui %x : vector<16x4xi8> to vector<16x4xi32>
  %all = vector.contract {indexing_maps = [#nk, #nk, #none], iterator_types = ["reduction", "reduction"],
                          kind = #vector.kind<add>} %a, %b, %s
         : vector<16x4xi32>, vector<16x4xi32> into i32
  return %r, %r4, %all : vector<16xi32>, vector<4xi32>, i32
}
