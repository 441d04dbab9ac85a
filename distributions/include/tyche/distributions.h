#pragma once
// tyche::dist: distributions, constraints, transforms and KL divergences.
#include "tyche/distributions/constraint.h"
#include "tyche/distributions/distribution.h"
#include "tyche/distributions/transform.h"
#include "tyche/distributions/transforms.h"
#include "tyche/distributions/normal.h"
#include "tyche/distributions/multivariate_normal.h"
#include "tyche/distributions/lowrank_multivariate_normal.h"
#include "tyche/distributions/lkj_cholesky.h"
