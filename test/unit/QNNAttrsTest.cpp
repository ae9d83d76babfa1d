//===- QNNAttrsTest.cpp - parsing and printing of the qnn attributes ------===//

#include "qnn/Dialect/QNN/IR/QNNAttrs.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;

namespace {

class QNNAttrsTest : public ::testing::Test {
protected:
  QNNAttrsTest() {
    context.loadDialect<QNNDialect>();
    // Collect diagnostics instead of printing them to stderr.
    handler.emplace(&context, [this](Diagnostic &diag) {
      diagnostics += diag.str();
      diagnostics += "\n";
      return success();
    });
  }

  /// Parses `text` as an attribute, null (with `diagnostics` set) on failure.
  Attribute parse(llvm::StringRef text) {
    diagnostics.clear();
    return parseAttribute(text, &context);
  }

  /// Prints `attr` as it appears in IR.
  static std::string print(Attribute attr) {
    std::string text;
    llvm::raw_string_ostream os(text);
    attr.print(os);
    return text;
  }

  /// Checks that `attr` prints to text that parses back to `attr` itself.
  void expectRoundTrip(Attribute attr) {
    ASSERT_TRUE(attr);
    std::string text = print(attr);
    Attribute reparsed = parse(text);
    EXPECT_EQ(reparsed, attr) << "printed as " << text << "\n" << diagnostics;
  }

  MLIRContext context;
  std::optional<ScopedDiagnosticHandler> handler;
  std::string diagnostics;
};

constexpr double kInf = std::numeric_limits<double>::infinity();

//===----------------------------------------------------------------------===//
// #qnn.stats
//===----------------------------------------------------------------------===//

TEST_F(QNNAttrsTest, StatsMinMax) {
  auto stats =
      dyn_cast_or_null<StatsAttr>(parse("#qnn.stats<min = -1.5, max = 3.0>"));
  ASSERT_TRUE(stats) << diagnostics;
  EXPECT_DOUBLE_EQ(stats.getMin().convertToDouble(), -1.5);
  EXPECT_DOUBLE_EQ(stats.getMax().convertToDouble(), 3.0);
  EXPECT_FALSE(stats.hasHistogram());
  EXPECT_TRUE(stats.getBins().empty());
  EXPECT_EQ(stats, StatsAttr::get(&context, -1.5, 3.0));
  EXPECT_EQ(print(stats).rfind("#qnn.stats<min = ", 0), 0u) << print(stats);
  expectRoundTrip(stats);
}

TEST_F(QNNAttrsTest, StatsWithHistogram) {
  auto stats = dyn_cast_or_null<StatsAttr>(parse(
      "#qnn.stats<min = -1.5, max = 3.0, range = [-2.0, 4.0], bins = [1, 7, 9]>"));
  ASSERT_TRUE(stats) << diagnostics;
  EXPECT_DOUBLE_EQ(stats.getMin().convertToDouble(), -1.5);
  EXPECT_DOUBLE_EQ(stats.getMax().convertToDouble(), 3.0);
  EXPECT_TRUE(stats.hasHistogram());
  EXPECT_DOUBLE_EQ(stats.getRangeLo().convertToDouble(), -2.0);
  EXPECT_DOUBLE_EQ(stats.getRangeHi().convertToDouble(), 4.0);
  EXPECT_EQ(llvm::SmallVector<int64_t>(stats.getBins()),
            llvm::SmallVector<int64_t>({1, 7, 9}));
  std::string text = print(stats);
  EXPECT_NE(text.find("range = ["), std::string::npos) << text;
  EXPECT_NE(text.find("bins = [1, 7, 9]"), std::string::npos) << text;
  expectRoundTrip(stats);
}

TEST_F(QNNAttrsTest, StatsDistinctValuesAreDistinctAttributes) {
  Attribute a = parse("#qnn.stats<min = -1.5, max = 3.0>");
  Attribute b = parse("#qnn.stats<min = -1.5, max = 3.5>");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a, b);
}

TEST_F(QNNAttrsTest, StatsMinAboveMaxIsRejected) {
  EXPECT_FALSE(parse("#qnn.stats<min = 3.0, max = 1.0>"));
  EXPECT_NE(diagnostics.find("stats min must not exceed max"),
            std::string::npos)
      << diagnostics;
}

TEST_F(QNNAttrsTest, StatsRangeMustContainMinMax) {
  EXPECT_FALSE(parse(
      "#qnn.stats<min = -1.5, max = 3.0, range = [-1.0, 4.0], bins = [1, 2]>"));
  EXPECT_NE(diagnostics.find("must contain [min, max]"), std::string::npos)
      << diagnostics;
}

TEST_F(QNNAttrsTest, StatsNegativeCountIsRejected) {
  EXPECT_FALSE(parse(
      "#qnn.stats<min = 0.0, max = 1.0, range = [0.0, 1.0], bins = [3, -1]>"));
  EXPECT_NE(diagnostics.find("non-negative"), std::string::npos)
      << diagnostics;
}

TEST_F(QNNAttrsTest, StatsMissingMaxIsAParseError) {
  EXPECT_FALSE(parse("#qnn.stats<min = 1.0>"));
  EXPECT_FALSE(diagnostics.empty());
}

//===----------------------------------------------------------------------===//
// #qnn.activation
//===----------------------------------------------------------------------===//

TEST_F(QNNAttrsTest, ActivationRelu) {
  auto act = dyn_cast_or_null<ActivationAttr>(parse("#qnn.activation<relu>"));
  ASSERT_TRUE(act) << diagnostics;
  EXPECT_EQ(act.getKind(), ActivationKind::relu);
  EXPECT_EQ(act.getLowerBound(), 0.0);
  EXPECT_EQ(act.getUpperBound(), kInf);
  EXPECT_EQ(print(act), "#qnn.activation<relu>");
  expectRoundTrip(act);
}

TEST_F(QNNAttrsTest, ActivationRelu6) {
  auto act = dyn_cast_or_null<ActivationAttr>(parse("#qnn.activation<relu6>"));
  ASSERT_TRUE(act) << diagnostics;
  EXPECT_EQ(act.getKind(), ActivationKind::relu6);
  EXPECT_EQ(act.getLowerBound(), 0.0);
  EXPECT_EQ(act.getUpperBound(), 6.0);
  EXPECT_EQ(act, ActivationAttr::get(&context, ActivationKind::relu6));
  EXPECT_EQ(print(act), "#qnn.activation<relu6>");
  expectRoundTrip(act);
}

TEST_F(QNNAttrsTest, ActivationClamp) {
  auto act = dyn_cast_or_null<ActivationAttr>(
      parse("#qnn.activation<clamp [-1.0, 1.0]>"));
  ASSERT_TRUE(act) << diagnostics;
  EXPECT_EQ(act.getKind(), ActivationKind::clamp);
  EXPECT_EQ(act.getLowerBound(), -1.0);
  EXPECT_EQ(act.getUpperBound(), 1.0);
  EXPECT_EQ(print(act).rfind("#qnn.activation<clamp [", 0), 0u) << print(act);
  expectRoundTrip(act);
}

TEST_F(QNNAttrsTest, ActivationClampEmptyRangeIsRejected) {
  EXPECT_FALSE(parse("#qnn.activation<clamp [1.0, -1.0]>"));
  EXPECT_NE(diagnostics.find("lo < hi"), std::string::npos) << diagnostics;
}

TEST_F(QNNAttrsTest, ActivationUnknownKindIsRejected) {
  EXPECT_FALSE(parse("#qnn.activation<gelu>"));
  EXPECT_NE(diagnostics.find("unknown activation 'gelu'"), std::string::npos)
      << diagnostics;
}

//===----------------------------------------------------------------------===//
// #qnn.layout
//===----------------------------------------------------------------------===//

TEST_F(QNNAttrsTest, LayoutVnni) {
  auto layout = dyn_cast_or_null<LayoutAttr>(
      parse("#qnn.layout<vnni, tile = [16, 4]>"));
  ASSERT_TRUE(layout) << diagnostics;
  EXPECT_EQ(layout.getKind(), LayoutKind::vnni);
  EXPECT_EQ(llvm::SmallVector<int64_t>(layout.getTile()),
            llvm::SmallVector<int64_t>({16, 4}));
  EXPECT_EQ(print(layout), "#qnn.layout<vnni, tile = [16, 4]>");
  expectRoundTrip(layout);
}

TEST_F(QNNAttrsTest, LayoutNeonSdot) {
  auto layout = dyn_cast_or_null<LayoutAttr>(
      parse("#qnn.layout<neon_sdot, tile = [4, 4]>"));
  ASSERT_TRUE(layout) << diagnostics;
  EXPECT_EQ(layout.getKind(), LayoutKind::neon_sdot);
  expectRoundTrip(layout);
}

TEST_F(QNNAttrsTest, LayoutTileMustHaveTwoSizes) {
  EXPECT_FALSE(parse("#qnn.layout<vnni, tile = [16]>"));
  EXPECT_NE(diagnostics.find("layout tile must have 2 sizes"),
            std::string::npos)
      << diagnostics;
}

TEST_F(QNNAttrsTest, LayoutTileMustBePositive) {
  EXPECT_FALSE(parse("#qnn.layout<vnni, tile = [16, 0]>"));
  EXPECT_NE(diagnostics.find("positive"), std::string::npos) << diagnostics;
}

} // namespace
