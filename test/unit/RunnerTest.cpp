//===- RunnerTest.cpp - quant-run's library -------------------------------===//
//
// HostTensor <-> Buffer, .npy files as HostTensors, sample splitting and
// stacking, the float-vs-quantized comparison, its SVG plot and report, and
// the one-line diagnostics.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Interpreter/Interpreter.h"
#include "qnn/Runner/Compare.h"
#include "qnn/Runner/CompareReport.h"
#include "qnn/Runner/Diagnostics.h"
#include "qnn/Runner/Samples.h"
#include "qnn/Runner/SvgBarChart.h"
#include "qnn/Runner/TensorFiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

namespace {

class RunnerTest : public ::testing::Test {
protected:
  RunnerTest() {
    context.loadDialect<QNNDialect, func::FuncDialect, arith::ArithDialect,
                        quant::QuantDialect>();
    llvm::sys::fs::createUniqueDirectory("qnn-runner-test", dir);
  }
  ~RunnerTest() override { llvm::sys::fs::remove_directories(dir); }

  std::string path(StringRef name) {
    SmallString<128> result(dir);
    llvm::sys::path::append(result, name);
    return std::string(result);
  }

  func::FuncOp parse(StringRef text) {
    module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module) << text.str();
    return module ? *getEntryFunction(*module) : func::FuncOp();
  }

  HostTensor floats(ArrayRef<int64_t> shape, ArrayRef<float> values) {
    HostTensor t(RankedTensorType::get(shape, Float32Type::get(&context)));
    llvm::copy(values, t.getFloats().begin());
    return t;
  }

  Type u8Quant(double scale, int64_t zeroPoint) {
    return quant::UniformQuantizedType::get(0, IntegerType::get(&context, 8),
                                            Float32Type::get(&context), scale,
                                            zeroPoint, 0, 255);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  SmallString<128> dir;
};

//===----------------------------------------------------------------------===//
// HostTensor and Buffer
//===----------------------------------------------------------------------===//

TEST_F(RunnerTest, HostTensorHoldsABuffer) {
  HostTensor t = floats({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(t.getStorage().getKind(), ElementKind::F32);
  EXPECT_EQ(t.getStorage().getShape(), std::vector<int64_t>({2, 2}));
  EXPECT_TRUE(t.getInts().empty());
  HostTensor q(RankedTensorType::get({3}, u8Quant(0.5, 10)));
  EXPECT_EQ(q.getStorage().getKind(), ElementKind::I32);
  EXPECT_TRUE(q.getFloats().empty());
  HostTensor reshaped =
      t.withType(RankedTensorType::get({4}, Float32Type::get(&context)));
  EXPECT_EQ(reshaped.getStorage().getShape(), std::vector<int64_t>({4}));
  EXPECT_EQ(reshaped.getFloats(), t.getFloats());
}

TEST_F(RunnerTest, FromBufferMovesF32AndWidensIntegers) {
  Buffer f32(ElementKind::F32, {3});
  f32.getData<float>()[2] = 7.5f;
  const void *data = f32.getRawData();
  llvm::Expected<HostTensor> t =
      HostTensor::fromBuffer(&context, std::move(f32));
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_TRUE(t->isFloat());
  EXPECT_EQ(t->getStorage().getRawData(), data); // no copy
  EXPECT_EQ(t->getFloats()[2], 7.5f);

  Buffer u16(ElementKind::U16, {1, 2});
  u16.getData<uint16_t>()[1] = 65535;
  t = HostTensor::fromBuffer(&context, std::move(u16));
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_TRUE(t->getElementType().isUnsignedInteger(16));
  EXPECT_EQ(t->getInts()[1], 65535);

  Buffer i64(ElementKind::I64, {2});
  i64.getData<int64_t>()[1] = int64_t(1) << 32;
  t = HostTensor::fromBuffer(&context, std::move(i64));
  ASSERT_FALSE(bool(t));
  EXPECT_EQ(llvm::toString(t.takeError()),
            "value 4294967296 at element 1 does not fit in i32, the widest "
            "integer the interpreter holds");
}

TEST_F(RunnerTest, ToBufferUsesTheStorageType) {
  HostTensor q(RankedTensorType::get({3}, u8Quant(0.1, 128)));
  q.getInts()[0] = 0;
  q.getInts()[1] = 128;
  q.getInts()[2] = 255;
  llvm::Expected<Buffer> buffer = q.toBuffer();
  ASSERT_TRUE(bool(buffer)) << llvm::toString(buffer.takeError());
  EXPECT_EQ(buffer->getKind(), ElementKind::U8);
  EXPECT_EQ(buffer->getData<uint8_t>()[2], 255);

  HostTensor i4(RankedTensorType::get({2}, IntegerType::get(&context, 4)));
  i4.getInts()[0] = -8;
  buffer = i4.toBuffer();
  ASSERT_TRUE(bool(buffer)) << llvm::toString(buffer.takeError());
  EXPECT_EQ(buffer->getKind(), ElementKind::I8);
  EXPECT_EQ(buffer->getData<int8_t>()[0], -8);

  HostTensor f16(RankedTensorType::get({2}, Float16Type::get(&context)));
  buffer = f16.toBuffer();
  ASSERT_FALSE(bool(buffer));
  EXPECT_EQ(llvm::toString(buffer.takeError()),
            "cannot store element type f16");
}

//===----------------------------------------------------------------------===//
// .npy files
//===----------------------------------------------------------------------===//

TEST_F(RunnerTest, TensorFilesRoundTrip) {
  std::string f = path("f.npy");
  HostTensor t = floats({2, 3}, {1, -2, 3.5f, 0, 1e-8f, 7});
  ASSERT_FALSE(bool(writeTensorFile(t, f)));
  llvm::Expected<HostTensor> back = readTensorFile(&context, f);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->getType(), t.getType());
  EXPECT_EQ(back->getFloats(), t.getFloats());

  // A quantized tensor is written as its storage and reads back as ui8.
  std::string qpath = path("q.npy");
  HostTensor q(RankedTensorType::get({3}, u8Quant(0.1, 128)));
  q.getInts()[1] = 128;
  q.getInts()[2] = 255;
  ASSERT_FALSE(bool(writeTensorFile(q, qpath)));
  llvm::Expected<HostTensor> qback = readTensorFile(&context, qpath);
  ASSERT_TRUE(bool(qback)) << llvm::toString(qback.takeError());
  EXPECT_TRUE(qback->getElementType().isUnsignedInteger(8));
  EXPECT_EQ(qback->getInts(), q.getInts());
}

TEST_F(RunnerTest, TensorFileErrorsNameTheFile) {
  std::string missing = path("missing.npy");
  llvm::Expected<HostTensor> result = readTensorFile(&context, missing);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "'" + missing + "': cannot open: No such file or directory");

  std::string wide = path("wide.npy");
  Buffer i64(ElementKind::I64, {2});
  i64.getData<int64_t>()[0] = -(int64_t(1) << 40);
  ASSERT_TRUE(writeNpy(i64, wide));
  result = readTensorFile(&context, wide);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "'" + wide +
                "': value -1099511627776 at element 0 does not fit "
                "in i32, the widest integer the interpreter holds");

  Result<NpySampleReader> reader = NpySampleReader::open(wide);
  ASSERT_TRUE(reader) << reader.getError();
  result = readSampleTensor(&context, *reader, 0);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "'" + wide +
                "': sample 0: value -1099511627776 at element 0 does "
                "not fit in i32, the widest integer the interpreter "
                "holds");
  result = readSampleTensor(&context, *reader, 1);
  ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
  EXPECT_EQ(result->getShape(), ArrayRef<int64_t>());
}

TEST_F(RunnerTest, TensorDirectoryNamesFiles) {
  llvm::StringMap<HostTensor> tensors;
  tensors.try_emplace("conv/out:0", floats({1}, {1}));
  tensors.try_emplace("%3", floats({1}, {2}));
  std::string out = path("dump");
  ASSERT_FALSE(bool(writeTensorDirectory(tensors, out)));
  EXPECT_TRUE(llvm::sys::fs::exists(out + "/conv_out_0.npy"));
  EXPECT_TRUE(llvm::sys::fs::exists(out + "/%3.npy"));
}

//===----------------------------------------------------------------------===//
// Samples
//===----------------------------------------------------------------------===//

TEST_F(RunnerTest, SplitAndStackAreInverse) {
  func::FuncOp func = parse(R"mlir(
    func.func @main(%x: tensor<2xf32> {qnn.name = "x"}, %y: tensor<1xf32>) -> tensor<2xf32> {
      return %x : tensor<2xf32>
    })mlir");
  HostTensor x = floats({3, 2}, {0, 1, 2, 3, 4, 5});
  HostTensor y = floats({3, 1}, {10, 11, 12});
  auto samples = splitSamples(func, {x, y});
  ASSERT_TRUE(bool(samples)) << llvm::toString(samples.takeError());
  ASSERT_EQ(samples->size(), 3u);
  EXPECT_EQ((*samples)[1][0].getFloats(), ArrayRef<float>({2, 3}));
  EXPECT_EQ((*samples)[2][1].getFloats(), ArrayRef<float>({12}));
  SmallVector<HostTensor> xs;
  for (auto &sample : *samples)
    xs.push_back(sample[0]);
  HostTensor stacked = stackSamples(xs);
  EXPECT_EQ(stacked.getType(), x.getType());
  EXPECT_EQ(stacked.getFloats(), x.getFloats());
}

TEST_F(RunnerTest, SplitErrorsNameTheInput) {
  func::FuncOp func = parse(R"mlir(
    func.func @main(%a: tensor<2xf32> {qnn.name = "a"}, %b: tensor<2xf32> {qnn.name = "b"}) -> tensor<2xf32> {
      return %a : tensor<2xf32>
    })mlir");
  auto error = [&](HostTensor a, HostTensor b) {
    auto result = splitSamples(func, {a, b});
    return result ? std::string("no error")
                  : llvm::toString(result.takeError());
  };
  EXPECT_EQ(error(floats({2}, {1, 2}), floats({1, 2}, {1, 2})),
            "input 'a' must hold samples of shape [N, 2] with --samples");
  EXPECT_EQ(error(floats({0, 2}, {}), floats({0, 2}, {})),
            "input 'a' holds no samples");
  EXPECT_EQ(error(floats({1, 2}, {1, 2}), floats({2, 2}, {1, 2, 3, 4})),
            "input 'b' holds 2 samples, input 'a' holds 1");
}

//===----------------------------------------------------------------------===//
// Compare
//===----------------------------------------------------------------------===//

TEST_F(RunnerTest, RealValuesDequantize) {
  HostTensor q(RankedTensorType::get({2}, u8Quant(0.5, 10)));
  q.getInts()[0] = 10;
  q.getInts()[1] = 13;
  EXPECT_EQ(realValues(q), std::vector<double>({0.0, 1.5}));
  auto perAxis = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(&context, 8),
      Float32Type::get(&context), {0.5, 2.0}, {0, 1}, 0, -127, 127);
  HostTensor w(RankedTensorType::get({2, 2}, perAxis));
  llvm::copy(ArrayRef<int32_t>({2, -2, 3, 1}), w.getInts().begin());
  EXPECT_EQ(realValues(w), std::vector<double>({1.0, -1.0, 4.0, 0.0}));
  HostTensor i(RankedTensorType::get({1}, IntegerType::get(&context, 32)));
  EXPECT_TRUE(realValues(i).empty());
}

TEST_F(RunnerTest, ComparisonAccumulatesOverSamples) {
  func::FuncOp quantFunc = parse(R"mlir(
    func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
      %q = qnn.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 0.5:10>> loc("t"("node"))
      %d = qnn.dequantize %q : tensor<2x!quant.uniform<u8:f32, 0.5:10>> -> tensor<2xf32> loc("d")
      return %d : tensor<2xf32>
    })mlir");
  ASSERT_TRUE(quantFunc);
  ModelComparison comparison(quantFunc);
  HostTensor q(RankedTensorType::get({2}, u8Quant(0.5, 10)));
  q.getInts()[0] = 12; // 1.0
  q.getInts()[1] = 8;  // -1.0
  llvm::StringMap<HostTensor> floatValues, quantValues;
  floatValues.try_emplace("t", floats({2}, {1.0f, -1.25f}));
  floatValues.try_emplace("d", floats({2}, {1.0f, -1.25f}));
  quantValues.try_emplace("t", q);
  quantValues.try_emplace("d", floats({2}, {1.0f, -1.0f}));
  comparison.addSample(floatValues, quantValues);
  comparison.addSample(floatValues, quantValues);
  // Only the quantized tensor is compared; "d" is float in both.
  ASSERT_EQ(comparison.getErrors().size(), 1u);
  const TensorError &e = comparison.getErrors().front();
  EXPECT_EQ(e.name, "t");
  EXPECT_EQ(e.type, "scale 0.5, zero point 10");
  EXPECT_DOUBLE_EQ(e.signal, 2 * (1.0 + 1.5625));
  EXPECT_DOUBLE_EQ(e.noise, 2 * 0.0625);
  EXPECT_DOUBLE_EQ(e.maxAbs, 0.25);
  EXPECT_DOUBLE_EQ(e.sqnr(), 10 * std::log10(2.5625 / 0.0625));

  std::string table;
  llvm::raw_string_ostream os(table);
  printComparison(os, comparison.getErrors());
  EXPECT_NE(table.find("t       scale 0.5, zero point 10"), std::string::npos)
      << table;
  EXPECT_NE(table.find("16.13"), std::string::npos) << table;
}

//===----------------------------------------------------------------------===//
// The plot and the report
//===----------------------------------------------------------------------===//

/// The numeric attribute `name` of each `<rect class="bar"` in `svg`.
std::vector<double> barAttribute(const std::string &svg,
                                 const std::string &name) {
  std::vector<double> values;
  for (size_t at = svg.find("<rect class=\"bar\""); at != std::string::npos;
       at = svg.find("<rect class=\"bar\"", at + 1)) {
    size_t value = svg.find(" " + name + "=\"", at) + name.size() + 3;
    values.push_back(std::stod(svg.substr(value, 16)));
  }
  return values;
}

TEST_F(RunnerTest, SvgBarsAreProportional) {
  BarChart chart;
  chart.title = "T & <co>";
  chart.yLabel = "dB";
  chart.labels = {"a", "b<c>", "exact", "negative"};
  chart.values = {10.0, 20.0, std::numeric_limits<double>::infinity(), -5.0};
  std::string svg = renderSvgBarChart(chart);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("</svg>\n"), std::string::npos);
  EXPECT_NE(svg.find("T &amp; &lt;co&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">b&lt;c&gt;</text>"), std::string::npos);
  EXPECT_EQ(svg.find("b<c>"), std::string::npos);
  EXPECT_NE(svg.find("<title>exact: inf</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>negative: -5.00</title>"), std::string::npos);
  std::vector<double> heights = barAttribute(svg, "height");
  ASSERT_EQ(heights.size(), 4u);
  EXPECT_NEAR(heights[1], 2 * heights[0], 0.02);
  EXPECT_NEAR(heights[3], heights[0] / 2, 0.02);
  // The axis runs from -5 to 20 (round ticks of 5): inf reaches its top.
  EXPECT_NEAR(heights[2], heights[1], 0.02);
  std::vector<double> ys = barAttribute(svg, "y");
  EXPECT_NEAR(ys[3], ys[0] + heights[0], 0.02); // negative bars hang from 0
  // Deterministic.
  EXPECT_EQ(svg, renderSvgBarChart(chart));
}

TEST_F(RunnerTest, ReportHasTableAndPlot) {
  std::vector<TensorError> errors(2);
  errors[0] = {"t0", "node0", "scale 0.1, zero point 0", 4.0, 0.04, 0.1};
  errors[1] = {"t1", "node1", "per-axis", 1.0, 0.0, 0.0};
  std::string out = path("report");
  ASSERT_FALSE(bool(writeCompareReport(out, "f.mlir", "q.mlir", errors)));
  auto md = llvm::MemoryBuffer::getFile(out + "/report.md");
  ASSERT_TRUE(bool(md));
  StringRef text = (*md)->getBuffer();
  EXPECT_TRUE(text.contains("![per-layer SQNR](sqnr.svg)"));
  EXPECT_TRUE(text.contains("| `node0` | `t0` | scale 0.1, zero point 0 | "
                            "20.00 | 0.1 |"));
  EXPECT_TRUE(text.contains("| `node1` | `t1` | per-axis | inf | 0 |"));
  auto svg = llvm::MemoryBuffer::getFile(out + "/sqnr.svg");
  ASSERT_TRUE(bool(svg));
  EXPECT_EQ((*svg)->getBuffer().str(), renderSqnrChart(errors));
  EXPECT_EQ(barAttribute((*svg)->getBuffer().str(), "height").size(), 2u);
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

TEST_F(RunnerTest, DiagnosticsAreOneLineWithNotes) {
  std::string text;
  llvm::raw_string_ostream os(text);
  OneLineDiagnosticHandler handler(&context, os);
  Location loc = FileLineColLoc::get(&context, "m.mlir", 3, 8);
  emitError(NameLoc::get(StringAttr::get(&context, "conv"), loc))
      << "bad\nvalue";
  {
    DiagnosticNoteScope note(&context, "in sample 2");
    (void)emitRunnerError(&context, "no such input");
  }
  (void)emitRunnerError(&context, llvm::createStringError("boom"), "reading: ");
  EXPECT_EQ(text, "error: m.mlir:3:8: bad value\n"
                  "error: no such input (in sample 2)\n"
                  "error: reading: boom\n");
}

} // namespace
