#pragma once
// The umbrella header: everything a tyche user needs.
#include "tyche/error.h"
#include "tyche/generator.h"
#include "tyche/tensor.h"
