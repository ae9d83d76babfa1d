// Every diagnostic of qnn-quantize-weights-int4 that is an error (the
// warning for a K that is not a multiple of block-size is checked in
// quantize-weights-int4.mlir). The option check reports on the module
// before anything runs: one input and one invocation per value.

// RUN: rm -rf %t && split-file %s %t
// RUN: quant-opt %t/48.mlir --qnn-quantize-weights-int4=block-size=48 -verify-diagnostics
// RUN: quant-opt %t/16.mlir --qnn-quantize-weights-int4=block-size=16 -verify-diagnostics
// RUN: quant-opt %t/0.mlir --qnn-quantize-weights-int4=block-size=0 -verify-diagnostics

//--- 48.mlir

// A size the type allows (K = 96 is a multiple) but the kernels do not.
// expected-error @+1 {{block-size must be 32, 64 or 128, got 48}}
module {
  func.func @f(%x: tensor<1x96xf32>) -> tensor<1x2xf32> {
    %w = arith.constant dense<1.0> : tensor<2x96xf32>
    %y = qnn.fully_connected %x, %w : (tensor<1x96xf32>, tensor<2x96xf32>) -> tensor<1x2xf32>
    return %y : tensor<1x2xf32>
  }
}

//--- 16.mlir

// expected-error @+1 {{block-size must be 32, 64 or 128, got 16}}
module {
}

//--- 0.mlir

// Not a division by zero: rejected first.
// expected-error @+1 {{block-size must be 32, 64 or 128, got 0}}
module {
  func.func @f(%x: tensor<1x32xf32>) -> tensor<1x2xf32> {
    %w = arith.constant dense<1.0> : tensor<2x32xf32>
    %y = qnn.fully_connected %x, %w : (tensor<1x32xf32>, tensor<2x32xf32>) -> tensor<1x2xf32>
    return %y : tensor<1x2xf32>
  }
}
