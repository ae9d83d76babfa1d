// A model library refuses a CPU without the features its kernels were
// compiled for in qnn_model_create, with a message, never with SIGILL: here
// TBM, which no Intel CPU and no AMD CPU since Zen has.

// UNSUPPORTED: cpu-tbm
// REQUIRES: c-compiler
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Interpreter/Inputs/gen.py %t/f.npy="randn(2, 4)"
// RUN: quant-compile %s --entry float_model --cpu-features=tbm -o %t/tbm.so
// RUN: not quant-run --run %t/tbm.so --input %t/f.npy --input %t/f.npy 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: error: {{.*}}tbm.so: this CPU lacks features the model was compiled for (target generic): tbm; recompile it for this CPU (quant-compile --target host, or generic without --cpu-features)
// RUN: %cc -std=c11 -O1 -Wall -Wextra -Werror -I%qnn_src/include \
// RUN:   %S/Inputs/model-abi-test.c -rdynamic -lpthread -ldl -o %t/model-abi-test
// RUN: not %t/model-abi-test --model %t/tbm.so --input %t/f.npy --input %t/f.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CREATE
// CREATE: abi 1, target generic, features 'tbm'
// CREATE: FAIL: create: this CPU lacks features the model was compiled for (target generic): tbm;

func.func @float_model(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %s = qnn.add %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}
