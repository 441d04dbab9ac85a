#!/usr/bin/env bash
# Installs what bench/stan_mcmc.R needs: Debian 12's r-cran-rstan (rstan 2.21.7,
# StanHeaders 2.21.0, R 4.2; provides rstan::ess_bulk), r-cran-jsonlite,
# r-cran-codetools (else every rstan load warns that it is missing) and the
# headers and compiler the models compile with (libboost-dev: Debian's r-cran-bh
# is only a pointer to it; g++, make). Only the missing ones, so it is
# idempotent and instant when all are there.
# Exits non-zero with a message if anything fails.
set -euo pipefail
fail() { echo "stan_deps.sh: $*" >&2; exit 1; }
# scripts/deps.sh installs only the missing packages (the build's own plus these).
bash "$(dirname "$0")/deps.sh" r-cran-rstan r-cran-jsonlite r-cran-codetools libboost-dev g++ make "$@" \
  || fail "installing r-cran-rstan and its companions failed"
Rscript -e 'suppressPackageStartupMessages({library(rstan); library(jsonlite)})' >/dev/null 2>&1 \
  || fail "rstan or jsonlite cannot be loaded by Rscript"
