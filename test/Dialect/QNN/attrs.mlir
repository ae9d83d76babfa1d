// RUN: quant-opt %s -split-input-file | FileCheck %s
// RUN: quant-opt %s -split-input-file | quant-opt -split-input-file | FileCheck %s

// The printed forms of #qnn.stats, #qnn.activation and #qnn.layout, parsed
// back by the second RUN line. Bounds print with as many digits as they need
// to round-trip.

// CHECK-LABEL: func.func @stats()
// CHECK-SAME: s0 = #qnn.stats<min = -1.500000e+00, max = 3.000000e+00>
// CHECK-SAME: s1 = #qnn.stats<min = 0.000000e+00, max = 0.000000e+00>
// CHECK-SAME: s2 = #qnn.stats<min = -0.123456789, max = 1.000000e+10>
// CHECK-SAME: s3 = #qnn.stats<min = -1.500000e+00, max = 3.000000e+00, range = [-2.000000e+00, 4.000000e+00], bins = [1, 7, 9]>
// CHECK-SAME: s4 = #qnn.stats<min = 2.500000e-01, max = 5.000000e-01, range = [0.000000e+00, 1.000000e+00], bins = [0, 0, 12, 0]>
func.func @stats() attributes {
    s0 = #qnn.stats<min = -1.5, max = 3.0>,
    s1 = #qnn.stats<min = 0.0, max = 0.0>,
    s2 = #qnn.stats<min = -0.123456789, max = 1.0e+10>,
    s3 = #qnn.stats<min = -1.5, max = 3.0, range = [-2.0, 4.0], bins = [1, 7, 9]>,
    s4 = #qnn.stats<min = 0.25, max = 0.5, range = [0.0, 1.0], bins = [0, 0, 12, 0]>} {
  return
}

// -----

// relu and relu6 print without their fixed bounds (which they may spell
// out); an unbounded clamp prints its infinite bound in hexadecimal.
// CHECK-LABEL: func.func @activation()
// CHECK-SAME: a0 = #qnn.activation<relu>
// CHECK-SAME: a1 = #qnn.activation<relu6>
// CHECK-SAME: a2 = #qnn.activation<clamp [-1.000000e+00, 1.000000e+00]>
// CHECK-SAME: a3 = #qnn.activation<clamp [1.000000e-01, 0.69999999999999996]>
// CHECK-SAME: a4 = #qnn.activation<clamp [0.000000e+00, 0x7FF0000000000000]>
// CHECK-SAME: a5 = #qnn.activation<relu>
// CHECK-SAME: a6 = #qnn.activation<relu6>
func.func @activation() attributes {
    a0 = #qnn.activation<relu>,
    a1 = #qnn.activation<relu6>,
    a2 = #qnn.activation<clamp [-1.0, 1.0]>,
    a3 = #qnn.activation<clamp [0.1, 0.7]>,
    a4 = #qnn.activation<clamp [0.0, 0x7FF0000000000000]>,
    a5 = #qnn.activation<relu [0.0, 0x7FF0000000000000]>,
    a6 = #qnn.activation<relu6 [0.0, 6.0]>} {
  return
}

// -----

// CHECK-LABEL: func.func @layout()
// CHECK-SAME: l0 = #qnn.layout<vnni, tile = [16, 4]>
// CHECK-SAME: l1 = #qnn.layout<neon_sdot, tile = [4, 4]>
// CHECK-SAME: l2 = #qnn.layout<neon_smmla, tile = [2, 8]>
func.func @layout() attributes {
    l0 = #qnn.layout<vnni, tile = [16, 4]>,
    l1 = #qnn.layout<neon_sdot, tile = [4, 4]>,
    l2 = #qnn.layout<neon_smmla, tile = [2, 8]>} {
  return
}
