// Grad mode: one flag per thread.
#include "tyche/autograd.h"

namespace tyche {

namespace {
// initial-exec: one TLS load, no __tls_get_addr call (this is read by every op).
[[gnu::tls_model("initial-exec")]] thread_local bool grad_enabled = true;
}

bool is_grad_enabled() { return grad_enabled; }
void set_grad_enabled(bool enabled) { grad_enabled = enabled; }

}  // namespace tyche
