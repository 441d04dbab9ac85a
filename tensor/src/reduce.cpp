// Placeholder definitions: replaced by the real implementation of this group.
#include "tyche/tensor.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace tyche {

Tensor sum(const Tensor& x, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor mean(const Tensor& x, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor prod(const Tensor& x, std::optional<int64_t> dim, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor amax(const Tensor& x, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor amin(const Tensor& x, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim) { throw Error("reduce: not implemented yet"); }
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor argmax(const Tensor& x, std::optional<int64_t> dim, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor argmin(const Tensor& x, std::optional<int64_t> dim, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor logsumexp(const Tensor& x, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor var(const Tensor& x, IntList dims, int64_t correction, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor std(const Tensor& x, IntList dims, int64_t correction, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor norm(const Tensor& x, double p, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor all(const Tensor& x, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor any(const Tensor& x, IntList dims, bool keepdim) { throw Error("reduce: not implemented yet"); }
Tensor cumsum(const Tensor& x, int64_t dim) { throw Error("reduce: not implemented yet"); }
Tensor cumprod(const Tensor& x, int64_t dim) { throw Error("reduce: not implemented yet"); }
Tensor softmax(const Tensor& x, int64_t dim) { throw Error("reduce: not implemented yet"); }
Tensor log_softmax(const Tensor& x, int64_t dim) { throw Error("reduce: not implemented yet"); }

}  // namespace tyche
