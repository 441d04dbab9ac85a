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
pkgs=(r-cran-rstan r-cran-jsonlite r-cran-codetools libboost-dev g++ make "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "stan_deps.sh: installing ${missing[*]} (apt-get)"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 \
    || { cat "$log" >&2; fail "apt-get install ${missing[*]} failed"; }
  Rscript -e 'suppressPackageStartupMessages({library(rstan); library(jsonlite)})' >/dev/null 2>&1 \
    || fail "rstan or jsonlite still cannot be loaded by Rscript"
fi
