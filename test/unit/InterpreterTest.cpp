//===- InterpreterTest.cpp - tests of the reference interpreter -----------===//
//
// The interpreter applying the quantization rules (per-channel scales,
// zero-point padding, the add rule; the rules themselves are tested in
// QuantNumericsTest.cpp), its diagnostics, and .npy reading and writing.
//
//===----------------------------------------------------------------------===//

#include "qnn/Interpreter/Interpreter.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/Utils/QuantNumerics.h"
#include "qnn/Support/Npy.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
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

//===----------------------------------------------------------------------===//
// .npy files
//===----------------------------------------------------------------------===//

class NpyTest : public InterpreterTest {
protected:
  std::string tempPath(StringRef name) {
    SmallString<128> path;
    llvm::sys::fs::createUniquePath("qnn-npy-%%%%%%-" + name, path,
                                    /*MakeAbsolute=*/true);
    paths.push_back(std::string(path));
    return std::string(path);
  }
  ~NpyTest() override {
    for (const std::string &path : paths)
      llvm::sys::fs::remove(path);
  }
  std::vector<std::string> paths;
};

TEST_F(NpyTest, RoundTrips) {
  std::string path = tempPath("f.npy");
  HostTensor t = floats({2, 3}, {1, -2, 3.5f, 0, 1e-8f, 7});
  ASSERT_FALSE(bool(writeNpy(t, path)));
  llvm::Expected<HostTensor> back = readNpy(&context, path);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->getShape(), ArrayRef<int64_t>({2, 3}));
  EXPECT_EQ(back->getFloats(), t.getFloats());

  std::string qpath = tempPath("q.npy");
  auto qtype = quant::UniformQuantizedType::get(
      0, IntegerType::get(&context, 8), Float32Type::get(&context), 0.1, 128, 0,
      255);
  HostTensor q(RankedTensorType::get({3}, qtype));
  q.getInts()[0] = 0;
  q.getInts()[1] = 128;
  q.getInts()[2] = 255;
  ASSERT_FALSE(bool(writeNpy(q, qpath)));
  llvm::Expected<HostTensor> qback = readNpy(&context, qpath);
  ASSERT_TRUE(bool(qback)) << llvm::toString(qback.takeError());
  EXPECT_TRUE(qback->getElementType().isUnsignedInteger(8));
  EXPECT_EQ(qback->getInts(), q.getInts());
}

// Every truncation of a valid file is an error naming the file, never a
// crash or an overread.
TEST_F(NpyTest, TruncatedFilesAreErrors) {
  std::string path = tempPath("full.npy");
  ASSERT_FALSE(bool(writeNpy(floats({2, 2}, {1, 2, 3, 4}), path)));
  auto buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer));
  StringRef data = (*buffer)->getBuffer();
  std::string cut = tempPath("cut.npy");
  for (size_t size = 0; size < data.size(); ++size) {
    std::error_code ec;
    {
      llvm::raw_fd_ostream os(cut, ec);
      ASSERT_FALSE(ec);
      os << data.take_front(size);
    }
    llvm::Expected<HostTensor> result = readNpy(&context, cut);
    ASSERT_FALSE(bool(result)) << "prefix of " << size << " bytes was read";
    std::string message = llvm::toString(result.takeError());
    EXPECT_NE(message.find(cut), std::string::npos) << message;
  }
}

TEST_F(NpyTest, MalformedHeaders) {
  std::string path = tempPath("bad.npy");
  auto write = [&](StringRef header, size_t dataBytes) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << StringRef("\x93NUMPY\x01\x00", 8);
    char size[2] = {static_cast<char>(header.size() & 0xff),
                    static_cast<char>(header.size() >> 8)};
    os.write(size, 2);
    os << header << std::string(dataBytes, '\0');
  };
  auto error = [&]() {
    llvm::Expected<HostTensor> result = readNpy(&context, path);
    return result ? std::string("no error")
                  : llvm::toString(result.takeError());
  };
  write("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 8);
  EXPECT_EQ(error(), "no error");
  write("{'descr': '<f4', 'fortran_order': False}\n", 8);
  EXPECT_NE(error().find("lacks"), std::string::npos);
  write("{'descr': '<f4', 'fortran_order': False, 'shape': "
        "(99999999999999999999,), }",
        8);
  EXPECT_NE(error().find("malformed shape"), std::string::npos);
  write("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, "
        "65536), }",
        8);
  EXPECT_NE(error().find("too large"), std::string::npos);
  write("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8);
  EXPECT_NE(error().find("unexpected key"), std::string::npos);
  write("{'descr': '<f4", 8);
  EXPECT_NE(error().find("malformed header"), std::string::npos);
  write("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 0);
  EXPECT_NE(error().find("truncated data"), std::string::npos);
}

TEST_F(NpyTest, FortranOrder) {
  std::string path = tempPath("fortran.npy");
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(path, ec);
    std::string header =
        "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }\n";
    os << StringRef("\x93NUMPY\x01\x00", 8);
    char size[2] = {static_cast<char>(header.size()), 0};
    os.write(size, 2);
    os << header;
    // Column-major [[0, 1, 2], [3, 4, 5]].
    for (int32_t v : {0, 3, 1, 4, 2, 5})
      os.write(reinterpret_cast<const char *>(&v), 4);
  }
  llvm::Expected<HostTensor> result = readNpy(&context, path);
  ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
  EXPECT_EQ(result->getInts(), ArrayRef<int32_t>({0, 1, 2, 3, 4, 5}));
}

} // namespace
