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
#include <atomic>
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

/// The shortest of `trials` wall-clock times from a common start until the
/// last of `numThreads` threads (the caller and numThreads - 1 workers,
/// which live through all trials, so that the scheduler has settled them
/// on their CPUs) ran the loop `iterations` times. Threads that do not run
/// at the same time count as slow, not as parallel.
static double fastestTrial(unsigned numThreads, int64_t iterations,
                           int trials) {
  using Clock = std::chrono::steady_clock;
  unsigned numWorkers = numThreads - 1;
  std::atomic<int> started{-1};
  std::atomic<unsigned> finished{0};
  std::atomic<int32_t> sink{0};
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < numWorkers; ++t)
    workers.emplace_back([&] {
      for (int trial = 0; trial < trials; ++trial) {
        while (started.load() < trial)
          ;
        sink += dpbusdLoop(iterations);
        finished.fetch_add(1);
      }
    });
  double fastest = 1e30;
  for (int trial = 0; trial < trials; ++trial) {
    while (finished.load() != trial * numWorkers)
      ;
    Clock::time_point start = Clock::now();
    started.store(trial);
    sink += dpbusdLoop(iterations);
    while (finished.load() != (trial + 1) * numWorkers)
      ;
    fastest = std::min(
        fastest, std::chrono::duration<double>(Clock::now() - start).count());
  }
  for (std::thread &worker : workers)
    worker.join();
  return fastest;
}

double qnn::bench::measureVnniPeak(unsigned numThreads, double seconds) {
  // Many short trials, the best one: on a machine shared with other
  // processes, some trial runs undisturbed, and that is the peak.
  constexpr double kTrialSeconds = 0.002;
  int64_t iterations = 1 << 8;
  while (fastestTrial(1, iterations, 3) < kTrialSeconds)
    iterations *= 2;
  int trials = std::max(10, static_cast<int>(seconds / kTrialSeconds));
  double ops = kOpsPerInstruction * kAccumulators *
               static_cast<double>(iterations) * numThreads;
  return ops / fastestTrial(numThreads, iterations, trials) / 1e9;
}
