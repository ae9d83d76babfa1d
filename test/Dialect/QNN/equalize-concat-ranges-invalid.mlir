// RUN: quant-opt %s --qnn-equalize-concat-ranges=min-ratio=0.5 -verify-diagnostics -split-input-file

// expected-error @+1 {{min-ratio must be at least 1, got 5.000000e-01}}
module {
}
