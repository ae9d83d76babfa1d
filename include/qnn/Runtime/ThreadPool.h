//===- ThreadPool.h - the runtime's pthread pool ----------------*- C++ -*-===//
//
// The threads a compiled model splits its parallel loops over. Portable
// C++ without the C++ library (malloc and pthread only), linked into every
// model .so (lib/Runtime) and into the JIT (lib/ExecutionEngine).
//
// Generated code calls one function, `qnn_rt_parallel_for` (emitted by
// qnn-parallelize-loops), which splits an iteration range over the pool
// current on the calling thread: qnn_model_run and JitModel::run make their
// pool current around the call of the entry (setCurrentThreadPool). Each
// chunk is a contiguous range of iterations run by one thread; no
// reduction is ever split (the pass parallelizes only scf.parallel loops),
// so results do not depend on the thread count.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_RUNTIME_THREADPOOL_H
#define QNN_RUNTIME_THREADPOOL_H

#include <stdint.h>

extern "C" {
/// The body of a parallel loop: iterations [begin, end) of its outermost
/// dimension, with the values it reads packed behind `captures`.
typedef void (*qnn_rt_loop_body)(void *captures, int64_t begin, int64_t end);

/// Runs body(captures, begin, end) over contiguous chunks covering [0, n)
/// on the current pool's threads and returns when every chunk has finished.
/// Runs body(captures, 0, n) on the calling thread when there is no current
/// pool, the pool has one thread, the call is nested in a chunk, or another
/// caller holds the pool (concurrent runs of one model). Allocates nothing.
void qnn_rt_parallel_for(int64_t n, qnn_rt_loop_body body, void *captures);
}

namespace qnn::runtime {

struct ThreadPool;

/// A pool running loops on `numThreads` threads: the caller of
/// qnn_rt_parallel_for and numThreads - 1 workers (none for 1), started
/// here. Null when memory or a thread cannot be had (nothing is left
/// running then).
ThreadPool *createThreadPool(uint32_t numThreads);

/// Stops and joins the workers and frees the pool; no loop may be running
/// on it. Null is ignored.
void destroyThreadPool(ThreadPool *pool);

/// Makes `pool` (or none) the calling thread's current pool and returns
/// the previous one.
ThreadPool *setCurrentThreadPool(ThreadPool *pool);

} // namespace qnn::runtime

#endif // QNN_RUNTIME_THREADPOOL_H
