// Errors of qnn-quantize-pipeline: an unknown scheme is rejected when the
// pipeline is parsed (a command-line error, before any IR is read); the
// diagnostics of the passes it runs reach the user unchanged. Each
// option value has its own input (split-file) and invocation.

// RUN: rm -rf %t && split-file %s %t
// RUN: not quant-opt %t/scheme.mlir --qnn-quantize-pipeline=scheme=int2 2>&1 | FileCheck %s --check-prefix=SCHEME
// RUN: quant-opt %t/model.mlir --qnn-quantize-pipeline -verify-diagnostics
// RUN: quant-opt %t/method.mlir --qnn-quantize-pipeline=method=kl -verify-diagnostics
// RUN: quant-opt %t/keep-float.mlir --qnn-quantize-pipeline=keep-float=nowhere -verify-diagnostics
// RUN: quant-opt %t/block-size.mlir "--qnn-quantize-pipeline=scheme=weight-only-int4 block-size=48" -verify-diagnostics
// RUN: quant-opt %t/k.mlir "--qnn-quantize-pipeline=scheme=weight-only-int4 block-size=32" -verify-diagnostics

// SCHEME: for the --scheme option: Cannot find option named 'int2'

//--- scheme.mlir

module {
}

//--- model.mlir

// Static quantization of an uncalibrated observer: the batch norm was
// folded and the relu fused first, the error names the observer.
func.func @uncalibrated(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %z = arith.constant dense<0.0> : tensor<2xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x4x4xf32>
  %0 = qnn.conv2d %x0, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.batch_norm %0, %g, %z, %z, %g : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %2 = qnn.relu %1 : tensor<1x2x4x4xf32>
  // expected-error @+1 {{'qnn.observe' op has no calibration statistics: run `quant-run --calibrate` before quantizing}}
  %3 = qnn.observe %2 : tensor<1x2x4x4xf32>
  return %3 : tensor<1x2x4x4xf32>
}

//--- method.mlir

// expected-error @+1 {{unknown calibration method 'kl', expected minmax, percentile, entropy or mse}}
module {
}

//--- keep-float.mlir

// expected-error @+1 {{keep-float names 'nowhere', which is not the name of any op}}
module {
}

//--- block-size.mlir

// expected-error @+1 {{block-size must be 32, 64 or 128, got 48}}
module {
}

//--- k.mlir

// The weight-only scheme's warning: K = 48 is not a multiple of 32.
func.func @k_not_multiple_of_block(%x: tensor<1x48xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x48xf32>
  // expected-warning @+1 {{stays f32: the weight's contraction dimension (48) is not a multiple of block-size 32}}
  %y = qnn.fully_connected %x, %w : (tensor<1x48xf32>, tensor<4x48xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
