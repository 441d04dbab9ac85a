#pragma once
// Probabilistic programs: primitives (sample, deterministic, factor, plate),
// the handler stack and its handlers, traces.
#include "tyche/inference/message.h"
#include "tyche/inference/messenger.h"
#include "tyche/inference/param_store.h"
#include "tyche/inference/primitives.h"
#include "tyche/inference/trace.h"
#include "tyche/inference/handlers.h"
