#!/usr/bin/env bash
# Installs what building and testing NutSharp needs on a fresh Debian 12 machine with the .NET 10 SDK:
# clang + zlib1g-dev for NativeAOT, and the real NUT 2.8.0 programs and clients the tests run against.
set -euo pipefail
pkgs=(clang zlib1g-dev nut-server nut-client python3-nut nut-monitor libnutclient-dev socat xvfb xauth gcc make python3)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
