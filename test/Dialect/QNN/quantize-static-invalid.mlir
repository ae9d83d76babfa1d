// Every diagnostic of qnn-quantize-static. The option checks report on the
// module before anything runs, so each has its own input (split-file) and
// its own quant-opt invocation.

// RUN: rm -rf %t && split-file %s %t
// RUN: quant-opt %t/observer.mlir -split-input-file --qnn-quantize-static -verify-diagnostics
// RUN: quant-opt %t/method.mlir --qnn-quantize-static=method=kl -verify-diagnostics
// RUN: quant-opt %t/percentile.mlir "--qnn-quantize-static=method=percentile percentile=0" -verify-diagnostics
// RUN: quant-opt %t/percentile-minmax.mlir "--qnn-quantize-static=percentile=150" -verify-diagnostics
// RUN: quant-opt %t/keep-float.mlir --qnn-quantize-static=keep-float=head,nowhere -verify-diagnostics

//--- observer.mlir

func.func @observer_without_stats(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'qnn.observe' op has no calibration statistics: run `quant-run --calibrate` before quantizing}}
  %0 = qnn.observe %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// The first observer has statistics, the conv's does not: still an error,
// nothing is half quantized silently.
func.func @conv_observer_without_stats(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %x0 = qnn.observe %x {stats = #qnn.stats<min = 0.0, max = 1.0>} : tensor<1x1x2x2xf32>
  %0 = qnn.conv2d %x0, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  // expected-error @+1 {{'qnn.observe' op has no calibration statistics}}
  %1 = qnn.observe %0 : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

//--- method.mlir

// expected-error @+1 {{unknown calibration method 'kl', expected minmax, percentile, entropy or mse}}
module {
}

//--- percentile.mlir

// expected-error @+1 {{percentile must be in (0, 100], got 0}}
module {
}

//--- percentile-minmax.mlir

// Checked whatever the method.
// expected-error @+1 {{percentile must be in (0, 100], got 1.500000e+02}}
module {
}

//--- keep-float.mlir

// `head` names an op, `nowhere` does not.
// expected-error @+1 {{keep-float names 'nowhere', which is not the name of any op}}
module {
  func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
    %0 = qnn.relu %x : tensor<1x4xf32> loc("head")
    return %0 : tensor<1x4xf32>
  }
}
