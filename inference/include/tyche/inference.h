#pragma once
// Probabilistic programs and inference: primitives (sample, param,
// deterministic, factor, plate), the handler stack and its handlers, traces,
// the ParamStore, ELBOs and SVI, autoguides and their init strategies,
// Predictive, the potential energy, HMC / NUTS with Stan's adaptation, MCMC,
// summaries and diagnostics.
#include "tyche/inference/message.h"
#include "tyche/inference/messenger.h"
#include "tyche/inference/param_store.h"
#include "tyche/inference/primitives.h"
#include "tyche/inference/trace.h"
#include "tyche/inference/handlers.h"
#include "tyche/inference/init_strategy.h"
#include "tyche/inference/elbo.h"
#include "tyche/inference/progress_bar.h"
#include "tyche/inference/svi.h"
#include "tyche/inference/autoguide.h"
#include "tyche/inference/auto_delta.h"
#include "tyche/inference/auto_normal.h"
#include "tyche/inference/auto_continuous.h"
#include "tyche/inference/predictive.h"
#include "tyche/inference/stan_csv.h"
#include "tyche/inference/diagnostics.h"
#include "tyche/inference/latent_site.h"
#include "tyche/inference/potential.h"
#include "tyche/inference/adaptation.h"
#include "tyche/inference/hmc_sampler.h"
#include "tyche/inference/summary.h"
#include "tyche/inference/mcmc.h"
