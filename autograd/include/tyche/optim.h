#pragma once
// tyche::optim: gradient-based optimizers over tensors that require grad, and
// learning-rate schedulers.
//   optim::Adam opt({w}, {.lr = 1e-2});
//   opt.zero_grad(); loss.backward(); opt.step();
#include "tyche/optim/adagrad.h"
#include "tyche/optim/adam.h"
#include "tyche/optim/clipped_adam.h"
#include "tyche/optim/lr_scheduler.h"
#include "tyche/optim/optimizer.h"
#include "tyche/optim/rmsprop.h"
#include "tyche/optim/sgd.h"
