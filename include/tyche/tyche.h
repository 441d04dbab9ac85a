#pragma once
// The umbrella header: everything a tyche user needs.
#include "tyche/error.h"
#include "tyche/generator.h"
#include "tyche/tensor.h"
#include "tyche/autograd.h"
#include "tyche/functional.h"
#include "tyche/gradcheck.h"
#include "tyche/optim.h"
#include "tyche/distributions.h"
#include "tyche/inference.h"
