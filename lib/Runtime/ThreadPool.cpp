//===- ThreadPool.cpp - the runtime's pthread pool ------------------------===//
//
// One loop at a time per pool, described by fields of the pool itself (so
// posting it allocates nothing): the body, its captures, the iteration
// count n and the chunk count k = min(n, kChunksPerThread * threads). Chunk
// c covers iterations [c * (n / k) + min(c, n % k), the next chunk's
// start). Threads (the caller included) claim chunks in increasing order
// under the pool's mutex until none is left; the last one to finish wakes
// the caller. A worker claims chunks only of the loop whose generation it
// saw posted, and every claim reads the loop's fields under the mutex, so a
// late worker can never run a chunk of a finished loop.
//
// Waiting spins a while before it sleeps: a model posts its loops back to
// back, and waking a thread blocked in pthread_cond_wait takes tens of
// microseconds, which is most of a small loop's time. An idle worker spins
// (reading the generation without the mutex) for at most kSpinNanoseconds
// after each loop, and the caller spins likewise for its
// loop's last chunks, before falling back to the condition variables.
//
// A thread-local flag marks a thread running a chunk: a nested
// qnn_rt_parallel_for runs inline there. Workers have no current pool.
// Each worker touches its thread-locals before createThreadPool returns:
// the C library may allocate a dlopen'ed library's thread-local storage on
// a thread's first access, which must not happen in a run.
//
//===----------------------------------------------------------------------===//

#include "qnn/Runtime/ThreadPool.h"

#include <cstdlib>
#include <pthread.h>
#include <time.h>

using namespace qnn::runtime;

namespace {
/// Chunks per thread: more chunks than threads let a thread that started
/// late (or shares its core) take fewer of them; few, because every chunk
/// boundary splits a conv's input rows between two cores' caches (the
/// 3x3 conv of benchmarks/kernels on 2 threads: 1.75-1.82x with 2 per
/// thread, 1.70-1.75x with 4, 1.62x with 8).
constexpr int64_t kChunksPerThread = 2;
/// How long a waiting thread spins before it sleeps, in nanoseconds: a
/// time, not a count of pause instructions, whose latency differs tenfold
/// between CPUs (a count tuned for one spun 40 us on another). 1 ms, the
/// order of OpenMP runtimes' default spin (libgomp's GOMP_SPINCOUNT), so
/// that a worker is still awake when the next run of a model starts.
constexpr int64_t kSpinNanoseconds = 1000000;
/// Pause instructions between two reads of the clock.
constexpr int kPausesPerClockRead = 64;

thread_local ThreadPool *currentPool = nullptr;
thread_local bool insideChunk = false;
} // namespace

struct qnn::runtime::ThreadPool {
  uint32_t numThreads;
  uint32_t numWorkers;
  pthread_t *workers;
  /// Workers that have started (and touched their thread-locals).
  uint32_t numStarted;
  pthread_mutex_t mutex;
  /// Signalled when a worker has started.
  pthread_cond_t started;
  /// Signalled when a loop is posted or the pool stops.
  pthread_cond_t posted;
  /// Signalled when the last chunk of the loop finished.
  pthread_cond_t finished;
  bool stopping;
  /// A caller's loop is in progress.
  bool busy;
  uint64_t generation;
  qnn_rt_loop_body body;
  void *captures;
  int64_t numIterations, numChunks, nextChunk, numFinished;
};

static void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Reads a field other threads write under the mutex.
template <typename T> static T peek(const T &field) {
  return __atomic_load_n(&field, __ATOMIC_ACQUIRE);
}
template <typename T> static void publish(T &field, T value) {
  __atomic_store_n(&field, value, __ATOMIC_RELEASE);
}

static int64_t nowNanoseconds() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t(now.tv_sec) * 1000000000 + now.tv_nsec;
}

/// Spins without the mutex (held on entry and on return) until `done`
/// holds or kSpinNanoseconds pass.
template <typename Done> static void spinUnlocked(ThreadPool &pool, Done done) {
  pthread_mutex_unlock(&pool.mutex);
  int64_t deadline = nowNanoseconds() + kSpinNanoseconds;
  for (int i = 1; !done(); ++i) {
    pause();
    if (i % kPausesPerClockRead == 0 && nowNanoseconds() >= deadline)
      break;
  }
  pthread_mutex_lock(&pool.mutex);
}

/// [begin, end) of chunk `c`.
static void getChunk(const ThreadPool &pool, int64_t c, int64_t &begin,
                     int64_t &end) {
  int64_t size = pool.numIterations / pool.numChunks;
  int64_t rest = pool.numIterations % pool.numChunks;
  begin = c * size + (c < rest ? c : rest);
  end = begin + size + (c < rest ? 1 : 0);
}

/// Runs chunks of the posted loop until none is left. Called and returns
/// with the mutex held.
static void runChunks(ThreadPool &pool) {
  while (pool.nextChunk < pool.numChunks) {
    int64_t begin, end;
    getChunk(pool, pool.nextChunk++, begin, end);
    qnn_rt_loop_body body = pool.body;
    void *captures = pool.captures;
    pthread_mutex_unlock(&pool.mutex);
    insideChunk = true;
    body(captures, begin, end);
    insideChunk = false;
    pthread_mutex_lock(&pool.mutex);
    publish(pool.numFinished, pool.numFinished + 1);
    if (pool.numFinished == pool.numChunks)
      pthread_cond_signal(&pool.finished);
  }
}

static void *runWorker(void *opaque) {
  ThreadPool &pool = *static_cast<ThreadPool *>(opaque);
  insideChunk = false;
  currentPool = nullptr;
  pthread_mutex_lock(&pool.mutex);
  ++pool.numStarted;
  pthread_cond_signal(&pool.started);
  // Generation 0 is no loop: a worker starting after a loop was posted
  // still joins it.
  uint64_t seen = 0;
  for (;;) {
    if (!pool.stopping && pool.generation == seen)
      spinUnlocked(pool, [&] {
        return peek(pool.generation) != seen || peek(pool.stopping);
      });
    while (!pool.stopping && pool.generation == seen)
      pthread_cond_wait(&pool.posted, &pool.mutex);
    if (pool.stopping)
      break;
    seen = pool.generation;
    runChunks(pool);
  }
  pthread_mutex_unlock(&pool.mutex);
  return nullptr;
}

ThreadPool *qnn::runtime::createThreadPool(uint32_t numThreads) {
  auto *pool = static_cast<ThreadPool *>(std::calloc(1, sizeof(ThreadPool)));
  if (!pool)
    return nullptr;
  pool->numThreads = numThreads ? numThreads : 1;
  pthread_mutex_init(&pool->mutex, nullptr);
  pthread_cond_init(&pool->started, nullptr);
  pthread_cond_init(&pool->posted, nullptr);
  pthread_cond_init(&pool->finished, nullptr);
  if (pool->numThreads == 1)
    return pool;
  pool->workers = static_cast<pthread_t *>(
      std::calloc(pool->numThreads - 1, sizeof(pthread_t)));
  if (!pool->workers) {
    destroyThreadPool(pool);
    return nullptr;
  }
  for (uint32_t w = 0; w + 1 < pool->numThreads; ++w) {
    if (pthread_create(&pool->workers[w], nullptr, runWorker, pool)) {
      destroyThreadPool(pool);
      return nullptr;
    }
    pool->numWorkers = w + 1;
  }
  pthread_mutex_lock(&pool->mutex);
  while (pool->numStarted < pool->numWorkers)
    pthread_cond_wait(&pool->started, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
  return pool;
}

void qnn::runtime::destroyThreadPool(ThreadPool *pool) {
  if (!pool)
    return;
  pthread_mutex_lock(&pool->mutex);
  publish(pool->stopping, true);
  pthread_cond_broadcast(&pool->posted);
  pthread_mutex_unlock(&pool->mutex);
  for (uint32_t w = 0; w < pool->numWorkers; ++w)
    pthread_join(pool->workers[w], nullptr);
  std::free(pool->workers);
  pthread_cond_destroy(&pool->finished);
  pthread_cond_destroy(&pool->posted);
  pthread_cond_destroy(&pool->started);
  pthread_mutex_destroy(&pool->mutex);
  std::free(pool);
}

ThreadPool *qnn::runtime::setCurrentThreadPool(ThreadPool *pool) {
  ThreadPool *previous = currentPool;
  currentPool = pool;
  return previous;
}

void qnn_rt_parallel_for(int64_t n, qnn_rt_loop_body body, void *captures) {
  if (n <= 0)
    return;
  ThreadPool *pool = currentPool;
  if (!pool || pool->numThreads == 1 || insideChunk || n == 1) {
    body(captures, 0, n);
    return;
  }
  pthread_mutex_lock(&pool->mutex);
  if (pool->busy) {
    // Another run of the model holds the pool: run on this thread.
    pthread_mutex_unlock(&pool->mutex);
    body(captures, 0, n);
    return;
  }
  pool->busy = true;
  pool->body = body;
  pool->captures = captures;
  pool->numIterations = n;
  int64_t maxChunks = kChunksPerThread * pool->numThreads;
  pool->numChunks = n < maxChunks ? n : maxChunks;
  pool->nextChunk = 0;
  publish(pool->numFinished, int64_t(0));
  publish(pool->generation, pool->generation + 1);
  pthread_cond_broadcast(&pool->posted);
  runChunks(*pool);
  if (pool->numFinished < pool->numChunks)
    spinUnlocked(*pool, [&] {
      return peek(pool->numFinished) == peek(pool->numChunks);
    });
  while (pool->numFinished < pool->numChunks)
    pthread_cond_wait(&pool->finished, &pool->mutex);
  pool->busy = false;
  pthread_mutex_unlock(&pool->mutex);
}
