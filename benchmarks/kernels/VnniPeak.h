//===- VnniPeak.h - the vpdpbusd throughput of this machine ---------------===//
//
// The speed of light for INT8 kernels: a loop of independent 512-bit
// `vpdpbusd` (64 u8 x s8 multiply-adds each, 128 ops), measured in the same
// process as the kernels.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_BENCHMARKS_KERNELS_VNNIPEAK_H
#define QNN_BENCHMARKS_KERNELS_VNNIPEAK_H

namespace qnn::bench {

/// Whether the CPU runs AVX-512 VNNI (else measureVnniPeak must not be
/// called).
bool hasAvx512Vnni();

/// GOPS (2 per multiply-add) of `numThreads` threads running the loop at
/// the same time, in 2 ms trials for about `seconds`; the best trial.
double measureVnniPeak(unsigned numThreads, double seconds);

} // namespace qnn::bench

#endif // QNN_BENCHMARKS_KERNELS_VNNIPEAK_H
