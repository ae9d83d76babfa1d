//===- QNNLegalityTest.cpp - tests of the legality predicates -------------===//
//
// What lit cannot show: a predicate asked without a diagnostic callback (as
// the passes ask) reports nothing, and one asked with a callback reports
// the broken rule through it. The rules themselves are covered per message
// in test/Dialect/QNN/invalid*.mlir.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNLegality.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace mlir;
using namespace mlir::qnn;

namespace {

class QNNLegalityTest : public ::testing::Test {
protected:
  QNNLegalityTest()
      : handler(&context, [this](Diagnostic &diag) {
          messages.push_back(diag.str());
          return success();
        }) {
    context.loadDialect<quant::QuantDialect>();
  }

  Type parse(llvm::StringRef text) {
    Type type = parseType(text, &context);
    EXPECT_TRUE(type) << "could not parse " << text.str();
    return type;
  }

  /// A static INT8 conv2d whose weight has element type `weight`.
  WeightedOpTypes conv(llvm::StringRef weight) {
    return WeightedOpTypes::conv2d(
        parse("tensor<1x2x4x4x!quant.uniform<u8:f32, 0.5:128>>"),
        parse(("tensor<3x2x3x3x" + weight + ">").str()), Type(),
        parse("tensor<1x3x2x2x!quant.uniform<u8:f32, 1.0:128>>"));
  }

  MLIRContext context;
  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler;
};

TEST_F(QNNLegalityTest, LegalStaticConvSucceedsSilently) {
  EXPECT_TRUE(succeeded(
      verifyWeightedOpTypes(conv("!quant.uniform<i8<-127:127>:f32, 0.25>"))));
  EXPECT_TRUE(messages.empty());
}

TEST_F(QNNLegalityTest, SilentQueryReportsNothing) {
  EXPECT_TRUE(
      failed(verifyWeightedOpTypes(conv("!quant.uniform<u8:f32, 0.25>"))));
  EXPECT_TRUE(messages.empty());
}

TEST_F(QNNLegalityTest, CallbackReceivesTheRule) {
  Location loc = UnknownLoc::get(&context);
  EXPECT_TRUE(
      failed(verifyWeightedOpTypes(conv("!quant.uniform<u8:f32, 0.25>"),
                                   [&] { return mlir::emitError(loc); })));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "weight must have i8 storage (i4 only when blocked, "
                         "in the weight-only form), got u8");
}

TEST_F(QNNLegalityTest, StorageSpelling) {
  auto u8 = cast<quant::QuantizedType>(parse("!quant.uniform<u8:f32, 0.1:3>"));
  auto ui8 =
      cast<quant::QuantizedType>(parse("!quant.uniform<ui8:f32, 0.1:3>"));
  // Distinct types, one printed form.
  EXPECT_NE(u8, ui8);
  EXPECT_TRUE(succeeded(verifyStorageType(u8, "operand #0")));
  EXPECT_TRUE(failed(verifyStorageType(ui8, "operand #0")));
  EXPECT_TRUE(messages.empty());
}

TEST_F(QNNLegalityTest, LSTMWeights) {
  Type w = parse("tensor<1x32x4x!quant.uniform<i8:f32:1, {"
                 "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,"
                 "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,"
                 "0.1,0.1}>>");
  Type r = parse("tensor<1x32x8x!quant.uniform<i8:f32, 0.1>>");
  Type f = parse("tensor<1x32x8xf32>");
  EXPECT_TRUE(succeeded(verifyLSTMTypes(w, r)));
  EXPECT_TRUE(failed(verifyLSTMTypes(w, f)));
  EXPECT_TRUE(messages.empty());
}

} // namespace
