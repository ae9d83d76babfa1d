/*===- qnn_runtime.h - the C ABI of a compiled qnn model ----------*- C -*-===*\
|*                                                                            *|
|* A model compiled by `quant-compile model.mlir -o model.so` is one shared   *|
|* library exporting exactly the functions below (and nothing else). It     *|
|* needs only libc, libm and libpthread; two model libraries load side by    *|
|* side in one process (open each with dlopen and look the functions up in   *|
|* its handle; linking two of them into one program would clash).           *|
|*                                                                            *|
|*   if (qnn_abi_version() != QNN_ABI_VERSION) ... rebuild against this     *|
|*   qnn_model *model;                                                       *|
|*   if (qnn_model_create(0, 1, &model) != QNN_OK)                           *|
|*     fprintf(stderr, "%s\n", qnn_last_error());                            *|
|*   qnn_tensor_info info;                                                   *|
|*   qnn_model_input_info(model, 0, &info);  (name, type, shape, bytes ...)  *|
|*   const void *in[] = {x};  size_t in_bytes[] = {info.byte_size};          *|
|*   void *out[] = {y};       size_t out_bytes[] = {...};                    *|
|*   if (qnn_model_run(model, in, in_bytes, out, out_bytes) != QNN_OK)       *|
|*     fprintf(stderr, "%s\n", qnn_last_error());                            *|
|*   qnn_model_destroy(model);                                               *|
|*                                                                            *|
|* Plain C (C99), usable from C++ and through any FFI.                       *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QNN_RUNTIME_QNN_RUNTIME_H
#define QNN_RUNTIME_QNN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this ABI: the functions, their signatures, the enums and
 * qnn_tensor_info. A library whose qnn_abi_version() differs from the
 * QNN_ABI_VERSION a program was built with must not be used by it. */
#define QNN_ABI_VERSION 1u

#if defined(__GNUC__)
#define QNN_EXPORT __attribute__((visibility("default")))
#else
#define QNN_EXPORT
#endif

/* Every fallible function returns a status; on anything but QNN_OK,
 * qnn_last_error() says what went wrong. */
typedef enum qnn_status {
  QNN_OK = 0,
  /* A null pointer, an index out of range, overlapping buffers. */
  QNN_ERROR_INVALID_ARGUMENT = 1,
  /* A buffer's byte size is not the tensor's. Nothing was read or written. */
  QNN_ERROR_SIZE_MISMATCH = 2,
  /* The CPU lacks a feature the model's kernels were compiled for. */
  QNN_ERROR_UNSUPPORTED_CPU = 3,
  /* create could not allocate the model's memory. */
  QNN_ERROR_OUT_OF_MEMORY = 4,
  /* The library is damaged or was built by an incompatible compiler. */
  QNN_ERROR_INTERNAL = 5
} qnn_status;

/* The element type of an input or output. Quantized tensors are passed as
 * their storage integers (u8 or i8; i32 for biases); the scale and zero
 * point are the model's business. */
typedef enum qnn_element_type {
  QNN_F32 = 1,
  QNN_F64 = 2,
  QNN_I8 = 3,
  QNN_U8 = 4,
  QNN_I16 = 5,
  QNN_U16 = 6,
  QNN_I32 = 7,
  QNN_I64 = 8,
  QNN_BOOL = 9 /* one byte per element, 0 or 1 */
} qnn_element_type;

/* What the dimensions of an input or output mean. Elements are always
 * dense and row-major (C order); a rank-4 activation keeps the layout of
 * the source model, which is NCHW for the qnn dialect and ONNX. */
typedef enum qnn_layout {
  QNN_LAYOUT_ROW_MAJOR = 0, /* no named dimensions */
  QNN_LAYOUT_NCHW = 1,
  QNN_LAYOUT_NHWC = 2
} qnn_layout;

/* One input or output. The pointers stay valid as long as the library is
 * loaded. */
typedef struct qnn_tensor_info {
  const char *name; /* the model's name for it, or "input<i>"/"output<i>" */
  qnn_element_type element_type;
  qnn_layout layout;
  uint32_t rank;
  const int64_t *shape; /* rank dimensions; fixed at compile time */
  size_t byte_size;     /* product of shape times the element size */
} qnn_tensor_info;

typedef struct qnn_model qnn_model;

/* The largest thread count qnn_model_create accepts. */
#define QNN_MAX_THREADS 1024u

/* QNN_ABI_VERSION of the library. */
QNN_EXPORT uint32_t qnn_abi_version(void);

/* The compiler that built the library ("qnn-mlir <version> (LLVM 22)"),
 * its target ("generic" or "host:<cpu name>"), and the CPU features the
 * kernels use beyond the baseline of the architecture, comma separated
 * ("avx2,fma,..."; empty for generic). Static strings. */
QNN_EXPORT const char *qnn_compiler_version(void);
QNN_EXPORT const char *qnn_target(void);
QNN_EXPORT const char *qnn_cpu_features(void);

/* The message of the calling thread's last failed call (thread-local, so
 * concurrent callers each see their own); "" when none failed. Valid until
 * the thread's next call into the library. */
QNN_EXPORT const char *qnn_last_error(void);

/* Checks that the CPU has every feature in qnn_cpu_features() (failing with
 * QNN_ERROR_UNSUPPORTED_CPU and a message naming the missing ones, never an
 * illegal instruction: this function and every other one here are compiled
 * for the architecture's baseline; only the kernels use the features),
 * then allocates the model: `num_contexts` execution contexts, each holding
 * one arena for every intermediate tensor and aligned space for inputs and
 * outputs (0: one).
 *
 * `num_threads` is the number of threads a run may use (0: the default
 * given at compile time, `quant-compile --threads`; at most
 * QNN_MAX_THREADS, else QNN_ERROR_INVALID_ARGUMENT): the calling thread and
 * num_threads - 1 pool threads, which create starts (none for 1) and
 * destroy joins; they sleep between runs. A run splits each large parallel
 * loop of the model into contiguous chunks over them. No reduction is ever
 * split across threads, so results do not depend on the count. */
QNN_EXPORT qnn_status qnn_model_create(uint32_t num_threads,
                                       uint32_t num_contexts,
                                       qnn_model **model);

/* Frees the model; no run may be in progress. Null is ignored. */
QNN_EXPORT void qnn_model_destroy(qnn_model *model);

/* The thread and context counts create settled on. */
QNN_EXPORT uint32_t qnn_model_num_threads(const qnn_model *model);
QNN_EXPORT uint32_t qnn_model_num_contexts(const qnn_model *model);

QNN_EXPORT size_t qnn_model_num_inputs(const qnn_model *model);
QNN_EXPORT size_t qnn_model_num_outputs(const qnn_model *model);
/* Fills `info` for input or output `index`; QNN_ERROR_INVALID_ARGUMENT when
 * the index is out of range. */
QNN_EXPORT qnn_status qnn_model_input_info(const qnn_model *model,
                                           size_t index,
                                           qnn_tensor_info *info);
QNN_EXPORT qnn_status qnn_model_output_info(const qnn_model *model,
                                            size_t index,
                                            qnn_tensor_info *info);

/* Runs the model once: inputs[i] holds input_bytes[i] bytes of input i,
 * outputs[i] receives output i. Every byte count must equal the tensor's
 * byte_size (else QNN_ERROR_SIZE_MISMATCH, and nothing is read or written);
 * buffers may have any alignment (a misaligned one goes through the
 * context's aligned space); no output may overlap an input or another
 * output (QNN_ERROR_INVALID_ARGUMENT). `run` allocates no memory.
 *
 * Buffers are dense, row-major in the tensor's shape and layout
 * (qnn_model_input_info): there is no stride or leading-dimension argument,
 * so a wrong leading dimension shows as a wrong byte count, which is
 * refused; a caller that reshapes its data without changing the byte count
 * is not detectable here (quant-run checks .npy shapes before calling).
 *
 * Thread safety: concurrent calls on one model are safe. The weights are
 * read-only data of the library, shared; everything a run writes lives in
 * one execution context, which the call holds for its duration. Up to
 * num_contexts calls run at once; further callers wait (without spinning)
 * until a context is free. Create as many contexts as threads that call
 * `run` concurrently. The pool serves one run at a time: the parallel
 * loops of a run that starts while another uses it run on its calling
 * thread (same results). */
QNN_EXPORT qnn_status qnn_model_run(qnn_model *model,
                                    const void *const inputs[],
                                    const size_t input_bytes[],
                                    void *const outputs[],
                                    const size_t output_bytes[]);

#ifdef __cplusplus
}
#endif

#endif /* QNN_RUNTIME_QNN_RUNTIME_H */
