//===- BenchCase.cpp - one shape of benchmarks/kernels and its data -------===//

#include "BenchCase.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

using namespace qnn::bench;

[[noreturn]] static void fail(const std::string &message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::exit(1);
}

template <typename T>
static std::vector<T> readArray(const std::string &path, int64_t elements) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file)
    fail("cannot read " + path);
  if (static_cast<int64_t>(file.tellg()) !=
      elements * static_cast<int64_t>(sizeof(T)))
    fail(path + ": " + std::to_string(file.tellg()) + " bytes, expected " +
         std::to_string(elements * sizeof(T)));
  std::vector<T> data(elements);
  file.seekg(0);
  file.read(reinterpret_cast<char *>(data.data()), elements * sizeof(T));
  return data;
}

BenchCase qnn::bench::loadBenchCase(const std::string &dir) {
  std::ifstream file(dir + "/case.txt");
  if (!file)
    fail("cannot read " + dir + "/case.txt");
  std::map<std::string, std::string> fields;
  for (std::string line; std::getline(file, line);) {
    size_t space = line.find(' ');
    if (space != std::string::npos)
      fields[line.substr(0, space)] = line.substr(space + 1);
  }
  auto text = [&](const std::string &key) {
    auto it = fields.find(key);
    if (it == fields.end())
      fail(dir + "/case.txt has no " + key);
    return it->second;
  };
  auto integer = [&](const std::string &key) {
    return static_cast<int64_t>(std::stoll(text(key)));
  };

  BenchCase bc;
  bc.dir = dir;
  bc.name = text("name");
  bc.isMatmul = text("kind") == "matmul";
  if (bc.isMatmul) {
    bc.m = integer("m");
    bc.n = integer("n");
    bc.k = integer("k");
  } else {
    bc.c = integer("c");
    bc.h = integer("h");
    bc.w = integer("w");
    bc.f = integer("f");
    bc.kh = integer("kh");
    bc.kw = integer("kw");
    bc.stride = integer("stride");
    bc.pad = integer("pad");
    bc.groups = integer("groups");
    bc.oh = integer("oh");
    bc.ow = integer("ow");
  }
  bc.xZeroPoint = integer("x_zero_point");
  bc.yZeroPoint = integer("y_zero_point");
  bc.hasBias = integer("bias") != 0;
  bc.twoThreads = integer("threads2") != 0;

  bc.xU8 = readArray<uint8_t>(bc.path("x_u8.bin"), bc.inputElements());
  bc.xF32 = readArray<float>(bc.path("x_f32.bin"), bc.inputElements());
  bc.wS8 = readArray<int8_t>(bc.path("w_s8.bin"), bc.weightElements());
  bc.wF32 = readArray<float>(bc.path("w_f32.bin"), bc.weightElements());
  bc.multiplier =
      readArray<float>(bc.path("multiplier_f32.bin"), bc.outputChannels());
  bc.expectU8 =
      readArray<uint8_t>(bc.path("expect_u8.bin"), bc.outputElements());
  if (bc.hasBias) {
    bc.biasS32 = readArray<int32_t>(bc.path("bias_s32.bin"), bc.f);
    bc.biasF32 = readArray<float>(bc.path("bias_f32.bin"), bc.f);
  }
  return bc;
}
