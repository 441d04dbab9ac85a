#!/usr/bin/env bash
# Installs what bench/pyro_svi.py needs, for /usr/bin/python3 (Debian's torch is
# importable only from the system interpreter, not from a pyenv python3):
#   Debian: python3-torch (torch 1.13), python3-numpy, python3-tqdm, python3-pip
#   PyPI:   pyro-ppl==1.8.6, pyro-api, opt_einsum (not packaged in Debian 12),
#           with --no-deps so pip never replaces Debian's torch/numpy.
# Idempotent: apt-get runs only for packages dpkg lacks, pip only if
# `/usr/bin/python3 -c 'import pyro'` fails. Prints nothing when all is present;
# exits non-zero with a message if anything fails.
set -euo pipefail
py=/usr/bin/python3
fail() { echo "pyro_deps.sh: $*" >&2; exit 1; }
installed=0

pkgs=(python3 python3-torch python3-numpy python3-tqdm python3-pip)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "pyro_deps.sh: installing ${missing[*]} (apt-get)"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 \
    || { cat "$log" >&2; fail "apt-get install ${missing[*]} failed"; }
  installed=1
fi

if ! "$py" -c 'import pyro' >/dev/null 2>&1; then
  echo "pyro_deps.sh: installing pyro-ppl==1.8.6 (pip, for $py)"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  # Debian 12 marks its python as externally managed (PEP 668).
  $sudo env PIP_ROOT_USER_ACTION=ignore "$py" -m pip install -q --disable-pip-version-check \
    --break-system-packages --no-deps pyro-ppl==1.8.6 pyro-api==0.1.2 'opt_einsum>=2.3.2' \
    || fail "pip install pyro-ppl failed"
  installed=1
fi

# import pyro imports torch, so the check above covers both when nothing was installed.
if ((installed)); then
  "$py" -c 'import torch, pyro' || fail "'import torch, pyro' still fails under $py"
fi
