// Placeholder definitions: replaced by the real implementation of this group.
#include "tyche/tensor.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace tyche {

Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index) { throw Error("index: not implemented yet"); }
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index) { throw Error("index: not implemented yet"); }
Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) { throw Error("index: not implemented yet"); }
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) { throw Error("index: not implemented yet"); }
Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) { throw Error("index: not implemented yet"); }
Tensor masked_fill(const Tensor& x, const Tensor& mask, Scalar v) { throw Error("index: not implemented yet"); }
Tensor masked_select(const Tensor& x, const Tensor& mask) { throw Error("index: not implemented yet"); }
Tensor nonzero(const Tensor& x) { throw Error("index: not implemented yet"); }
Tensor cat(const std::vector<Tensor>& ts, int64_t dim) { throw Error("index: not implemented yet"); }
Tensor stack(const std::vector<Tensor>& ts, int64_t dim) { throw Error("index: not implemented yet"); }
std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim) { throw Error("index: not implemented yet"); }
std::vector<Tensor> split(const Tensor& x, IntList sizes, int64_t dim) { throw Error("index: not implemented yet"); }
std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim) { throw Error("index: not implemented yet"); }
std::vector<Tensor> unbind(const Tensor& x, int64_t dim) { throw Error("index: not implemented yet"); }
Tensor flip(const Tensor& x, IntList dims) { throw Error("index: not implemented yet"); }
Tensor repeat(const Tensor& x, IntList repeats) { throw Error("index: not implemented yet"); }
Tensor tril(const Tensor& x, int64_t diagonal) { throw Error("index: not implemented yet"); }
Tensor triu(const Tensor& x, int64_t diagonal) { throw Error("index: not implemented yet"); }
Tensor diag_embed(const Tensor& x) { throw Error("index: not implemented yet"); }
Tensor Tensor::index(std::initializer_list<TensorIndex> idx) const { throw Error("index: not implemented yet"); }
Tensor Tensor::index(const std::vector<TensorIndex>& idx) const { throw Error("index: not implemented yet"); }
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> idx, const Tensor& value, bool accumulate) { throw Error("index: not implemented yet"); }
Tensor& Tensor::index_put_(const std::vector<TensorIndex>& idx, const Tensor& value, bool accumulate) { throw Error("index: not implemented yet"); }
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> idx, Scalar value) { throw Error("index: not implemented yet"); }
Tensor& Tensor::masked_fill_(const Tensor& mask, Scalar v) { throw Error("index: not implemented yet"); }
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) { throw Error("index: not implemented yet"); }
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) { throw Error("index: not implemented yet"); }
Tensor& Tensor::index_add_(int64_t dim, const Tensor& index, const Tensor& src) { throw Error("index: not implemented yet"); }

}  // namespace tyche
