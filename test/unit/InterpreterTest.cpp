//===- InterpreterTest.cpp - tests of the reference interpreter -----------===//
//
// The interpreter applying the quantization rules (per-channel scales,
// zero-point padding, the add rule; the rules themselves are tested in
// QuantNumericsTest.cpp) and its diagnostics (.npy files: test/unit/Support,
// RunnerTest).
//
//===----------------------------------------------------------------------===//

#include "qnn/Interpreter/Interpreter.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

namespace {

//===----------------------------------------------------------------------===//
// Running functions
//===----------------------------------------------------------------------===//

class InterpreterTest : public ::testing::Test {
protected:
  InterpreterTest() {
    context.loadDialect<QNNDialect, func::FuncDialect, arith::ArithDialect,
                        quant::QuantDialect>();
  }

  /// Parses a module and returns its entry function.
  func::FuncOp parse(StringRef text) {
    module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module) << "could not parse:\n" << text.str();
    if (!module)
      return {};
    FailureOr<func::FuncOp> func = getEntryFunction(*module);
    EXPECT_TRUE(succeeded(func));
    return succeeded(func) ? *func : func::FuncOp();
  }

  /// Runs `func`, collecting diagnostics into `errors`.
  FailureOr<SmallVector<HostTensor>>
  run(func::FuncOp func, ArrayRef<HostTensor> inputs,
      const InterpreterOptions &options = {}) {
    errors.clear();
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      errors += diag.str() + "\n";
      return success();
    });
    return interpret(func, inputs, options);
  }

  HostTensor floats(ArrayRef<int64_t> shape, ArrayRef<float> values) {
    HostTensor t(RankedTensorType::get(shape, Float32Type::get(&context)));
    std::copy(values.begin(), values.end(), t.getFloats().begin());
    return t;
  }

  HostTensor ints(ArrayRef<int64_t> shape, Type element,
                  ArrayRef<int32_t> values) {
    HostTensor t(RankedTensorType::get(shape, element));
    std::copy(values.begin(), values.end(), t.getInts().begin());
    return t;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string errors;
};

// Padding reads the input zero point: with z_x = 10 and q_x = 10 everywhere
// the real input is 0, so every output (padded border included) is the
// bias alone; per channel, each with its own multiplier.
TEST_F(InterpreterTest, ConvPaddingReadsZeroPointPerChannel) {
  func::FuncOp func = parse(R"mlir(
    !x = !quant.uniform<u8:f32, 0.5:10>
    !w = !quant.uniform<i8:f32:0, {1.0, 0.25}>
    !b = !quant.uniform<i32:f32:0, {0.5, 0.125}>
    !y = !quant.uniform<u8:f32, 0.25:3>
    func.func @main(%x: tensor<1x1x2x2x!x>) -> tensor<1x2x2x2x!y> {
      %wi = arith.constant dense<1> : tensor<2x1x3x3xi8>
      %w = quant.scast %wi : tensor<2x1x3x3xi8> to tensor<2x1x3x3x!w>
      %bi = arith.constant dense<[3, 5]> : tensor<2xi32>
      %b = quant.scast %bi : tensor<2xi32> to tensor<2x!b>
      %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
           : (tensor<1x1x2x2x!x>, tensor<2x1x3x3x!w>, tensor<2x!b>)
           -> tensor<1x2x2x2x!y>
      return %y : tensor<1x2x2x2x!y>
    })mlir");
  Type u8 = IntegerType::get(&context, 8, IntegerType::Unsigned);
  auto result = run(func, {ints({1, 1, 2, 2}, u8, {10, 10, 10, 10})});
  ASSERT_TRUE(succeeded(result)) << errors;
  // Channel 0: acc = 3, M = 0.5 * 1.0 / 0.25 = 2 -> 6 + 3 = 9.
  // Channel 1: acc = 5, M = 0.5 * 0.25 / 0.25 = 0.5 -> rne(2.5) = 2, + 3 = 5.
  EXPECT_EQ((*result)[0].getInts(),
            ArrayRef<int32_t>({9, 9, 9, 9, 5, 5, 5, 5}));

  // One real input value of 1 (q = 12) at the top left: every 3x3 window
  // with padding 1 sees it, adding 2 * w = 2 to each accumulator.
  result = run(func, {ints({1, 1, 2, 2}, u8, {12, 10, 10, 10})});
  ASSERT_TRUE(succeeded(result)) << errors;
  // Channel 0: acc = 5 -> 10 + 3 = 13. Channel 1: acc = 7 -> rne(3.5) = 4, + 3.
  EXPECT_EQ((*result)[0].getInts(),
            ArrayRef<int32_t>({13, 13, 13, 13, 7, 7, 7, 7}));
}

// add: clamp(rne(M_a (q_a - z_a) + M_b (q_b - z_b)) + z_y) with M = 0.5 for
// both operands: sums land on .5 and round to even; then saturate.
TEST_F(InterpreterTest, QuantizedAddRule) {
  func::FuncOp func = parse(R"mlir(
    !a = !quant.uniform<i8:f32, 0.5>
    !y = !quant.uniform<i8:f32, 1.0:-1>
    func.func @main(%a: tensor<5x!a>, %b: tensor<5x!a>) -> tensor<5x!y> {
      %y = qnn.add %a, %b : (tensor<5x!a>, tensor<5x!a>) -> tensor<5x!y>
      return %y : tensor<5x!y>
    })mlir");
  Type i8 = IntegerType::get(&context, 8);
  auto result = run(func, {ints({5}, i8, {1, 1, 3, -3, 127}),
                           ints({5}, i8, {0, 2, 2, -2, 127})});
  ASSERT_TRUE(succeeded(result)) << errors;
  // 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -2.5 -> -2, 127 -> 127 - 1 = 126.
  EXPECT_EQ((*result)[0].getInts(), ArrayRef<int32_t>({-1, 1, 1, -3, 126}));
}

// A fused relu on a quantized result clamps at the zero point.
TEST_F(InterpreterTest, FusedActivationClampsQuantizedResult) {
  func::FuncOp func = parse(R"mlir(
    !a = !quant.uniform<i8:f32, 1.0>
    !y = !quant.uniform<i8:f32, 1.0:5>
    func.func @main(%a: tensor<3x!a>) -> tensor<3x!y> {
      %y = qnn.add %a, %a {activation = #qnn.activation<relu6>}
           : (tensor<3x!a>, tensor<3x!a>) -> tensor<3x!y>
      return %y : tensor<3x!y>
    })mlir");
  Type i8 = IntegerType::get(&context, 8);
  auto result = run(func, {ints({3}, i8, {-4, 2, 50})});
  ASSERT_TRUE(succeeded(result)) << errors;
  EXPECT_EQ((*result)[0].getInts(), ArrayRef<int32_t>({5, 9, 11}));
}

// Requantize per channel: each channel its own M = s_in[c] * (1 / s_out).
TEST_F(InterpreterTest, RequantizePerChannel) {
  func::FuncOp func = parse(R"mlir(
    !in = !quant.uniform<i8:f32:1, {0.5:1, 2.0}>
    !out = !quant.uniform<i8:f32, 1.0>
    func.func @main(%x: tensor<2x2x!in>) -> tensor<2x2x!out> {
      %y = qnn.requantize %x : tensor<2x2x!in> -> tensor<2x2x!out>
      return %y : tensor<2x2x!out>
    })mlir");
  Type i8 = IntegerType::get(&context, 8);
  auto result = run(func, {ints({2, 2}, i8, {6, 100, -4, -100})});
  ASSERT_TRUE(succeeded(result)) << errors;
  // (6 - 1) * 0.5 = 2.5 -> 2; 200 -> 127; (-4 - 1) * 0.5 = -2.5 -> -2;
  // -200 -> -128.
  EXPECT_EQ((*result)[0].getInts(), ArrayRef<int32_t>({2, 127, -2, -128}));
}

TEST_F(InterpreterTest, ObserverAndIntermediates) {
  func::FuncOp func = parse(R"mlir(
    func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
      %o = qnn.observe %x : tensor<2xf32> loc("seen")
      %y = qnn.relu %o : tensor<2xf32>
      return %y : tensor<2xf32>
    })mlir");
  int observed = 0;
  llvm::StringMap<HostTensor> intermediates;
  InterpreterOptions options;
  options.onObserve = [&](ObserveOp, const HostTensor &t) {
    ++observed;
    EXPECT_EQ(t.getFloats(), ArrayRef<float>({-1.0f, 2.0f}));
  };
  options.intermediates = &intermediates;
  auto result = run(func, {floats({2}, {-1.0f, 2.0f})}, options);
  ASSERT_TRUE(succeeded(result)) << errors;
  EXPECT_EQ(observed, 1);
  EXPECT_EQ((*result)[0].getFloats(), ArrayRef<float>({0.0f, 2.0f}));
  ASSERT_EQ(intermediates.count("seen"), 1u);
  ASSERT_EQ(intermediates.count("%1"), 1u);
  EXPECT_EQ(intermediates["%1"].getFloats(), ArrayRef<float>({0.0f, 2.0f}));
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

class InterpreterErrorTest : public InterpreterTest {
protected:
  func::FuncOp identity() {
    return parse(R"mlir(
      func.func @main(%x: tensor<2x2xf32> {qnn.name = "image"})
          -> tensor<2x2xf32> {
        %y = qnn.relu %x : tensor<2x2xf32>
        return %y : tensor<2x2xf32>
      })mlir");
  }
};

TEST_F(InterpreterErrorTest, WrongInputCount) {
  EXPECT_TRUE(failed(run(identity(), {})));
  EXPECT_NE(errors.find("expected 1 input (image), got 0"), std::string::npos)
      << errors;
}

TEST_F(InterpreterErrorTest, WrongShape) {
  EXPECT_TRUE(failed(run(identity(), {floats({4}, {1, 2, 3, 4})})));
  EXPECT_NE(errors.find("input 'image' must have shape [2, 2], got [4]"),
            std::string::npos)
      << errors;
}

TEST_F(InterpreterErrorTest, WrongElementType) {
  Type i64 = IntegerType::get(&context, 64);
  EXPECT_TRUE(failed(run(identity(), {ints({2, 2}, i64, {1, 2, 3, 4})})));
  EXPECT_NE(errors.find("input 'image' must have element type"),
            std::string::npos)
      << errors;
}

TEST_F(InterpreterErrorTest, NaNAndInf) {
  float nan = std::nanf("");
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(failed(run(identity(), {floats({2, 2}, {1, 2, nan, 4})})));
  EXPECT_NE(errors.find("input 'image' contains NaN at [1, 0]"),
            std::string::npos)
      << errors;
  EXPECT_TRUE(failed(run(identity(), {floats({2, 2}, {1, -inf, 3, 4})})));
  EXPECT_NE(errors.find("input 'image' contains Inf at [0, 1]"),
            std::string::npos)
      << errors;
}

TEST_F(InterpreterErrorTest, GatherIndexOutOfRange) {
  func::FuncOp func = parse(R"mlir(
    func.func @main(%t: tensor<3x2xf32>, %i: tensor<2xi32>) -> tensor<2x2xf32> {
      %y = qnn.gather %t, %i
           : (tensor<3x2xf32>, tensor<2xi32>) -> tensor<2x2xf32>
      return %y : tensor<2x2xf32>
    })mlir");
  Type i32 = IntegerType::get(&context, 32);
  HostTensor table = floats({3, 2}, {1, 2, 3, 4, 5, 6});
  auto ok = run(func, {table, ints({2}, i32, {-1, 0})});
  ASSERT_TRUE(succeeded(ok)) << errors;
  EXPECT_EQ((*ok)[0].getFloats(), ArrayRef<float>({5, 6, 1, 2}));
  EXPECT_TRUE(failed(run(func, {table, ints({2}, i32, {0, -4})})));
  EXPECT_NE(errors.find("'qnn.gather' op index -4 at position [1]"),
            std::string::npos)
      << errors;
}

} // namespace
