#pragma once
// The one piece of machinery behind every indexing op. Gather-like ops
// (index with tensors, index_select, gather) and scatter-like ops (index_put_,
// scatter, scatter_add, index_add) are all phrased over an iteration shape S:
//   - `data`: the indexed tensor re-strided to S with stride 0 on the indexed
//     dims, so the walk visits, for each element, the base address of its row;
//   - `offsets`: int64 element offsets (the sum over index tensors of
//     index * stride of the indexed dim; a bool mask gives the linear
//     offsets of its true elements), broadcast to S;
// element i then lives at data[i] + offsets[i]. Offsets are built and
// bounds-checked before any kernel runs, so the kernels never throw.
#include "tyche/tensor.h"

namespace tyche::detail {

// A view of t's storage with the given geometry. Unlike as_strided it accepts
// zero and negative strides; callers guarantee every address stays in bounds.
Tensor restride(const Tensor& t, Shape sizes, Shape strides);

// Throws unless index is an int32 or int64 tensor.
void check_index_dtype(const Tensor& index, const char* op);

// What an index addresses, for normalisation and error messages.
struct IndexCheck {
  const char* op;
  int64_t dim;         // the indexed dim, as the user numbers it
  int64_t size;        // its size: valid indices are [0, size)
  bool wrap_negative;  // advanced indexing accepts [-size, 0); gather/scatter don't (as PyTorch)
};

// normalise(index) * stride as a fresh contiguous int64 tensor of index's
// shape (index is int32/int64). Throws naming the op, the dim, the offending
// index value and the dim size when an index is out of range.
Tensor index_offsets(const Tensor& index, int64_t stride, const IndexCheck& chk);

// out[i] = data[i + offsets[i]]; out is contiguous, data has out's dtype.
void index_gather(const Tensor& out, const Tensor& data, const Tensor& offsets);

// data[i + offsets[i]] = src[i] (or += when accumulate); src has data's dtype
// and broadcasts to data's shape, and must not share data's storage. Runs on
// one thread so repeated offsets accumulate exactly and the last write wins.
void index_scatter(const Tensor& data, const Tensor& src, const Tensor& offsets, bool accumulate);

}  // namespace tyche::detail
