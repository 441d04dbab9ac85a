#pragma once
// Included by each bench program: everything on one thread, so the comparison
// is per-core work (tyche, Eigen, and LibTorch when built with it).
#include <Eigen/Core>
#include <tyche/tensor.h>
#ifdef TYCHE_HAVE_TORCH
#include <torch/torch.h>
#endif

namespace tyche_bench {
struct SingleThread {
  SingleThread() {
    tyche::set_num_threads(1);
    Eigen::setNbThreads(1);
#ifdef TYCHE_HAVE_TORCH
    torch::set_num_threads(1);
#endif
  }
};
inline SingleThread single_thread;
}  // namespace tyche_bench
