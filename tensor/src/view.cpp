// Views: new (sizes, strides, offset) over the same storage. No data moves,
// except reshape of a layout that no strides can describe.
#include <algorithm>
#include "tyche/native.h"
#include <numeric>

#include "tyche/tensor.h"

namespace tyche {

namespace {
Tensor make_view(const Tensor& t, Shape sizes, Shape strides, int64_t offset) {
  return Tensor(IntrusivePtr<TensorImpl>::adopt(
      new TensorImpl(t.impl()->storage(), t.dtype(), std::move(sizes), std::move(strides), offset)));
}

void check_defined(const Tensor& t, const char* op) { TYCHE_CHECK(t.defined(), op, "tensor is undefined"); }

// Resolves one -1 entry in sizes so that the product matches numel.
Shape infer_size(IntList sizes, int64_t numel, const char* op) {
  Shape out = sizes.shape();
  int64_t known = 1, infer = -1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == -1) {
      TYCHE_CHECK(infer < 0, op, "only one dimension can be inferred in shape ", sizes);
      infer = static_cast<int64_t>(i);
    } else {
      TYCHE_CHECK(out[i] >= 0, op, "invalid shape dimension ", out[i], " in ", sizes);
      known *= out[i];
    }
  }
  if (infer >= 0) {
    TYCHE_CHECK(known != 0 && numel % known == 0, op, "shape ", sizes, " is invalid for input of size ", numel);
    out[static_cast<size_t>(infer)] = numel / known;
  } else {
    TYCHE_CHECK(known == numel, op, "shape ", sizes, " is invalid for input of size ", numel);
  }
  return out;
}

// Strides giving `sizes` over the same elements as (old sizes, strides), or
// nothing when the layout can't be expressed (PyTorch's computeStride).
std::optional<Shape> view_strides(IntList old_sizes, IntList old_strides, IntList sizes) {
  Shape st(sizes.size());
  if (old_sizes.empty()) {  // 0-dim -> all ones
    for (auto& s : st) s = 1;
    return st;
  }
  int64_t numel = numel_of(old_sizes);
  if (numel == 0) return contiguous_strides(sizes);
  int64_t view_d = static_cast<int64_t>(sizes.size()) - 1;
  int64_t chunk_base_stride = old_strides[old_strides.size() - 1];
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t d = static_cast<int64_t>(old_sizes.size()) - 1; d >= 0; --d) {
    tensor_numel *= old_sizes[d];
    if (d == 0 || (old_sizes[d - 1] != 1 && old_strides[d - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || sizes[view_d] == 1)) {
        st[view_d] = view_numel * chunk_base_stride;
        view_numel *= sizes[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (d > 0) {
        chunk_base_stride = old_strides[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return st;
}
}  // namespace

Tensor native::view(const Tensor& self, IntList new_sizes) {
  check_defined(self, "view");
  Shape sz = infer_size(new_sizes, self.numel(), "view");
  auto st = view_strides(self.sizes(), self.strides(), sz);
  TYCHE_CHECK(st.has_value(), "view", "size ", new_sizes, " is not compatible with input of size ", self.sizes(),
              " and strides ", self.strides(), "; use reshape() instead");
  return make_view(self, std::move(sz), std::move(*st), self.storage_offset());
}

Tensor native::reshape(const Tensor& self, IntList new_sizes) {
  check_defined(self, "reshape");
  Shape sz = infer_size(new_sizes, self.numel(), "reshape");
  if (auto st = view_strides(self.sizes(), self.strides(), sz)) return make_view(self, std::move(sz), std::move(*st), self.storage_offset());
  return self.clone().view(sz);
}

Tensor native::permute(const Tensor& self, IntList dims) {
  check_defined(self, "permute");
  TYCHE_CHECK(static_cast<int64_t>(dims.size()) == self.dim(), "permute", "number of dims ", dims,
              " doesn't match tensor of shape ", self.sizes());
  Shape sz(dims.size()), st(dims.size());
  std::vector<bool> seen(dims.size(), false);
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = wrap_dim(dims[i], self.dim(), "permute");
    TYCHE_CHECK(!seen[static_cast<size_t>(d)], "permute", "repeated dim in ", dims);
    seen[static_cast<size_t>(d)] = true;
    sz[i] = self.sizes()[static_cast<size_t>(d)];
    st[i] = self.strides()[static_cast<size_t>(d)];
  }
  return make_view(self, std::move(sz), std::move(st), self.storage_offset());
}

Tensor native::transpose(const Tensor& self, int64_t d0, int64_t d1) {
  check_defined(self, "transpose");
  if (self.dim() == 0) return self;
  d0 = wrap_dim(d0, self.dim(), "transpose");
  d1 = wrap_dim(d1, self.dim(), "transpose");
  Shape sz = self.impl()->sizes(), st = self.impl()->strides();
  std::swap(sz[static_cast<size_t>(d0)], sz[static_cast<size_t>(d1)]);
  std::swap(st[static_cast<size_t>(d0)], st[static_cast<size_t>(d1)]);
  return make_view(self, std::move(sz), std::move(st), self.storage_offset());
}

Tensor Tensor::t() const {
  check_defined(*this, "t");
  TYCHE_CHECK(dim() <= 2, "t", "expects a tensor with <= 2 dims, got shape ", sizes());
  return dim() < 2 ? *this : transpose(0, 1);
}

Tensor native::expand(const Tensor& self, IntList new_sizes) {
  check_defined(self, "expand");
  int64_t nd = static_cast<int64_t>(new_sizes.size());
  TYCHE_CHECK(nd >= self.dim(), "expand", "the number of sizes provided (", nd,
              ") must be >= the number of dims in the tensor (", self.dim(), "); shape ", self.sizes(), " to ", new_sizes);
  Shape sz(static_cast<size_t>(nd)), st(static_cast<size_t>(nd));
  for (int64_t i = nd - 1; i >= 0; --i) {
    int64_t j = i - (nd - self.dim());
    int64_t want = new_sizes[static_cast<size_t>(i)];
    if (j >= 0) {
      int64_t have = self.sizes()[static_cast<size_t>(j)];
      if (want == -1) want = have;
      TYCHE_CHECK(have == want || have == 1, "expand", "cannot expand shape ", self.sizes(), " to ", new_sizes,
                  " (dim ", i, ": ", have, " vs ", want, ")");
      sz[static_cast<size_t>(i)] = want;
      st[static_cast<size_t>(i)] = have == want ? self.strides()[static_cast<size_t>(j)] : 0;
    } else {
      TYCHE_CHECK(want >= 0, "expand", "size -1 is not allowed in a new leading dim: ", new_sizes);
      sz[static_cast<size_t>(i)] = want;
      st[static_cast<size_t>(i)] = 0;
    }
  }
  return make_view(self, std::move(sz), std::move(st), self.storage_offset());
}

Tensor native::squeeze(const Tensor& self) {
  check_defined(self, "squeeze");
  Shape sz, st;
  for (int64_t i = 0; i < self.dim(); ++i)
    if (self.sizes()[static_cast<size_t>(i)] != 1) {
      sz.push_back(self.sizes()[static_cast<size_t>(i)]);
      st.push_back(self.strides()[static_cast<size_t>(i)]);
    }
  return make_view(self, std::move(sz), std::move(st), self.storage_offset());
}

Tensor native::squeeze(const Tensor& self, int64_t d) {
  check_defined(self, "squeeze");
  if (self.dim() == 0) return self;
  d = wrap_dim(d, self.dim(), "squeeze");
  if (self.sizes()[static_cast<size_t>(d)] != 1) return self;
  Shape sz = self.impl()->sizes(), st = self.impl()->strides();
  sz.erase(static_cast<size_t>(d));
  st.erase(static_cast<size_t>(d));
  return make_view(self, std::move(sz), std::move(st), self.storage_offset());
}

Tensor native::unsqueeze(const Tensor& self, int64_t d) {
  check_defined(self, "unsqueeze");
  d = wrap_dim(d, self.dim() + 1, "unsqueeze");
  Shape sz = self.impl()->sizes(), st = self.impl()->strides();
  int64_t stride = d < self.dim() ? st[static_cast<size_t>(d)] * sz[static_cast<size_t>(d)] : 1;
  sz.insert(static_cast<size_t>(d), 1);
  st.insert(static_cast<size_t>(d), stride);
  return make_view(self, std::move(sz), std::move(st), self.storage_offset());
}

Tensor Tensor::flatten(int64_t start, int64_t end) const {
  check_defined(*this, "flatten");
  if (dim() == 0) return reshape({1});
  start = wrap_dim(start, dim(), "flatten");
  end = wrap_dim(end, dim(), "flatten");
  TYCHE_CHECK(start <= end, "flatten", "start_dim ", start, " cannot come after end_dim ", end);
  Shape sz;
  for (int64_t i = 0; i < start; ++i) sz.push_back(sizes()[static_cast<size_t>(i)]);
  int64_t m = 1;
  for (int64_t i = start; i <= end; ++i) m *= sizes()[static_cast<size_t>(i)];
  sz.push_back(m);
  for (int64_t i = end + 1; i < dim(); ++i) sz.push_back(sizes()[static_cast<size_t>(i)]);
  return reshape(sz);
}

Tensor Tensor::unflatten(int64_t d, IntList new_sizes) const {
  check_defined(*this, "unflatten");
  d = wrap_dim(d, dim(), "unflatten");
  Shape inner = infer_size(new_sizes, sizes()[static_cast<size_t>(d)], "unflatten");
  Shape sz;
  for (int64_t i = 0; i < d; ++i) sz.push_back(sizes()[static_cast<size_t>(i)]);
  for (int64_t s : inner) sz.push_back(s);
  for (int64_t i = d + 1; i < dim(); ++i) sz.push_back(sizes()[static_cast<size_t>(i)]);
  return view(sz);
}

Tensor native::slice(const Tensor& self, int64_t d, std::optional<int64_t> start, std::optional<int64_t> stop, int64_t step) {
  check_defined(self, "slice");
  TYCHE_CHECK(self.dim() > 0, "slice", "cannot slice a 0-dim tensor");
  d = wrap_dim(d, self.dim(), "slice");
  TYCHE_CHECK(step != 0, "slice", "step must be nonzero");
  int64_t n = self.sizes()[static_cast<size_t>(d)];
  // Python slice semantics, clamped to the valid range.
  auto clampi = [&](int64_t v, int64_t lo, int64_t hi) { return std::max(lo, std::min(hi, v)); };
  int64_t b, e;
  if (step > 0) {
    b = start ? (*start < 0 ? *start + n : *start) : 0;
    e = stop ? (*stop < 0 ? *stop + n : *stop) : n;
    b = clampi(b, 0, n);
    e = clampi(e, 0, n);
  } else {
    b = start ? (*start < 0 ? *start + n : *start) : n - 1;
    e = stop ? (*stop < 0 ? *stop + n : *stop) : -1;
    b = clampi(b, -1, n - 1);
    e = clampi(e, -1, n - 1);
  }
  int64_t len = step > 0 ? (e > b ? (e - b + step - 1) / step : 0) : (b > e ? (b - e - step - 1) / (-step) : 0);
  Shape sz = self.impl()->sizes(), st = self.impl()->strides();
  int64_t offset = self.storage_offset() + (len > 0 ? b * st[static_cast<size_t>(d)] : 0);
  sz[static_cast<size_t>(d)] = len;
  st[static_cast<size_t>(d)] *= step;
  return make_view(self, std::move(sz), std::move(st), offset);
}

Tensor native::select(const Tensor& self, int64_t d, int64_t index) {
  check_defined(self, "select");
  TYCHE_CHECK(self.dim() > 0, "select", "cannot select from a 0-dim tensor");
  d = wrap_dim(d, self.dim(), "select");
  int64_t n = self.sizes()[static_cast<size_t>(d)];
  TYCHE_CHECK(index >= -n && index < n, "select", "index ", index, " is out of bounds for dim ", d,
              " with size ", n);
  if (index < 0) index += n;
  Shape sz = self.impl()->sizes(), st = self.impl()->strides();
  int64_t offset = self.storage_offset() + index * st[static_cast<size_t>(d)];
  sz.erase(static_cast<size_t>(d));
  st.erase(static_cast<size_t>(d));
  return make_view(self, std::move(sz), std::move(st), offset);
}

Tensor Tensor::narrow(int64_t d, int64_t start, int64_t length) const {
  check_defined(*this, "narrow");
  d = wrap_dim(d, dim(), "narrow");
  int64_t n = sizes()[static_cast<size_t>(d)];
  if (start < 0) start += n;
  TYCHE_CHECK(start >= 0 && length >= 0 && start + length <= n, "narrow", "start ", start, " + length ", length,
              " exceeds dim ", d, " of size ", n);
  return slice(d, start, start + length);
}

Tensor native::diagonal(const Tensor& self, int64_t offset, int64_t d1, int64_t d2) {
  check_defined(self, "diagonal");
  TYCHE_CHECK(self.dim() >= 2, "diagonal", "expects a tensor with >= 2 dims, got shape ", self.sizes());
  d1 = wrap_dim(d1, self.dim(), "diagonal");
  d2 = wrap_dim(d2, self.dim(), "diagonal");
  TYCHE_CHECK(d1 != d2, "diagonal", "dim1 and dim2 must differ, both are ", d1);
  const Shape& S = self.impl()->sizes();
  const Shape& T = self.impl()->strides();
  int64_t len, off = self.storage_offset();
  if (offset >= 0) {
    len = std::max<int64_t>(0, std::min(S[static_cast<size_t>(d1)], S[static_cast<size_t>(d2)] - offset));
    if (len > 0) off += offset * T[static_cast<size_t>(d2)];
  } else {
    len = std::max<int64_t>(0, std::min(S[static_cast<size_t>(d1)] + offset, S[static_cast<size_t>(d2)]));
    if (len > 0) off -= offset * T[static_cast<size_t>(d1)];
  }
  Shape sz, st;
  for (int64_t i = 0; i < self.dim(); ++i)
    if (i != d1 && i != d2) {
      sz.push_back(S[static_cast<size_t>(i)]);
      st.push_back(T[static_cast<size_t>(i)]);
    }
  sz.push_back(len);
  st.push_back(T[static_cast<size_t>(d1)] + T[static_cast<size_t>(d2)]);
  return make_view(self, std::move(sz), std::move(st), off);
}

Tensor native::as_strided(const Tensor& self, IntList new_sizes, IntList new_strides, std::optional<int64_t> offset) {
  check_defined(self, "as_strided");
  TYCHE_CHECK(new_sizes.size() == new_strides.size(), "as_strided", "sizes ", new_sizes, " and strides ",
              new_strides, " have different lengths");
  int64_t off = offset.value_or(self.storage_offset());
  int64_t last = off;
  bool empty = false;
  for (size_t i = 0; i < new_sizes.size(); ++i) {
    TYCHE_CHECK(new_sizes[i] >= 0 && new_strides[i] >= 0, "as_strided", "negative size or stride");
    if (new_sizes[i] == 0) empty = true;
    else last += (new_sizes[i] - 1) * new_strides[i];
  }
  int64_t capacity = self.impl()->storage()->nbytes() / self.element_size();
  TYCHE_CHECK(off >= 0 && (empty || last < capacity), "as_strided", "view with sizes ", new_sizes, ", strides ",
              new_strides, " and offset ", off, " is out of bounds for storage of ", capacity, " elements");
  return make_view(self, new_sizes.shape(), new_strides.shape(), off);
}

Tensor native::unfold(const Tensor& self, int64_t d, int64_t size, int64_t step) {
  check_defined(self, "unfold");
  d = wrap_dim(d, self.dim(), "unfold");
  int64_t n = self.dim() == 0 ? 1 : self.sizes()[static_cast<size_t>(d)];
  TYCHE_CHECK(size >= 0 && size <= n && step > 0, "unfold", "size ", size, " and step ", step,
              " invalid for dim ", d, " of size ", n);
  Shape sz = self.impl()->sizes(), st = self.impl()->strides();
  int64_t s = st.empty() ? 1 : st[static_cast<size_t>(d)];
  if (!sz.empty()) {
    sz[static_cast<size_t>(d)] = (n - size) / step + 1;
    st[static_cast<size_t>(d)] = s * step;
  }
  sz.push_back(size);
  st.push_back(s);
  return make_view(self, std::move(sz), std::move(st), self.storage_offset());
}

}  // namespace tyche
