//===- CpuFeatures.h - does this CPU run the model's kernels? ---*- C++ -*-===//
//
// Private to the model runtime. Compiled for the baseline ISA like the rest
// of the runtime, so that the check itself never faults.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_LIB_RUNTIME_CPUFEATURES_H
#define QNN_LIB_RUNTIME_CPUFEATURES_H

#include <cstddef>

namespace qnn::runtime {

/// Checks each name of the comma-separated `features` (CpuFeatures.def)
/// with CPUID and, for register state, XGETBV. Returns true when the CPU
/// has all; otherwise writes the missing names (and any it does not know,
/// marked "unknown"), comma separated, into `missing` (truncated to
/// `missingSize`, always terminated) and returns false.
bool checkCpuFeatures(const char *features, char *missing, size_t missingSize);

} // namespace qnn::runtime

#endif // QNN_LIB_RUNTIME_CPUFEATURES_H
