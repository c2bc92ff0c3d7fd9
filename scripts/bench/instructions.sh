#!/usr/bin/env bash
# Instructions per request, counted by valgrind's callgrind: the steady figure for "did this change
# make the request path cheaper or dearer?" (wall-clock figures on a shared 2-core machine move by
# +-10 % from run to run; instruction counts repeat to within a fraction of a percent).
#
#   scripts/bench/instructions.sh [NUTSHARP_BIN...]
#
# Measures upsd 2.8.0 (with NUT's dummy-ups; only upsd is counted) and each NutSharp binary given
# (default: artifacts/bin/nutsharp) on the benchmark's device file, one connection, depth 1:
# GET VAR and LIST VAR. Instrumentation is switched on after start-up and a warm-up, counters are
# zeroed, then nutload runs 5 s; the count is divided by the answers nutload received.
# Needs valgrind (callgrind_control), gcc, socat and NUT 2.8.0; run as root (servers use -u root).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$root/artifacts/bin/nutsharp")
for tool in valgrind callgrind_control gcc socat; do
  command -v "$tool" >/dev/null || { echo "instructions.sh: $tool is needed" >&2; exit 2; }
done

work=$(mktemp -d /tmp/nutsharp-instructions.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
gcc -O2 -o "$work/nutload" scripts/bench/nutload.c

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# setup NAME: a configuration directory with the benchmark's device on a free port; prints the port.
setup() {
  local dir=$work/$1 port
  port=$(free_port)
  mkdir -p "$dir"
  cp scripts/bench/bench.dev "$dir/"
  printf 'LISTEN 127.0.0.1 %s\n' "$port" > "$dir/upsd.conf"
  printf '[bench]\n\tdriver = dummy-ups\n\tport = bench.dev\n' > "$dir/ups.conf"
  printf '[bench]\n\tpassword = bench\n' > "$dir/upsd.users"
  echo "$port"
}

wait_serving() {
  local port=$1
  for _ in $(seq 120); do
    printf 'GET VAR bench ups.status\n' | timeout 2 socat - "TCP:127.0.0.1:$port" 2>/dev/null | grep -q '^VAR' && return 0
    sleep 1
  done
  echo "instructions.sh: the server on port $port did not answer" >&2
  exit 2
}

# count NAME PORT PID REQUEST: instructions per answered REQUEST.
count() {
  local name=$1 port=$2 pid=$3 request=$4 out=$work/$1.cg
  "$work/nutload" -p "$port" -c 1 -d 1 -t 2 -w 1 -r "$request" >/dev/null
  callgrind_control -z "$pid" >/dev/null 2>&1
  local line answers
  line=$("$work/nutload" -p "$port" -c 1 -d 1 -t 5 -w 0 -r "$request" | tail -1)
  callgrind_control -d "$pid" >/dev/null 2>&1
  answers=$(sed -n 's/.*responses=\([0-9]*\).*/\1/p' <<<"$line")
  local total
  total=$(ls -t "$work/$name/cg.out."* | head -1 | xargs grep -m1 '^summary:' | awk '{print $2}')
  echo $((total / answers))
}

# measure NAME PORT COMMAND...: runs COMMAND under callgrind (instrumentation off until warmed up).
measure() {
  local name=$1 port=$2
  shift 2
  (cd "$work/$name" && NUT_CONFPATH=$PWD NUT_STATEPATH=$PWD NUT_ALTPIDPATH=$PWD \
    exec valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/$name/cg.out" "$@" >"$work/$name/valgrind.log" 2>&1) &
  local vg=$!
  pids+=("$vg")
  wait_serving "$port"
  callgrind_control -i on "$vg" >/dev/null 2>&1
  local get list
  get=$(count "$name" "$port" "$vg" "GET VAR bench ups.status")
  list=$(count "$name" "$port" "$vg" "LIST VAR bench")
  kill "$vg" 2>/dev/null || true
  wait "$vg" 2>/dev/null || true
  printf '| %s | %s | %s |\n' "$name" "$get" "$list"
}

echo "| Server | Instructions per GET VAR | Instructions per LIST VAR (30 variables) |"
echo "|---|---:|---:|"

port=$(setup upsd)
(cd "$work/upsd" && NUT_CONFPATH=$PWD NUT_STATEPATH=$PWD NUT_ALTPIDPATH=$PWD exec /lib/nut/dummy-ups -a bench -u root -F >"$work/upsd/dummy-ups.log" 2>&1) &
pids+=("$!")
for _ in $(seq 50); do [ -S "$work/upsd/dummy-ups-bench" ] && break; sleep 0.1; done
measure upsd "$port" /lib/nut/upsd -u root -F

i=0
for bin in "${bins[@]}"; do
  i=$((i + 1))
  name="nutsharp-$i"
  [ ${#bins[@]} -eq 1 ] && name=nutsharp
  port=$(setup "$name")
  measure "$name" "$port" "$bin" serve -F -u root
done
for i in "${!bins[@]}"; do [ ${#bins[@]} -gt 1 ] && echo "nutsharp-$((i + 1)): ${bins[$i]}"; done
exit 0
