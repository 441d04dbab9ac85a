// Joining and splitting: cat and stack copy; split, chunk and unbind return views.
#include "elementwise.h"
#include "tyche/native.h"

namespace tyche {

Tensor native::cat(const std::vector<Tensor>& ts, int64_t dim) {
  TYCHE_CHECK(!ts.empty(), "cat", "expected a non-empty list of tensors");
  DType dtype = ts.front().defined() ? ts.front().dtype() : kFloat32;
  // PyTorch (legacy behaviour) skips 1-D empty tensors whatever the other shapes are.
  std::vector<size_t> parts;
  for (size_t j = 0; j < ts.size(); ++j) {
    TYCHE_CHECK(ts[j].defined(), "cat", "tensor number ", j, " is undefined");
    dtype = promote_types(dtype, ts[j].dtype());
    if (!(ts[j].dim() == 1 && ts[j].numel() == 0)) parts.push_back(j);
  }
  if (parts.empty()) return detail::new_tensor({0}, dtype);
  const Tensor& ref = ts[parts.front()];
  TYCHE_CHECK(ref.dim() > 0, "cat", "zero-dimensional tensor (number ", parts.front(), ") cannot be concatenated");
  dim = wrap_dim(dim, ref.dim(), "cat");
  Shape shape = ref.impl()->sizes();
  shape[static_cast<size_t>(dim)] = 0;
  for (size_t j : parts) {
    const Tensor& t = ts[j];
    bool ok = t.dim() == ref.dim();
    for (int64_t d = 0; ok && d < t.dim(); ++d) ok = d == dim || t.size(d) == ref.size(d);
    TYCHE_CHECK(ok, "cat", "sizes of tensors must match except in dimension ", dim, "; got shape ", ref.sizes(),
                " for tensor number ", parts.front(), " and ", t.sizes(), " for tensor number ", j);
    shape[static_cast<size_t>(dim)] += t.size(dim);
  }
  Tensor out = detail::new_tensor(shape, dtype);
  int64_t offset = 0;
  for (size_t j : parts) {
    int64_t n = ts[j].size(dim);
    out.narrow(dim, offset, n).copy_(ts[j]);  // copy_ converts to the promoted dtype
    offset += n;
  }
  return out;
}

Tensor stack(const std::vector<Tensor>& ts, int64_t dim) {
  TYCHE_CHECK(!ts.empty(), "stack", "expected a non-empty list of tensors");
  for (size_t j = 0; j < ts.size(); ++j) {
    TYCHE_CHECK(ts[j].defined(), "stack", "tensor number ", j, " is undefined");
    TYCHE_CHECK(ts[j].sizes() == ts[0].sizes(), "stack", "expects each tensor to be equal size, but got ",
                ts[0].sizes(), " at entry 0 and ", ts[j].sizes(), " at entry ", j);
  }
  dim = wrap_dim(dim, ts[0].dim() + 1, "stack");
  std::vector<Tensor> expanded;
  expanded.reserve(ts.size());
  for (const Tensor& t : ts) expanded.push_back(t.unsqueeze(dim));
  return cat(expanded, dim);
}

namespace {
int64_t split_dim(const Tensor& x, int64_t dim, const char* op) {
  TYCHE_CHECK(x.defined(), op, "input tensor is undefined");
  TYCHE_CHECK(x.dim() > 0, op, "cannot split a 0-dim tensor");
  return wrap_dim(dim, x.dim(), op);
}
}  // namespace

std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim) {
  dim = split_dim(x, dim, "split");
  int64_t n = x.size(dim);
  TYCHE_CHECK(split_size > 0 || (split_size == 0 && n == 0), "split",
              "split_size must be positive (0 only for an empty dim), got ", split_size, " for dim ", dim, " of size ", n);
  int64_t count = split_size == 0 ? 1 : std::max<int64_t>(1, (n + split_size - 1) / split_size);
  std::vector<Tensor> out;
  out.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    int64_t start = i * split_size;
    out.push_back(x.narrow(dim, start, std::min(split_size, n - start)));
  }
  return out;
}

std::vector<Tensor> split(const Tensor& x, IntList sizes, int64_t dim) {
  dim = split_dim(x, dim, "split");
  int64_t n = x.size(dim), total = 0;
  for (int64_t s : sizes) {
    TYCHE_CHECK(s >= 0, "split", "split sizes must be non-negative, got ", sizes);
    total += s;
  }
  TYCHE_CHECK(total == n, "split", "split sizes ", sizes, " must sum to ", n, " (the size of dim ", dim,
              " of the input of shape ", x.sizes(), ")");
  std::vector<Tensor> out;
  out.reserve(sizes.size());
  int64_t start = 0;
  for (int64_t s : sizes) {
    out.push_back(x.narrow(dim, start, s));
    start += s;
  }
  return out;
}

std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim) {
  dim = split_dim(x, dim, "chunk");
  TYCHE_CHECK(chunks > 0, "chunk", "number of chunks must be positive, got ", chunks);
  int64_t n = x.size(dim);
  // As PyTorch: an empty dim gives `chunks` empty pieces; otherwise pieces of
  // ceil(n / chunks), so there may be fewer than `chunks` of them.
  if (n == 0) return split(x, std::vector<int64_t>(static_cast<size_t>(chunks), 0), dim);
  return split(x, (n + chunks - 1) / chunks, dim);
}

std::vector<Tensor> unbind(const Tensor& x, int64_t dim) {
  TYCHE_CHECK(x.defined(), "unbind", "input tensor is undefined");
  TYCHE_CHECK(x.dim() > 0, "unbind", "cannot unbind a 0-dim tensor");
  dim = wrap_dim(dim, x.dim(), "unbind");
  std::vector<Tensor> out;
  out.reserve(static_cast<size_t>(x.size(dim)));
  for (int64_t i = 0; i < x.size(dim); ++i) out.push_back(x.select(dim, i));
  return out;
}

}  // namespace tyche
