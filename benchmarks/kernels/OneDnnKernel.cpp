//===- OneDnnKernel.cpp - the oneDNN baseline of one shape ----------------===//
//
// oneDNN 2.x API (Debian bookworm's libdnnl-dev 2.6): operation descriptors,
// `primitive_attr::set_output_scales`. For INT8 it computes
//   dst[c] = saturate_u8(round(M[c] * (sum (src - z_x) * wei + bias[c])) + z_y)
// which is our requantization up to how f32 rounding is done.
//
//===----------------------------------------------------------------------===//

#include "OneDnnKernel.h"

#include <cstring>

using namespace qnn::bench;
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

/// A memory of `desc` in oneDNN's layout `target`, filled from the plain
/// array `data` by a reorder (at construction time, untimed).
static dnnl::memory place(const dnnl::engine &engine, dnnl::stream &stream,
                          const dnnl::memory::desc &plain, const void *data,
                          const dnnl::memory::desc &target) {
  dnnl::memory source(plain, engine, const_cast<void *>(data));
  if (plain == target)
    return source;
  dnnl::memory placed(target, engine);
  dnnl::reorder(source, placed).execute(stream, source, placed);
  stream.wait();
  return placed;
}

OneDnnKernel::OneDnnKernel(const BenchCase &bc, Precision precision,
                           const dnnl::engine &engine)
    : engine(engine), stream(engine) {
  bool int8 = precision == Precision::Int8;
  dt srcType = int8 ? dt::u8 : dt::f32, weiType = int8 ? dt::s8 : dt::f32,
     dstType = int8 ? dt::u8 : dt::f32, biasType = int8 ? dt::s32 : dt::f32;
  const void *src = int8 ? static_cast<const void *>(bc.xU8.data())
                         : static_cast<const void *>(bc.xF32.data());
  const void *wei = int8 ? static_cast<const void *>(bc.wS8.data())
                         : static_cast<const void *>(bc.wF32.data());
  const void *bias = int8 ? static_cast<const void *>(bc.biasS32.data())
                          : static_cast<const void *>(bc.biasF32.data());

  dnnl::primitive_attr attr;
  if (int8) {
    // Output dimension 1 is the channel (conv: N C H W; matmul: M N).
    attr.set_output_scales(1 << 1, bc.multiplier);
    attr.set_zero_points(DNNL_ARG_SRC, 0, {bc.xZeroPoint});
    attr.set_zero_points(DNNL_ARG_DST, 0, {bc.yZeroPoint});
  }

  dnnl::memory::desc plainSrc, plainWei, plainBias;
  dnnl::memory::desc srcDesc, weiDesc, biasDesc, dstDesc;
  if (bc.isMatmul) {
    plainSrc = {{bc.m, bc.k}, srcType, tag::ab};
    plainWei = {{bc.k, bc.n}, weiType, tag::ab};
    plainDst = {{bc.m, bc.n}, dstType, tag::ab};
    dnnl::matmul::desc desc(plainSrc, {{bc.k, bc.n}, weiType, tag::any},
                            plainDst);
    dnnl::matmul::primitive_desc pd(desc, attr, engine);
    srcDesc = pd.src_desc();
    weiDesc = pd.weights_desc();
    dstDesc = pd.dst_desc();
    impl = pd.impl_info_str();
    primitive = dnnl::matmul(pd);
  } else {
    dnnl::memory::dims weiDims =
        bc.groups == 1 ? dnnl::memory::dims{bc.f, bc.c, bc.kh, bc.kw}
                       : dnnl::memory::dims{bc.groups, bc.f / bc.groups,
                                            bc.c / bc.groups, bc.kh, bc.kw};
    plainSrc = {{1, bc.c, bc.h, bc.w}, srcType, tag::nchw};
    plainWei = {weiDims, weiType, bc.groups == 1 ? tag::oihw : tag::goihw};
    plainBias = {{bc.f}, biasType, tag::x};
    plainDst = {{1, bc.f, bc.oh, bc.ow}, dstType, tag::nchw};
    dnnl::convolution_forward::desc desc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
        {{1, bc.c, bc.h, bc.w}, srcType, tag::any},
        {weiDims, weiType, tag::any}, plainBias,
        {{1, bc.f, bc.oh, bc.ow}, dstType, tag::any}, {bc.stride, bc.stride},
        {bc.pad, bc.pad}, {bc.pad, bc.pad});
    dnnl::convolution_forward::primitive_desc pd(desc, attr, engine);
    srcDesc = pd.src_desc();
    weiDesc = pd.weights_desc();
    dstDesc = pd.dst_desc();
    impl = pd.impl_info_str();
    primitive = dnnl::convolution_forward(pd);
    args[DNNL_ARG_BIAS] = place(engine, stream, plainBias, bias, plainBias);
  }
  args[DNNL_ARG_SRC] = place(engine, stream, plainSrc, src, srcDesc);
  args[DNNL_ARG_WEIGHTS] = place(engine, stream, plainWei, wei, weiDesc);
  args[DNNL_ARG_DST] = dnnl::memory(dstDesc, engine);
}

void OneDnnKernel::run() {
  primitive.execute(stream, args);
  stream.wait();
}

dnnl::memory OneDnnKernel::toPlain() {
  dnnl::memory &dst = args[DNNL_ARG_DST];
  dnnl::memory plain(plainDst, engine);
  dnnl::reorder(dst, plain).execute(stream, dst, plain);
  stream.wait();
  return plain;
}

std::vector<uint8_t> OneDnnKernel::outputU8() {
  dnnl::memory plain = toPlain();
  std::vector<uint8_t> out(plainDst.get_size());
  std::memcpy(out.data(), plain.get_data_handle(), out.size());
  return out;
}

std::vector<float> OneDnnKernel::outputF32() {
  dnnl::memory plain = toPlain();
  std::vector<float> out(plainDst.get_size() / sizeof(float));
  std::memcpy(out.data(), plain.get_data_handle(), plainDst.get_size());
  return out;
}
