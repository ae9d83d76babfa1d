//===- KernelBench.cpp - our kernels against oneDNN, one process ----------===//
//
//   qnn-kernels-bench [--repeats N] [--warmup W] [--peak-seconds S] CASE...
//
// The driver of benchmarks/kernels.py, which writes the CASE directories
// (BenchCase.h) and turns the lines printed here into the table. One
// thread: our models are created with 1 thread (and, for a case marked
// `threads2`, a second instance with 2), oneDNN's OpenMP runtime is set to
// 1 thread. Prints tab-separated `key<TAB>case<TAB>value` lines:
//
//   onednn_version  -       2.6.3
//   onednn_threads  -       1
//   peak            1|2     GOPS of the vpdpbusd loop on 1 and 2 threads
//                           (absent when the CPU lacks AVX-512 VNNI)
//   guard           <case>  bit-identical | MISMATCH <bytes> of <total>
//   threads_equal   <case>  yes | no     (2-thread output vs 1-thread)
//   int8_max_abs_diff <case> max |ours - oneDNN| over the u8 outputs
//   fp32_max_rel_diff <case> max |ours - oneDNN| / max |oneDNN| (f32)
//   impl_int8|impl_fp32 <case> oneDNN's implementation
//   ours_int8|onednn_int8|ours_fp32|onednn_fp32
//                   <case>  median milliseconds per run
//   ours_int8_1thread_burst|ours_int8_2threads
//                   <case>  the same, timed in bursts (below)
//
// Timing: every variant runs --warmup times, then --repeats rounds run each
// variant once in turn (so that load from other processes falls on all of
// them alike); the median of each variant's times is reported. Weight
// packing (ours: at compile time; oneDNN: the reorder into its layout) and
// layout conversions of oneDNN's input and output are not timed; our
// models take the layout their tensor info reports (NHWC images with
// `quant-compile --io-layout nhwc`, NCHW otherwise: then ours include the
// model interface's transposes).
//
// The thread scaling of a `threads2` case is measured as the vpdpbusd
// loop's is, in the steady state: --repeats rounds alternate a burst of
// kBurst back-to-back runs on 1 thread and one on 2 (every run timed),
// since in the interleaved rounds the 2-thread model's pool worker has gone
// to sleep behind the other variants' milliseconds and each run would time
// waking it.
//
//===----------------------------------------------------------------------===//

#include "BenchCase.h"
#include "OneDnnKernel.h"
#include "QnnModel.h"
#include "VnniPeak.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace qnn::bench;

namespace {
struct Options {
  int repeats = 30, warmup = 5;
  double peakSeconds = 1.0;
  std::vector<std::string> cases;
};

struct Variant {
  std::string name;
  std::function<void()> run;
  std::vector<double> ms;
};
} // namespace

static void print(const std::string &key, const std::string &name,
                  const std::string &value) {
  std::printf("%s\t%s\t%s\n", key.c_str(), name.c_str(), value.c_str());
  std::fflush(stdout);
}

static std::string number(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.6g", value);
  return text;
}

/// oneDNN of Debian is built with OpenMP (DNNL_CPU_RUNTIME_OMP): one thread
/// through the OpenMP runtime it loaded (benchmarks/kernels.py also sets
/// OMP_NUM_THREADS=1). Returns the thread count OpenMP reports.
static int limitOneDnnThreads() {
  auto setThreads = reinterpret_cast<void (*)(int)>(
      dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  auto maxThreads = reinterpret_cast<int (*)(void)>(
      dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  if (!setThreads || !maxThreads) {
    std::fprintf(stderr, "oneDNN's OpenMP runtime is not loaded\n");
    std::exit(1);
  }
  setThreads(1);
  return maxThreads();
}

static Options parseOptions(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> const char * {
      if (i + 1 == argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--repeats")
      options.repeats = std::atoi(value());
    else if (arg == "--warmup")
      options.warmup = std::atoi(value());
    else if (arg == "--peak-seconds")
      options.peakSeconds = std::atof(value());
    else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "unknown option %s\n", arg.c_str());
      std::exit(2);
    } else
      options.cases.push_back(arg);
  }
  if (options.repeats < 1 || options.cases.empty()) {
    std::fprintf(stderr,
                 "usage: %s [--repeats N] [--warmup W] "
                 "[--peak-seconds S] CASE...\n",
                 argv[0]);
    std::exit(2);
  }
  return options;
}

/// Runs per variant and round of the thread-scaling measurement.
constexpr int kBurst = 10;

/// --warmup runs of each variant, then --repeats rounds running each
/// variant `burst` times in turn, every run timed.
static void timeInterleaved(std::vector<Variant> &variants,
                            const Options &options, int burst = 1) {
  for (Variant &variant : variants)
    for (int i = 0; i < options.warmup; ++i)
      variant.run();
  for (int round = 0; round < options.repeats; ++round)
    for (Variant &variant : variants)
      for (int i = 0; i < burst; ++i) {
        auto start = std::chrono::steady_clock::now();
        variant.run();
        variant.ms.push_back(std::chrono::duration<double, std::milli>(
                                 std::chrono::steady_clock::now() - start)
                                 .count());
      }
}

static double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// A [C, H, W] image as [H, W, C] (`toNhwc`), or back.
template <typename T>
static std::vector<T> permuteImage(const std::vector<T> &image, int64_t c,
                                   int64_t h, int64_t w, bool toNhwc) {
  std::vector<T> result(image.size());
  for (int64_t i = 0; i < c; ++i)
    for (int64_t j = 0; j < h * w; ++j) {
      int64_t nchw = i * h * w + j, nhwc = j * c + i;
      result[toNhwc ? nhwc : nchw] = image[toNhwc ? nchw : nhwc];
    }
  return result;
}

static void benchmark(const BenchCase &bc, const dnnl::engine &engine,
                      const Options &options) {
  QnnModel oursInt8(bc.path("int8.so"), 1), oursFp32(bc.path("fp32.so"), 1);
  if (oursInt8.inputBytes() != bc.xU8.size() ||
      oursInt8.outputBytes() != bc.expectU8.size() ||
      oursFp32.inputBytes() != bc.xF32.size() * sizeof(float) ||
      oursFp32.outputBytes() != bc.expectU8.size() * sizeof(float)) {
    std::fprintf(stderr, "%s: the models' tensors are not the case's\n",
                 bc.name.c_str());
    std::exit(1);
  }
  OneDnnKernel dnnlInt8(bc, OneDnnKernel::Precision::Int8, engine);
  OneDnnKernel dnnlFp32(bc, OneDnnKernel::Precision::Fp32, engine);
  print("impl_int8", bc.name, dnnlInt8.implementation());
  print("impl_fp32", bc.name, dnnlFp32.implementation());

  // Our libraries take the layout they report (NHWC images when compiled
  // with --io-layout nhwc: oneDNN too reads its preferred layout, reordered
  // untimed); the comparisons below are in the case's NCHW.
  if (oursInt8.inputIsNhwc() != oursFp32.inputIsNhwc() ||
      oursInt8.outputIsNhwc() != oursFp32.outputIsNhwc() ||
      (bc.isMatmul && (oursInt8.inputIsNhwc() || oursInt8.outputIsNhwc()))) {
    std::fprintf(stderr, "%s: the models' layouts are not the case's\n",
                 bc.name.c_str());
    std::exit(1);
  }
  bool nhwcIn = oursInt8.inputIsNhwc(), nhwcOut = oursInt8.outputIsNhwc();
  std::vector<uint8_t> xU8Ours =
      nhwcIn ? permuteImage(bc.xU8, bc.c, bc.h, bc.w, true) : bc.xU8;
  std::vector<float> xF32Ours =
      nhwcIn ? permuteImage(bc.xF32, bc.c, bc.h, bc.w, true) : bc.xF32;
  std::vector<uint8_t> int8Out(bc.expectU8.size());
  std::vector<float> fp32Out(bc.expectU8.size());
  const uint8_t *xU8 = xU8Ours.data();
  const float *xF32 = xF32Ours.data();
  auto asNchw = [&](const auto &out) {
    return nhwcOut ? permuteImage(out, bc.f, bc.oh, bc.ow, false) : out;
  };

  // Correctness: our INT8 library against the interpreter, byte for byte.
  oursInt8.run(xU8, int8Out.data());
  size_t mismatches = 0;
  std::vector<uint8_t> int8OutNchw = asNchw(int8Out);
  for (size_t i = 0; i < int8OutNchw.size(); ++i)
    mismatches += int8OutNchw[i] != bc.expectU8[i];
  print("guard", bc.name,
        mismatches == 0 ? "bit-identical"
                        : "MISMATCH " + std::to_string(mismatches) + " of " +
                              std::to_string(int8Out.size()));

  // Against oneDNN: rounding may differ; report how much.
  dnnlInt8.run();
  std::vector<uint8_t> dnnlInt8Out = dnnlInt8.outputU8();
  int maxDiff = 0;
  for (size_t i = 0; i < int8OutNchw.size(); ++i)
    maxDiff = std::max(maxDiff, std::abs(int(int8OutNchw[i]) - dnnlInt8Out[i]));
  print("int8_max_abs_diff", bc.name, std::to_string(maxDiff));

  oursFp32.run(xF32, fp32Out.data());
  dnnlFp32.run();
  std::vector<float> dnnlFp32Out = dnnlFp32.outputF32();
  std::vector<float> fp32OutNchw = asNchw(fp32Out);
  double maxAbs = 0, maxRef = 0;
  for (size_t i = 0; i < fp32OutNchw.size(); ++i) {
    maxAbs =
        std::max(maxAbs, double(std::fabs(fp32OutNchw[i] - dnnlFp32Out[i])));
    maxRef = std::max(maxRef, double(std::fabs(dnnlFp32Out[i])));
  }
  print("fp32_max_rel_diff", bc.name, number(maxAbs / maxRef));

  std::vector<Variant> variants = {
      {"ours_int8", [&] { oursInt8.run(xU8, int8Out.data()); }, {}},
      {"onednn_int8", [&] { dnnlInt8.run(); }, {}},
      {"ours_fp32", [&] { oursFp32.run(xF32, fp32Out.data()); }, {}},
      {"onednn_fp32", [&] { dnnlFp32.run(); }, {}},
  };
  timeInterleaved(variants, options);
  for (Variant &variant : variants)
    print(variant.name, bc.name, number(median(variant.ms)));
  if (!bc.twoThreads)
    return;

  QnnModel oursInt8TwoThreads(bc.path("int8.so"), 2);
  std::vector<uint8_t> twoThreadsOut(int8Out.size());
  oursInt8TwoThreads.run(xU8, twoThreadsOut.data());
  print("threads_equal", bc.name,
        asNchw(twoThreadsOut) == bc.expectU8 ? "yes" : "no");
  std::vector<Variant> threads = {
      {"ours_int8_1thread_burst", [&] { oursInt8.run(xU8, int8Out.data()); },
       {}},
      {"ours_int8_2threads",
       [&] { oursInt8TwoThreads.run(xU8, twoThreadsOut.data()); },
       {}},
  };
  timeInterleaved(threads, options, kBurst);
  for (Variant &variant : threads)
    print(variant.name, bc.name, number(median(variant.ms)));
}

int main(int argc, char **argv) {
  Options options = parseOptions(argc, argv);
  const dnnl_version_t *version = dnnl_version();
  print("onednn_version", "-",
        std::to_string(version->major) + "." + std::to_string(version->minor) +
            "." + std::to_string(version->patch));
  print("onednn_threads", "-", std::to_string(limitOneDnnThreads()));
  if (hasAvx512Vnni()) {
    print("peak", "1", number(measureVnniPeak(1, options.peakSeconds)));
    print("peak", "2", number(measureVnniPeak(2, options.peakSeconds)));
  }
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  for (const std::string &dir : options.cases)
    benchmark(loadBenchCase(dir), engine, options);
  return 0;
}
