//===- VnniPeak.cpp - the vpdpbusd throughput of this machine -------------===//
//
// Only dpbusdLoop is compiled for AVX-512 VNNI (a target attribute, so
// that nothing else in the program may use those instructions); it runs only
// after hasAvx512Vnni() said yes.
//
//===----------------------------------------------------------------------===//

#include "VnniPeak.h"

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

using namespace qnn::bench;

namespace {
/// Independent accumulators: more than vpdpbusd's latency times its
/// throughput per cycle, so that the loop is bound by throughput.
constexpr int kAccumulators = 16;
/// Ops of one 512-bit vpdpbusd: 64 multiply-adds.
constexpr double kOpsPerInstruction = 128;
} // namespace

/// `iterations` x kAccumulators vpdpbusd; returns a value depending on every
/// result so that none is dead.
__attribute__((target("avx512f,avx512vnni"))) static int32_t
dpbusdLoop(int64_t iterations) {
  // Volatile operands: the compiler cannot fold the loop.
  volatile int32_t seed = 0x01020304;
  __m512i a = _mm512_set1_epi32(seed), b = _mm512_set1_epi32(seed + 1);
  __m512i acc[kAccumulators];
  for (int i = 0; i < kAccumulators; ++i)
    acc[i] = _mm512_set1_epi32(seed + i);
  for (int64_t n = 0; n < iterations; ++n)
    for (int i = 0; i < kAccumulators; ++i)
      acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
  __m512i sum = acc[0];
  for (int i = 1; i < kAccumulators; ++i)
    sum = _mm512_add_epi32(sum, acc[i]);
  return _mm512_reduce_add_epi32(sum);
}

bool qnn::bench::hasAvx512Vnni() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512vnni");
}

/// Seconds `numThreads` threads take to run the loop `iterations` times
/// each (the slowest thread).
static double timeLoop(unsigned numThreads, int64_t iterations) {
  std::vector<double> seconds(numThreads);
  std::vector<int32_t> sinks(numThreads);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < numThreads; ++t)
    threads.emplace_back([&, t] {
      auto start = std::chrono::steady_clock::now();
      sinks[t] = dpbusdLoop(iterations);
      seconds[t] = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
    });
  for (std::thread &thread : threads)
    thread.join();
  volatile int32_t sink = sinks[0];
  (void)sink;
  return *std::max_element(seconds.begin(), seconds.end());
}

double qnn::bench::measureVnniPeak(unsigned numThreads, double seconds) {
  // Calibrate the iteration count on one thread.
  int64_t iterations = 1 << 16;
  double probe = timeLoop(1, iterations);
  while (probe < 0.01) {
    iterations *= 4;
    probe = timeLoop(1, iterations);
  }
  iterations = std::max<int64_t>(1, iterations * (seconds / probe));
  double best = 0;
  for (int trial = 0; trial < 3; ++trial) {
    double elapsed = timeLoop(numThreads, iterations);
    double ops = kOpsPerInstruction * kAccumulators *
                 static_cast<double>(iterations) * numThreads;
    best = std::max(best, ops / elapsed / 1e9);
  }
  return best;
}
