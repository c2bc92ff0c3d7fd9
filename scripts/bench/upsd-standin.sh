#!/usr/bin/env bash
# DEVELOPMENT ONLY: a stand-in for the NutSharp binary, so run.sh can be
# tested before NutSharp exists. Called exactly like NutSharp
# (NUT_CONFPATH=<dir> NUT_STATEPATH=<dir> upsd-standin.sh serve -F), it starts
# a second real dummy-ups and upsd from that directory. upsd replaces this
# script (exec), so the PID run.sh measures is upsd's; dummy-ups stays in the
# same process group and is cleaned up with it.
#   NUTSHARP_BIN=scripts/bench/upsd-standin.sh scripts/bench/run.sh --quick
set -euo pipefail
[ "${1:-}" = serve ] || { echo "usage: upsd-standin.sh serve -F" >&2; exit 2; }
export NUT_ALTPIDPATH=${NUT_ALTPIDPATH:-$NUT_STATEPATH}
/lib/nut/dummy-ups -a bench -u root -F &
for _ in $(seq 1 50); do ls "$NUT_STATEPATH"/dummy-ups-bench* >/dev/null 2>&1 && break; sleep 0.1; done
exec /lib/nut/upsd -u root -F
