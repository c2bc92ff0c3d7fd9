# Runs a command among processes that record every SIGHUP and SIGTERM they receive, so a test can
# show that the command signalled nobody. Meant to run as PID 1 of a new PID namespace, in a
# session of its own (setsid unshare --pid --fork --kill-child sh signal-witnesses.sh LOG CMD...):
# there kill(-1, ...) reaches only this namespace, kill(1, ...) this shell, and kill(0, ...) this
# session's process group, so a command that gets it wrong cannot hurt anything outside.
#
# LOG receives one line per event: "init:HUP" (this shell, PID 1, was sent SIGHUP), "loner:TERM"
# (a witness in a process group of its own), "status:N" (the command's exit status), and at the
# end "init:WINCH" and "loner:WINCH" (both witnesses were still alive and listening).
log=$1
shift
trap 'echo init:HUP >>"$log"' HUP
trap 'echo init:TERM >>"$log"' TERM
trap 'echo init:WINCH >>"$log"' WINCH

setsid sh -c '
  log=$1
  trap "echo loner:HUP >>\"\$log\"" HUP
  trap "echo loner:TERM >>\"\$log\"" TERM
  trap "echo loner:WINCH >>\"\$log\"; exit 0" WINCH
  echo loner:ready >>"$log"
  while :; do sleep 600 & wait $!; done' loner "$log" </dev/null >/dev/null 2>&1 &
loner=$!
until grep -q loner:ready "$log" 2>/dev/null; do sleep 0.05; done

"$@"
echo "status:$?" >>"$log"

# kill(2) has made any signal the command sent pending before the command exited. Pending signals
# are delivered lowest number first, so HUP (1) and TERM (15) are recorded before WINCH (28).
kill -WINCH "$loner" $$
wait "$loner"
until grep -q init:WINCH "$log"; do sleep 0.05; done
