//===- QNNOpTraitsTest.cpp - what each qnn op is, checked per op ----------===//
//
// The traits and interfaces of QNNBase.td and QNNInterfaces.td are what the
// passes and the interpreter read instead of lists of op classes. These
// tests check, for every registered qnn op, the facts each one implies:
// from the registration (exactly one quantization class, the activation
// attribute if and only if the interface, ...) and on the op's examples in
// test/Dialect/QNN/ops.mlir, which has every op in every form its verifier
// accepts (one data operand, channel layouts, f(2x) = 2 f(x) and
// elementwise-ness in the interpreter, ...). An op added without its traits,
// or with a trait it does not honour, fails here.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/IR/QNNOps.h"
#include "qnn/Dialect/QNN/IR/QNNTypeUtils.h"
#include "qnn/Interpreter/Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// Prints an op for a failure message.
std::string describe(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os, OpPrintingFlags().elideLargeElementsAttrs());
  return text;
}

bool isIntegerTensor(Type type) {
  return isa<IntegerType>(getElementTypeOrSelf(type));
}

ArrayRef<int64_t> getShape(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

class QNNOpTraitsTest : public ::testing::Test {
protected:
  QNNOpTraitsTest() {
    context.loadDialect<QNNDialect, quant::QuantDialect, arith::ArithDialect,
                        func::FuncDialect>();
  }

  /// Every registered qnn op.
  SmallVector<RegisteredOperationName> getQNNOps() {
    SmallVector<RegisteredOperationName> ops;
    for (RegisteredOperationName name : context.getRegisteredOperations())
      if (name.getDialectNamespace() == QNNDialect::getDialectNamespace())
        ops.push_back(name);
    return ops;
  }

  /// The qnn ops of test/Dialect/QNN/ops.mlir, parsed once per test.
  const SmallVector<Operation *> &getExamples() {
    if (!examplesParsed) {
      examplesParsed = true;
      auto buffer = llvm::MemoryBuffer::getFile(QNN_OPS_EXAMPLES);
      if (!buffer) {
        ADD_FAILURE() << "cannot read " << QNN_OPS_EXAMPLES;
        return examples;
      }
      SmallVector<StringRef> chunks;
      (*buffer)->getBuffer().split(chunks, "// -----");
      for (StringRef chunk : chunks) {
        OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
            chunk, ParserConfig(&context), QNN_OPS_EXAMPLES);
        if (!module) {
          ADD_FAILURE() << "a case of " << QNN_OPS_EXAMPLES
                        << " does not parse";
          continue;
        }
        module->walk([&](Operation *op) {
          if (isa<QNNDialect>(op->getDialect()))
            examples.push_back(op);
        });
        modules.push_back(std::move(module));
      }
    }
    return examples;
  }

  /// The examples of ops that have trait `Trait`.
  template <template <typename> class Trait>
  SmallVector<Operation *> getExamplesWith() {
    return llvm::filter_to_vector(
        getExamples(), [](Operation *op) { return op->hasTrait<Trait>(); });
  }

  /// The examples of ops that implement `Interface`.
  template <typename Interface> SmallVector<Operation *> getExamplesWith() {
    return llvm::filter_to_vector(
        getExamples(), [](Operation *op) { return isa<Interface>(op); });
  }

  /// Whether `op` computes in f32: f32 results, every operand f32 or an
  /// integer index tensor.
  static bool isFloatExample(Operation *op) {
    return llvm::all_of(op->getResultTypes(), isF32Tensor) &&
           llvm::all_of(op->getOperandTypes(), [](Type type) {
             return isF32Tensor(type) || isIntegerTensor(type);
           });
  }

  /// Runs `check` on every f32 example among `ops`, and fails for an op
  /// among them that has no f32 example (EveryOpHasAnExample catches the
  /// ops with none at all).
  void forEachFloatExample(ArrayRef<Operation *> ops,
                           llvm::function_ref<void(Operation *)> check) {
    llvm::StringSet<> names, tested;
    for (Operation *op : ops) {
      names.insert(op->getName().getStringRef());
      if (!isFloatExample(op))
        continue;
      SCOPED_TRACE(describe(op));
      tested.insert(op->getName().getStringRef());
      check(op);
    }
    for (const auto &name : names)
      EXPECT_TRUE(tested.contains(name.getKey()))
          << name.getKey().str() << " has no f32 example";
  }

  /// `func.func @main(<operandTypes>) { return <op>(<arguments>) }`: `op`
  /// cloned into a function of its own, to run it in the interpreter.
  func::FuncOp wrapInFunction(Operation *op, TypeRange operandTypes) {
    OpBuilder builder(&context);
    Location loc = builder.getUnknownLoc();
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
    auto func = func::FuncOp::create(
        builder, loc, "main",
        builder.getFunctionType(operandTypes, op->getResultTypes()));
    Block *body = func.addEntryBlock();
    builder.setInsertionPointToEnd(body);
    IRMapping mapping;
    mapping.map(op->getOperands(), body->getArguments());
    Operation *clone = builder.clone(*op, mapping);
    func::ReturnOp::create(builder, loc, clone->getResults());
    modules.push_back(std::move(module));
    return func;
  }

  /// Runs `func` on `inputs`; fails the test (and returns nothing) when the
  /// interpreter reports an error.
  SmallVector<HostTensor> run(func::FuncOp func, ArrayRef<HostTensor> inputs) {
    FailureOr<SmallVector<HostTensor>> outputs = interpret(func, inputs);
    if (failed(outputs)) {
      ADD_FAILURE() << "the interpreter failed on " << describe(func);
      return {};
    }
    return *outputs;
  }

  /// Inputs for `func`: f32 arguments uniform in [lo, hi), integer ones
  /// (indices) zero.
  SmallVector<HostTensor> makeInputs(func::FuncOp func, float lo, float hi) {
    std::uniform_real_distribution<float> uniform(lo, hi);
    SmallVector<HostTensor> inputs;
    for (Type type : func.getArgumentTypes()) {
      HostTensor tensor(cast<RankedTensorType>(type));
      if (tensor.isFloat())
        for (float &x : tensor.getFloats())
          x = uniform(random);
      inputs.push_back(std::move(tensor));
    }
    return inputs;
  }

  MLIRContext context;
  std::mt19937 random{20240611};

private:
  SmallVector<OwningOpRef<ModuleOp>> modules;
  SmallVector<Operation *> examples;
  bool examplesParsed = false;
};

//===----------------------------------------------------------------------===//
// Facts of the registration
//===----------------------------------------------------------------------===//

TEST_F(QNNOpTraitsTest, EveryOpHasExactlyOneQuantizationClass) {
  for (RegisteredOperationName name : getQNNOps()) {
    int classes = name.hasTrait<qnn::OpTrait::QuantizedCompute>() +
                  name.hasTrait<qnn::OpTrait::InheritsScale>() +
                  name.hasTrait<qnn::OpTrait::StaysFloat>() +
                  name.hasTrait<qnn::OpTrait::QuantizationOp>();
    EXPECT_EQ(classes, 1)
        << name.getStringRef().str()
        << " must have exactly one of QNN_QuantizedCompute, "
           "QNN_InheritsScale, QNN_StaysFloat, QNN_QuantizationOp";
  }
}

TEST_F(QNNOpTraitsTest, ActivationAttributeIffFusedActivationInterface) {
  for (RegisteredOperationName name : getQNNOps()) {
    bool hasAttr = llvm::any_of(name.getAttributeNames(), [](StringAttr attr) {
      return attr.getValue() == "activation";
    });
    EXPECT_EQ(hasAttr, name.hasInterface<FusedActivationOpInterface>())
        << name.getStringRef().str()
        << ": an op with an `activation` attribute implements "
           "QNN_FusedActivationOpInterface, and only such an op";
  }
}

TEST_F(QNNOpTraitsTest, ActivationOpsAreScaleInheritingUnaryElementwise) {
  for (RegisteredOperationName name : getQNNOps()) {
    if (!name.hasInterface<ActivationOpInterface>())
      continue;
    EXPECT_TRUE(name.hasTrait<qnn::OpTrait::InheritsScale>() &&
                name.hasTrait<qnn::OpTrait::ElementwiseOperator>() &&
                name.hasTrait<mlir::OpTrait::OneOperand>() &&
                name.hasTrait<mlir::OpTrait::OneResult>())
        << name.getStringRef().str()
        << ": a standalone activation is a scale-inheriting elementwise op "
           "with one operand and one result";
  }
}

TEST_F(QNNOpTraitsTest, WeightedOpsAreQuantizedCompute) {
  for (RegisteredOperationName name : getQNNOps())
    if (name.hasInterface<WeightedOpInterface>())
      EXPECT_TRUE(name.hasTrait<qnn::OpTrait::QuantizedCompute>())
          << name.getStringRef().str()
          << ": static quantization quantizes a weighted op's weight only "
             "when the op is QNN_QuantizedCompute";
}

TEST_F(QNNOpTraitsTest, SemanticTraitsDescribeOneResult) {
  for (RegisteredOperationName name : getQNNOps()) {
    bool oneResult = name.hasTrait<mlir::OpTrait::OneResult>();
    for (auto [has, trait] :
         {std::pair(name.hasTrait<qnn::OpTrait::InheritsScale>(),
                    "QNN_InheritsScale"),
          std::pair(name.hasTrait<qnn::OpTrait::ElementwiseOperator>(),
                    "QNN_ElementwiseOperator"),
          std::pair(name.hasTrait<qnn::OpTrait::PositivelyHomogeneous>(),
                    "QNN_PositivelyHomogeneous"),
          std::pair(name.hasTrait<qnn::OpTrait::Pool2D>(), "QNN_Pool2D"),
          std::pair(name.hasInterface<FusedActivationOpInterface>(),
                    "QNN_FusedActivationOpInterface"),
          std::pair(name.hasInterface<WeightedOpInterface>(),
                    "QNN_WeightedOpInterface")})
      EXPECT_TRUE(!has || oneResult)
          << name.getStringRef().str() << " has " << trait
          << ", which describes ops with one result";
  }
}

TEST_F(QNNOpTraitsTest, EveryOpHasAnExample) {
  llvm::StringSet<> seen;
  for (Operation *op : getExamples())
    seen.insert(op->getName().getStringRef());
  for (RegisteredOperationName name : getQNNOps())
    EXPECT_TRUE(seen.contains(name.getStringRef()))
        << name.getStringRef().str() << " has no case in " << QNN_OPS_EXAMPLES
        << ", so its traits are not checked";
}

//===----------------------------------------------------------------------===//
// Facts of the examples
//===----------------------------------------------------------------------===//

TEST_F(QNNOpTraitsTest, ScaleInheritingOpsHaveOneDataOperand) {
  SmallVector<Operation *> ops = getExamplesWith<qnn::OpTrait::InheritsScale>();
  ASSERT_FALSE(ops.empty());
  for (Operation *op : ops) {
    SCOPED_TRACE(describe(op));
    ASSERT_GE(op->getNumOperands(), 1u);
    Type data = op->getOperand(0).getType();
    EXPECT_FALSE(isIntegerTensor(data)) << "operand #0 is the data";
    for (Value index : op->getOperands().drop_front())
      EXPECT_TRUE(isIntegerTensor(index.getType()))
          << "operands after #0 are integer indices";
    Type result = op->getResult(0).getType();
    if (getPerTensorType(data) && getPerTensorType(result))
      EXPECT_EQ(getElementTypeOrSelf(data), getElementTypeOrSelf(result))
          << "the result keeps the data operand's scale";
    else
      EXPECT_EQ(isF32Tensor(data), isF32Tensor(result));
  }
}

TEST_F(QNNOpTraitsTest, ElementwiseOperandsBroadcastToTheResult) {
  SmallVector<Operation *> ops =
      getExamplesWith<qnn::OpTrait::ElementwiseOperator>();
  ASSERT_FALSE(ops.empty());
  for (Operation *op : ops) {
    SCOPED_TRACE(describe(op));
    ArrayRef<int64_t> result = getShape(op->getResult(0));
    for (Value operand : op->getOperands())
      EXPECT_EQ(broadcastShapes(getShape(operand), result),
                SmallVector<int64_t>(result));
  }
}

TEST_F(QNNOpTraitsTest, ElementwiseOpsCommuteWithPermutations) {
  // f(x_1[p], ..., x_n[p]) = f(x_1, ..., x_n)[p] for a random permutation
  // p of the elements, every operand given the result's shape.
  auto check = [&](Operation *op) {
    Type type = op->getResult(0).getType();
    SmallVector<Type> operandTypes(op->getNumOperands(), type);
    func::FuncOp func = wrapInFunction(op, operandTypes);
    // Positive inputs keep sqrt, pow and div real and finite.
    SmallVector<HostTensor> inputs = makeInputs(func, 0.25f, 2.0f);
    SmallVector<int64_t> p(cast<ShapedType>(type).getNumElements());
    std::iota(p.begin(), p.end(), 0);
    std::shuffle(p.begin(), p.end(), random);
    SmallVector<HostTensor> permuted = inputs;
    for (auto [tensor, input] : llvm::zip(permuted, inputs))
      for (size_t i = 0; i < p.size(); ++i)
        tensor.getFloats()[i] = input.getFloats()[p[i]];
    SmallVector<HostTensor> y = run(func, inputs);
    SmallVector<HostTensor> yPermuted = run(func, permuted);
    ASSERT_EQ(y.size(), 1u);
    ASSERT_EQ(yPermuted.size(), 1u);
    for (size_t i = 0; i < p.size(); ++i)
      ASSERT_EQ(yPermuted[0].getFloats()[i], y[0].getFloats()[p[i]])
          << "element " << i;
  };
  forEachFloatExample(getExamplesWith<qnn::OpTrait::ElementwiseOperator>(),
                      check);
}

TEST_F(QNNOpTraitsTest, PositivelyHomogeneousOpsScaleExactly) {
  // f(k x) = k f(x) bit for bit for k = 2 and 1/2: a power of two commutes
  // with every f32 rounding (away from overflow and subnormals). Inputs
  // span [-16, 16], beyond the bounds of the clamps in the examples, which
  // are not homogeneous.
  auto check = [&](Operation *op) {
    func::FuncOp func =
        wrapInFunction(op, llvm::to_vector(op->getOperandTypes()));
    SmallVector<HostTensor> inputs = makeInputs(func, -16.0f, 16.0f);
    for (const HostTensor &index : ArrayRef(inputs).drop_front())
      ASSERT_FALSE(index.isFloat()) << "operands after #0 are indices";
    SmallVector<HostTensor> y = run(func, inputs);
    ASSERT_EQ(y.size(), 1u);
    for (float k : {2.0f, 0.5f}) {
      SmallVector<HostTensor> scaled = inputs;
      for (float &x : scaled[0].getFloats())
        x *= k;
      SmallVector<HostTensor> yk = run(func, scaled);
      ASSERT_EQ(yk.size(), 1u);
      for (auto [i, pair] :
           llvm::enumerate(llvm::zip(y[0].getFloats(), yk[0].getFloats())))
        ASSERT_EQ(k * std::get<0>(pair), std::get<1>(pair))
            << "k = " << k << ", element " << i;
    }
  };
  forEachFloatExample(getExamplesWith<qnn::OpTrait::PositivelyHomogeneous>(),
                      check);
}

TEST_F(QNNOpTraitsTest, Pool2DOpsKeepBatchAndChannels) {
  SmallVector<Operation *> ops = getExamplesWith<qnn::OpTrait::Pool2D>();
  ASSERT_FALSE(ops.empty());
  for (Operation *op : ops) {
    SCOPED_TRACE(describe(op));
    ASSERT_EQ(op->getNumOperands(), 1u);
    ArrayRef<int64_t> in = getShape(op->getOperand(0));
    ArrayRef<int64_t> out = getShape(op->getResult(0));
    ASSERT_EQ(in.size(), 4u);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(in.take_front(2), out.take_front(2));
  }
}

TEST_F(QNNOpTraitsTest, ActivationOpsClampToTheirBounds) {
  SmallVector<Operation *> ops = getExamplesWith<ActivationOpInterface>();
  for (Operation *op : ops) {
    auto [lo, hi] = cast<ActivationOpInterface>(op).getBounds();
    EXPECT_LE(lo, hi) << describe(op);
  }
  forEachFloatExample(ops, [&](Operation *op) {
    auto [lo, hi] = cast<ActivationOpInterface>(op).getBounds();
    func::FuncOp func =
        wrapInFunction(op, llvm::to_vector(op->getOperandTypes()));
    SmallVector<HostTensor> inputs = makeInputs(func, -8.0f, 8.0f);
    SmallVector<HostTensor> y = run(func, inputs);
    ASSERT_EQ(y.size(), 1u);
    for (auto [x, value] : llvm::zip(inputs[0].getFloats(), y[0].getFloats()))
      ASSERT_EQ(value,
                static_cast<float>(std::min(std::max(double(x), lo), hi)));
  });
}

TEST_F(QNNOpTraitsTest, FusedActivationIsTheActivationAttribute) {
  SmallVector<Operation *> ops = getExamplesWith<FusedActivationOpInterface>();
  ASSERT_FALSE(ops.empty());
  auto relu6 = ActivationAttr::get(&context, ActivationKind::relu6);
  for (Operation *op : ops) {
    SCOPED_TRACE(describe(op));
    Operation *clone = op->clone();
    auto fused = cast<FusedActivationOpInterface>(clone);
    fused.setActivation(relu6);
    EXPECT_EQ(fused.getActivation(), relu6);
    EXPECT_EQ(clone->getInherentAttr("activation"), relu6);
    fused.setActivation(nullptr);
    EXPECT_FALSE(fused.getActivation());
    EXPECT_FALSE(clone->getInherentAttr("activation").value_or(Attribute()));
    clone->erase();
  }
}

TEST_F(QNNOpTraitsTest, WeightedOpLayoutsMatchTheirShapes) {
  SmallVector<Operation *> ops = getExamplesWith<WeightedOpInterface>();
  ASSERT_FALSE(ops.empty());
  for (Operation *op : ops) {
    SCOPED_TRACE(describe(op));
    auto weighted = cast<WeightedOpInterface>(op);
    Value input = weighted.getInput(), weight = weighted.getWeight();
    EXPECT_TRUE(llvm::is_contained(op->getOperands(), input));
    EXPECT_EQ(weighted.getWeightMutable().getOwner(), op);
    EXPECT_EQ(weighted.getWeightMutable().get(), weight);
    EXPECT_NE(input, weight);

    ArrayRef<int64_t> x = getShape(input), w = getShape(weight);
    ArrayRef<int64_t> y = getShape(op->getResult(0));
    int64_t inDim = weighted.getInputChannelDim();
    int64_t outDim = weighted.getResultChannelDim();
    int64_t wOut = weighted.getWeightOutputChannelDim();
    int64_t wIn = weighted.getWeightInputChannelDim();
    ASSERT_TRUE(inDim >= 0 && inDim < static_cast<int64_t>(x.size()));
    ASSERT_TRUE(outDim >= 0 && outDim < static_cast<int64_t>(y.size()));
    ASSERT_TRUE(wOut >= 0 && wOut < static_cast<int64_t>(w.size()));
    ASSERT_TRUE(wIn >= 0 && wIn < static_cast<int64_t>(w.size()));
    ASSERT_NE(wOut, wIn);
    EXPECT_EQ(w[wOut], y[outDim]) << "one output channel per weight slice";
    // Input channels are groups * w[wIn] (groups = 1 but for conv2d).
    ASSERT_GT(w[wIn], 0);
    EXPECT_EQ(x[inDim] % w[wIn], 0) << "the weight contracts the input's "
                                       "channels";

    std::optional<MutableOperandRange> biasOperand = weighted.getBiasMutable();
    if (Value bias = weighted.getBias()) {
      ASSERT_TRUE(biasOperand);
      ASSERT_EQ(biasOperand->size(), 1u);
      EXPECT_EQ((*biasOperand)[0].get(), bias);
      EXPECT_EQ(getShape(bias), ArrayRef<int64_t>(w[wOut]))
          << "one bias per output channel";
    } else if (biasOperand) {
      EXPECT_EQ(biasOperand->size(), 0u);
    }

    // Each output element sums a multiple of w[wIn] products.
    int64_t macs = weighted.getMultiplyAccumulateCount();
    int64_t outputs =
        cast<ShapedType>(op->getResult(0).getType()).getNumElements();
    ASSERT_GT(outputs, 0);
    EXPECT_EQ(macs % (outputs * w[wIn]), 0);
    EXPECT_GT(macs, 0);
  }
}

} // namespace
