// Placeholder definitions: replaced by the real implementation of this group.
#include "tyche/tensor.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace tyche {

Tensor matmul(const Tensor& a, const Tensor& b) { throw Error("linalg: not implemented yet"); }
Tensor dot(const Tensor& a, const Tensor& b) { throw Error("linalg: not implemented yet"); }
Tensor outer(const Tensor& a, const Tensor& b) { throw Error("linalg: not implemented yet"); }
Tensor cholesky(const Tensor& A, bool upper) { throw Error("linalg: not implemented yet"); }
Tensor cholesky_solve(const Tensor& B, const Tensor& L, bool upper) { throw Error("linalg: not implemented yet"); }
Tensor triangular_solve(const Tensor& A, const Tensor& B, bool upper, bool left, bool unitriangular) { throw Error("linalg: not implemented yet"); }
Tensor solve(const Tensor& A, const Tensor& B) { throw Error("linalg: not implemented yet"); }
Tensor inverse(const Tensor& A) { throw Error("linalg: not implemented yet"); }
Tensor det(const Tensor& A) { throw Error("linalg: not implemented yet"); }
std::tuple<Tensor, Tensor> slogdet(const Tensor& A) { throw Error("linalg: not implemented yet"); }
Tensor logdet(const Tensor& A) { throw Error("linalg: not implemented yet"); }

}  // namespace tyche
