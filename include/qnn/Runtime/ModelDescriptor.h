/*===- ModelDescriptor.h - what quant-compile tells the runtime ---*- C -*-===*\
|*                                                                            *|
|* Private to a model library: quant-compile emits one constant              *|
|* `__qnn_model_descriptor` (hidden) with this layout into the model's       *|
|* object (lib/Compiler/ModelDescriptor.cpp builds the matching LLVM types), *|
|* and the runtime archive linked beside it (lib/Runtime) implements the C   *|
|* ABI of qnn_runtime.h over it. Not part of the ABI: it changes with        *|
|* QNN_MODEL_DESCRIPTOR_VERSION, which both sides check.                     *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QNN_RUNTIME_MODELDESCRIPTOR_H
#define QNN_RUNTIME_MODELDESCRIPTOR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QNN_MODEL_DESCRIPTOR_VERSION 1u

/* One input or output of the entry. LLVM type: { ptr, i32, i32, i32, ptr,
 * i64 } (natural alignment: 4 bytes of padding after `rank`). */
typedef struct qnn_tensor_descriptor {
  const char *name;
  uint32_t element_type; /* qnn_element_type */
  uint32_t layout;       /* qnn_layout */
  uint32_t rank;
  const int64_t *shape;
  uint64_t byte_size;
} qnn_tensor_descriptor;

/* The generated entry point: `descriptors` holds one pointer per memref
 * argument of the entry's C interface (`_mlir_ciface_<entry>`), inputs,
 * then outputs, then the arena, each pointing at a memref descriptor
 * { void *allocated, *aligned; int64_t offset, sizes[rank], strides[rank]; }. */
typedef void (*qnn_model_invoke_fn)(void *const *descriptors);

/* LLVM type: { i32, i32, i32, i32, ptr, ptr, i64, ptr, ptr, ptr, ptr }. */
typedef struct qnn_model_descriptor {
  uint32_t version; /* QNN_MODEL_DESCRIPTOR_VERSION */
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t default_threads;
  const qnn_tensor_descriptor *inputs;
  const qnn_tensor_descriptor *outputs;
  uint64_t arena_bytes; /* a multiple of 64 */
  const char *compiler_version;
  const char *target;
  const char *cpu_features; /* comma separated names of CpuFeatures.def */
  qnn_model_invoke_fn invoke;
} qnn_model_descriptor;

#ifdef __cplusplus
}
#endif

#endif /* QNN_RUNTIME_MODELDESCRIPTOR_H */
