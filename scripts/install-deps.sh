#!/usr/bin/env bash
# Installs what NutSharp needs on a fresh Debian 12 machine with the .NET 10 SDK.
#   install-deps.sh build   clang + zlib1g-dev (NativeAOT) and nut-client (upsc, to watch the demo)
#   install-deps.sh test    the above, plus the real NUT 2.8.0 programs and clients the tests run against
set -euo pipefail
what=${1:-test}
pkgs=(clang zlib1g-dev nut-client)
case "$what" in
  build) ;;
  test) pkgs+=(nut-server python3-nut nut-monitor libnutclient-dev socat xvfb xauth gcc make python3 systemd libnss3-tools openssl)
        pkgs+=(python3-prometheus-client)  # parses the HTTP front-end's /metrics in its tests
        pkgs+=(chromium) ;;  # the status page's browser tests (Microsoft.Playwright drives it headless)
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
