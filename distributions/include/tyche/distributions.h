#pragma once
// tyche::dist: distributions, constraints, transforms and KL divergences.
#include "tyche/distributions/constraint.h"
#include "tyche/distributions/distribution.h"
#include "tyche/distributions/transform.h"
#include "tyche/distributions/transforms.h"
#include "tyche/distributions/normal.h"
#include "tyche/distributions/gamma.h"
#include "tyche/distributions/chi2.h"
#include "tyche/distributions/inverse_gamma.h"
#include "tyche/distributions/beta.h"
#include "tyche/distributions/dirichlet.h"
#include "tyche/distributions/student_t.h"
