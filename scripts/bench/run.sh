#!/usr/bin/env bash
# Side-by-side benchmark: NutSharp vs the real upsd 2.8.0 (+ dummy-ups), same
# device, same config files, same load generators, alternating the two servers
# between repetitions. Prints medians and NutSharp/upsd ratios and writes a
# Markdown summary to scripts/bench/results-latest.md.
#
# It reports, it does not assert: the exit status is 0 even when targets are
# missed (non-zero only when the benchmark itself cannot run).
#
# Usage: scripts/bench/run.sh [--quick] [--reps N] [--upsd-only] [--out FILE]
# See scripts/bench/README.md for the environment variables and the method.
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/../.." && pwd)

SECONDS=0
QUICK=0
UPSD_ONLY=0
REPS=${BENCH_REPS:-}
OUT=${BENCH_OUT:-$BENCH_DIR/results-latest.md}
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --reps) REPS=$2; shift ;;
    --upsd-only) UPSD_ONLY=1 ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# Durations. A full run takes about 7-8 minutes on 2 cores; --quick about 1.5.
if [ "$QUICK" = 1 ]; then
  : "${REPS:=1}" "${BENCH_SECS:=1}" "${BENCH_WARMUP:=0.5}" "${BENCH_LIST_SECS:=2}"
  : "${BENCH_UPSC_RUNS:=5}" "${BENCH_BURST_WAIT:=5}" "${BENCH_AFTER_SECS:=5}"
else
  : "${REPS:=3}" "${BENCH_SECS:=5}" "${BENCH_WARMUP:=1}" "${BENCH_LIST_SECS:=5}"
  : "${BENCH_UPSC_RUNS:=20}" "${BENCH_BURST_WAIT:=10}" "${BENCH_AFTER_SECS:=30}"
fi
: "${BENCH_BURST_N:=10000}" "${BENCH_HOLD_N:=1000}"
NUTSHARP_BIN=${NUTSHARP_BIN:-$REPO_ROOT/artifacts/bin/nutsharp}
UPSD=${UPSD:-/lib/nut/upsd}
DUMMY_UPS=${DUMMY_UPS:-/lib/nut/dummy-ups}
CLK_TCK=$(getconf CLK_TCK)

for tool in "$UPSD" "$DUMMY_UPS"; do
  [ -x "$tool" ] || { echo "run.sh: $tool not found (install nut-server)" >&2; exit 2; }
done
for tool in upsc gcc python3 ss; do
  command -v "$tool" >/dev/null || { echo "run.sh: '$tool' not found" >&2; exit 2; }
done
read -ra NUTSHARP_CMD <<<"$NUTSHARP_BIN"
# Servers start in their config directory, so make a relative path absolute now.
case ${NUTSHARP_CMD[0]} in /*) ;; */*) NUTSHARP_CMD[0]=$PWD/${NUTSHARP_CMD[0]} ;; esac
if [ "$UPSD_ONLY" = 0 ] && [ ! -x "${NUTSHARP_CMD[0]}" ]; then
  echo "run.sh: NutSharp binary '${NUTSHARP_CMD[0]}' not found or not executable." >&2
  echo "        Build it first, set NUTSHARP_BIN, or pass --upsd-only to measure upsd alone." >&2
  exit 2
fi

# Servers and load generators: each holds up to ~10,000 sockets at once.
HARD_NOFILE=$(ulimit -Hn)
WANT_NOFILE=65536
if [ "$HARD_NOFILE" != unlimited ] && [ "$HARD_NOFILE" -lt "$WANT_NOFILE" ]; then WANT_NOFILE=$HARD_NOFILE; fi
ulimit -n "$WANT_NOFILE" 2>/dev/null || echo "run.sh: warning: could not raise ulimit -n to $WANT_NOFILE" >&2

# ---------------------------------------------------------------- cleanup ---
WORK=$(mktemp -d /tmp/nutsharp-bench.XXXXXX)
SERVER_PGIDS=()   # every server we start leads its own process group (setsid)
HELPER_PIDS=()    # load generators and holders running in the background

cleanup() {
  trap - EXIT INT TERM
  local p
  for p in "${HELPER_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${SERVER_PGIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0
    for p in "${SERVER_PGIDS[@]}"; do kill -0 -- "-$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.3
  done
  for p in "${SERVER_PGIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
  for p in "${HELPER_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

# ------------------------------------------------------------------ setup ---
echo "Compiling nutload..."
gcc -O2 -o "$BENCH_DIR/nutload" "$BENCH_DIR/nutload.c" || { echo "run.sh: cannot compile nutload.c" >&2; exit 2; }
NUTLOAD=$BENCH_DIR/nutload

# Two free loopback ports (bound together so they differ, then released).
read -r PORT_UPSD PORT_NUTSHARP < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')

# The same config for both servers; only the LISTEN port differs.
write_conf() { # dir port
  mkdir -p "$1"
  cat >"$1/upsd.conf" <<EOF
LISTEN 127.0.0.1 $2
EOF
  cat >"$1/ups.conf" <<'EOF'
[bench]
  driver = dummy-ups
  port = bench.dev
  desc = "Benchmark UPS"
EOF
  cat >"$1/upsd.users" <<'EOF'
[admin]
  password = benchpass
  actions = SET
  instcmds = ALL
[monuser]
  password = secret
  upsmon primary
EOF
  cp "$BENCH_DIR/bench.dev" "$1/bench.dev"
  chmod 0640 "$1/upsd.users"
}
UPSD_DIR=$WORK/upsd
NUTSHARP_DIR=$WORK/nutsharp
write_conf "$UPSD_DIR" "$PORT_UPSD"
write_conf "$NUTSHARP_DIR" "$PORT_NUTSHARP"

RAW=$WORK/raw.tsv
: >"$RAW"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RAW"; } # section key server rep metric value

# start_server NAME DIR CMD... : runs CMD in a new session (setsid execs in
# place because a background job of a script is not a group leader), so $! is
# the server's own PID and its process group catches any children.
LAST_PID=
start_server() {
  local name=$1 dir=$2; shift 2
  (cd "$dir" && NUT_CONFPATH=$dir NUT_STATEPATH=$dir NUT_ALTPIDPATH=$dir exec setsid "$@") \
    >>"$dir/$name.log" 2>&1 </dev/null &
  LAST_PID=$!
  SERVER_PGIDS+=("$LAST_PID")
}

wait_ready() { # name port pid : until the server reports the device with status OL
  local name=$1 port=$2 pid=$3 i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { echo "run.sh: $name exited during start-up; log:" >&2; cat "$WORK"/*/"$name"*.log >&2; exit 2; }
    [ "$(upsc "bench@127.0.0.1:$port" ups.status 2>/dev/null)" = OL ] && return 0
    sleep 0.2
  done
  echo "run.sh: $name did not serve bench@127.0.0.1:$port within 20 s; log:" >&2
  cat "$WORK"/*/"$name"*.log >&2
  exit 2
}

declare -A PID PORT
echo "Starting upsd 2.8.0 + dummy-ups on 127.0.0.1:$PORT_UPSD..."
start_server dummy-ups "$UPSD_DIR" "$DUMMY_UPS" -a bench -u root -F
start_server upsd "$UPSD_DIR" "$UPSD" -u root -F
PID[upsd]=$LAST_PID PORT[upsd]=$PORT_UPSD
SERVERS=(upsd)
if [ "$UPSD_ONLY" = 0 ]; then
  echo "Starting NutSharp ($NUTSHARP_BIN) on 127.0.0.1:$PORT_NUTSHARP..."
  start_server nutsharp "$NUTSHARP_DIR" "${NUTSHARP_CMD[@]}" serve -u root -F
  PID[nutsharp]=$LAST_PID PORT[nutsharp]=$PORT_NUTSHARP
  SERVERS+=(nutsharp)
fi
wait_ready upsd "$PORT_UPSD" "${PID[upsd]}"
[ "$UPSD_ONLY" = 0 ] && wait_ready nutsharp "$PORT_NUTSHARP" "${PID[nutsharp]}"
sleep 2 # let both settle before the idle RSS reading

# --------------------------------------------------------------- helpers ---
cpu_ticks() { # utime+stime of the whole process (all threads), in clock ticks
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }   # drop "pid (comm) ", comm may contain spaces
  awk '{print $12 + $13}' <<<"$s"
}
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; } # field NAME "k=v k=v"

# Order of the servers in repetition REP: alternate so neither always goes first.
order() {
  if [ "${#SERVERS[@]}" = 1 ]; then echo upsd
  elif [ $(($1 % 2)) = 1 ]; then echo upsd nutsharp
  else echo nutsharp upsd; fi
}

check_alive() {
  local s
  for s in "${SERVERS[@]}"; do
    kill -0 "${PID[$s]}" 2>/dev/null || { echo "run.sh: $s (pid ${PID[$s]}) died; log:" >&2; cat "$WORK"/*/"$s".log >&2; exit 2; }
  done
}

# nutload opens its connections one by one before its clock starts. upsd
# accepts slowly (a queue of 16 un-accepted connections makes the next connect
# wait for a SYN retransmit, ~1 s), so 256 connections can take many seconds.
# Wait until every connection is established; up to 16 are immediate.
wait_connected() { # PORT CONNS NUTLOAD_PID
  [ "$2" -le 16 ] && return 0
  local i
  for i in $(seq 1 1200); do
    [ "$(ss -Htn state established "( dport = :$1 )" | wc -l)" -ge "$2" ] && return 0
    kill -0 "$3" 2>/dev/null || return 0
    sleep 0.05
  done
}

# load SECTION KEY SERVER REP CONNS DEPTH SECS REQUEST
# CPU window: /proc/<pid>/stat is read WARMUP seconds after all of nutload's
# connections are up (that is when nutload's own clock starts) and again when
# it exits (see README.md for the small skew this has).
load() {
  local section=$1 key=$2 server=$3 rep=$4 conns=$5 depth=$6 secs=$7 req=$8
  local pid=${PID[$server]} out=$WORK/nutload.out nl c0 c1 line
  "$NUTLOAD" -p "${PORT[$server]}" -c "$conns" -d "$depth" -t "$secs" -w "$BENCH_WARMUP" -r "$req" >"$out" 2>&1 &
  nl=$!
  HELPER_PIDS+=("$nl")
  wait_connected "${PORT[$server]}" "$conns" "$nl"
  sleep "$BENCH_WARMUP"
  c0=$(cpu_ticks "$pid")
  wait "$nl"
  c1=$(cpu_ticks "$pid")
  line=$(tail -n 1 "$out")
  local responses rps errors p50 connfail closed cpu_us
  responses=$(field responses "$line"); rps=$(field rps "$line"); errors=$(field errors "$line")
  p50=$(field p50_us "$line"); connfail=$(field connfail "$line"); closed=$(field closed "$line")
  if [ -z "$responses" ]; then
    echo "  $server rep $rep: nutload failed: $line" >&2
    record "$section" "$key" "$server" "$rep" error 1
    return
  fi
  cpu_us=$(awk -v d=$((c1 - c0)) -v t="$CLK_TCK" -v n="$responses" 'BEGIN{ if (n > 0) printf "%.3f", d / t * 1e6 / n; else print "nan" }')
  record "$section" "$key" "$server" "$rep" rps "$rps"
  record "$section" "$key" "$server" "$rep" p50_us "$p50"
  record "$section" "$key" "$server" "$rep" cpu_us "$cpu_us"
  record "$section" "$key" "$server" "$rep" errors "$errors"
  record "$section" "$key" "$server" "$rep" connfail "$connfail"
  printf '  %-8s rep %d: %10s req/s  p50 %6s us  cpu %8s us/req  errors=%s connfail=%s closed=%s\n' \
    "$server" "$rep" "$rps" "$p50" "$cpu_us" "$errors" "$connfail" "$closed"
}

# Every burst/holder connects from its own loopback source address. Closed
# client sockets of a 10,000-connection burst linger in the kernel for minutes
# (FIN-WAIT-1 for the ones the server never accepted, TIME-WAIT for the rest);
# from one address, back-to-back bursts to the same port would exhaust the
# ephemeral port range and connect() itself would take seconds.
# The addresses are 127.<random>.x.y, so they also differ from the previous run's
# (whose sockets may still linger) and stay clear of 127.0.0.x.
SRC_NET=$((1 + RANDOM % 250))
SRC_N=$((RANDOM % 20000))
next_src() { SRC_N=$((SRC_N + 1)); SRC=127.$SRC_NET.$((SRC_N / 250 % 250 + 1)).$((SRC_N % 250 + 2)); }

burst() { # SERVER N WAIT -> sets BURST_LINE
  local out=$WORK/burst.out b
  next_src
  python3 "$BENCH_DIR/burst.py" "${PORT[$1]}" "$2" --wait "$3" --src "$SRC" >"$out" 2>&1 &
  b=$!
  HELPER_PIDS+=("$b")
  wait "$b"
  BURST_LINE=$(grep '^n=' "$out" | tail -n 1)
  [ -n "$BURST_LINE" ] || { BURST_LINE="failed"; cat "$out" >&2; }
}

# ----------------------------------------------------------------- memory ---
# First, while both servers are fresh: idle RSS, RSS with idle connections
# held, and RSS in the seconds after a large burst has gone away.
echo
echo "[${SECONDS}s] == Memory: idle, $BENCH_HOLD_N idle connections held, after a $BENCH_BURST_N-connection burst"
for server in $(order 1); do
  pid=${PID[$server]}
  # Serve a handful of clients first, so code that runs only on the first connection is part of
  # "idle" and not charged to the held connections; then let the server settle.
  burst "$server" 16 5
  sleep 3
  idle=$(rss_kb "$pid")
  record mem idle "$server" 1 rss_kb "$idle"

  hold_out=$WORK/holder.out
  next_src
  python3 "$BENCH_DIR/holder.py" "${PORT[$server]}" "$BENCH_HOLD_N" --src "$SRC" >"$hold_out" 2>&1 &
  hp=$!
  HELPER_PIDS+=("$hp")
  for _ in $(seq 1 600); do grep -q '^held=' "$hold_out" && break; kill -0 "$hp" 2>/dev/null || break; sleep 0.1; done
  sleep 1 # the server has served every connection once; let it finish bookkeeping
  held_rss=$(rss_kb "$pid")
  held_line=$(grep '^held=' "$hold_out")
  held_n=$(field held "$held_line")
  kill -TERM "$hp" 2>/dev/null; wait "$hp" 2>/dev/null
  record mem held "$server" 1 rss_kb "$held_rss"
  record mem held "$server" 1 conns "${held_n:-0}"

  sleep 2 # let the server notice the closed connections
  burst "$server" "$BENCH_BURST_N" "$BENCH_BURST_WAIT"
  record mem burst "$server" 1 answered "$(field answered "$BURST_LINE")"
  series=()
  for _ in $(seq 1 "$BENCH_AFTER_SECS"); do sleep 1; series+=("$(rss_kb "$pid")"); done
  record mem after "$server" 1 rss_kb "${series[-1]}"
  record mem after "$server" 1 series "${series[*]}"
  printf '  %-8s idle %s KB; holding %s: %s KB; burst: %s; after %ss: %s KB\n' \
    "$server" "$idle" "${held_line:-failed}" "$held_rss" "$BURST_LINE" "$BENCH_AFTER_SECS" "${series[-1]}"
  check_alive
done

# ------------------------------------------------------------ throughput ---
GETVAR="GET VAR bench ups.status"
for cfg in "1 1" "16 1" "256 1" "16 16"; do
  read -r conns depth <<<"$cfg"
  echo
  echo "[${SECONDS}s] == GET VAR: $conns connection(s), depth $depth, ${BENCH_SECS}s x $REPS"
  for rep in $(seq 1 "$REPS"); do
    for server in $(order "$rep"); do
      load getvar "c${conns}d${depth}" "$server" "$rep" "$conns" "$depth" "$BENCH_SECS" "$GETVAR"
    done
  done
  check_alive
done

echo
echo "[${SECONDS}s] == LIST VAR: 1 connection, depth 1, ${BENCH_LIST_SECS}s x $REPS"
for rep in $(seq 1 "$REPS"); do
  for server in $(order "$rep"); do
    load listvar c1d1 "$server" "$rep" 1 1 "$BENCH_LIST_SECS" "LIST VAR bench"
  done
done
check_alive

echo
echo "[${SECONDS}s] == upsc full dump: mean of $BENCH_UPSC_RUNS runs x $REPS"
for server in "${SERVERS[@]}"; do
  vars=$(upsc "bench@127.0.0.1:${PORT[$server]}" 2>/dev/null | wc -l)
  record upsc dump "$server" 0 vars "$vars"
done
for rep in $(seq 1 "$REPS"); do
  for server in $(order "$rep"); do
    failures=0
    t0=$(date +%s%N)
    for _ in $(seq 1 "$BENCH_UPSC_RUNS"); do
      upsc "bench@127.0.0.1:${PORT[$server]}" >/dev/null 2>&1 || failures=$((failures + 1))
    done
    t1=$(date +%s%N)
    ms=$(awk -v d=$((t1 - t0)) -v n="$BENCH_UPSC_RUNS" 'BEGIN{printf "%.3f", d / n / 1e6}')
    record upsc dump "$server" "$rep" ms "$ms"
    record upsc dump "$server" "$rep" failures "$failures"
    printf '  %-8s rep %d: %8s ms per dump (failures=%d)\n' "$server" "$rep" "$ms" "$failures"
  done
  # A lower bound of upsc's own cost: the same command against a port nobody listens on (it
  # starts and tries to connect; NSS is only initialised after a successful connect).
  t0=$(date +%s%N)
  for _ in $(seq 1 "$BENCH_UPSC_RUNS"); do upsc "bench@127.0.0.1:1" >/dev/null 2>&1; done
  t1=$(date +%s%N)
  floor=$(awk -v d=$((t1 - t0)) -v n="$BENCH_UPSC_RUNS" 'BEGIN{printf "%.3f", d / n / 1e6}')
  for server in "${SERVERS[@]}"; do record upsc floor "$server" "$rep" ms "$floor"; done
  printf '  upsc to a refused connection rep %d: %8s ms\n' "$rep" "$floor"
done
check_alive

echo
echo "[${SECONDS}s] == Connection storm: burst.py $BENCH_BURST_N connections x $REPS (wait ${BENCH_BURST_WAIT}s)"
for rep in $(seq 1 "$REPS"); do
  for server in $(order "$rep"); do
    sleep 2 # drain the previous burst's sockets
    burst "$server" "$BENCH_BURST_N" "$BENCH_BURST_WAIT"
    record storm burst "$server" "$rep" answered "$(field answered "$BURST_LINE")"
    printf '  %-8s rep %d: %s\n' "$server" "$rep" "$BURST_LINE"
  done
done
check_alive

# ---------------------------------------------------------------- report ---
NUTSHARP_DESC=$NUTSHARP_BIN
[ "$UPSD_ONLY" = 1 ] && NUTSHARP_DESC="(not run: --upsd-only)"
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'nproc\t%s\n' "$(nproc)"
  printf 'cpu\t%s\n' "$(awk -F': *' '/^model name/{print $2; exit}' /proc/cpuinfo)"
  printf 'kernel\t%s\n' "$(uname -sr)"
  printf 'upsd\t%s\n' "$("$UPSD" -V 2>&1 | head -n 1)"
  printf 'nutsharp\t%s\n' "$NUTSHARP_DESC"
  printf 'reps\t%s\n' "$REPS"
  printf 'secs\t%s\n' "$BENCH_SECS"
  printf 'warmup\t%s\n' "$BENCH_WARMUP"
  printf 'list_secs\t%s\n' "$BENCH_LIST_SECS"
  printf 'upsc_runs\t%s\n' "$BENCH_UPSC_RUNS"
  printf 'burst_n\t%s\n' "$BENCH_BURST_N"
  printf 'burst_wait\t%s\n' "$BENCH_BURST_WAIT"
  printf 'hold_n\t%s\n' "$BENCH_HOLD_N"
  printf 'after_secs\t%s\n' "$BENCH_AFTER_SECS"
  printf 'quick\t%s\n' "$QUICK"
} >"$WORK/meta.tsv"

echo
echo "Total time: ${SECONDS}s"
python3 "$BENCH_DIR/report.py" "$WORK/meta.tsv" "$RAW" "$OUT" || echo "run.sh: report failed (raw data: $RAW)" >&2
[ -n "${BENCH_KEEP_RAW:-}" ] && cp "$RAW" "$BENCH_KEEP_RAW"
exit 0
