// RUN: quant-opt %s --qnn-lower-to-linalg=lower-observers --mlir-print-debuginfo=false | FileCheck %s
// RUN: quant-opt %s -verify-diagnostics --qnn-lower-to-linalg --mlir-print-debuginfo=false

// Compiled calibration: observer i (walk order) calls qnn_observe(i, x) with
// x flattened; its result is its input. The collector only reads x: the
// bufferization that follows passes the buffer itself, not a copy.
// CHECK: func.func private @qnn_observe(i64, tensor<?xf32> {bufferization.access = "read"}) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @observed
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X:.*]] {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: %[[DYN:.*]] = tensor.cast %[[FLAT]] : tensor<6xf32> to tensor<?xf32>
// CHECK: %[[ID0:.*]] = arith.constant 0 : i64
// CHECK: call @qnn_observe(%[[ID0]], %[[DYN]])
// CHECK: %[[Y:.*]] = linalg.generic
// CHECK: %[[ID1:.*]] = arith.constant 1 : i64
// CHECK: call @qnn_observe(%[[ID1]],
// CHECK: return %[[Y]]
func.func @observed(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qnn.observe' op remains: calibrate and quantize the model before lowering it}}
  %o = qnn.observe %x : tensor<2x3xf32>
  %e = qnn.exp %o : tensor<2x3xf32>
  %t = qnn.observe %e : tensor<2x3xf32>
  return %t : tensor<2x3xf32>
}
