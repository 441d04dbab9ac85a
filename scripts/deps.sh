#!/usr/bin/env bash
# Installs the Debian packages tyche needs (plus any named as arguments), only
# those missing, so it is idempotent and instant when everything is there.
set -euo pipefail
pkgs=(cmake ninja-build g++ libeigen3-dev libboost-dev libgtest-dev libbenchmark-dev ccache "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "tyche: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
