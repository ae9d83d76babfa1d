// RUN: quant-opt %s -split-input-file --qnn-quantize-static -verify-diagnostics
// RUN: not quant-opt %s --qnn-quantize-static=keep-float=nowhere 2>&1 | FileCheck %s --check-prefix=KEEP
// RUN: not quant-opt %s --qnn-quantize-static=method=kl 2>&1 | FileCheck %s --check-prefix=METHOD
// RUN: not quant-opt %s --qnn-quantize-static="method=percentile percentile=0" 2>&1 | FileCheck %s --check-prefix=PERCENTILE

// KEEP: error: keep-float names 'nowhere', which is not the name of any op
// METHOD: error: unknown calibration method 'kl', expected minmax, percentile, entropy or mse
// PERCENTILE: error: percentile must be in (0, 100], got 0

func.func @observer_without_stats(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'qnn.observe' op has no calibration statistics: run `quant-run --calibrate` before quantizing}}
  %0 = qnn.observe %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
