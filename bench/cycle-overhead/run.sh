#!/usr/bin/env bash
# Local canary cycles inside one monitor process vs a plain shell script doing the same steps
# (compile, start, poll /health every 10 ms, 21 requests, the two workload calls, kill).
# Prints the median cycle time of each and their ratio. Usage: bench/cycle-overhead/run.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10}
cd "$root"
[ -f app/target/shipwatch.jar ] || mvn -q -DskipTests package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v curl >/dev/null || { echo "needs curl" >&2; exit 2; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

cat > "$work/bench.yml" <<YAML
storage: { url: "jdbc:h2:file:$work/data/shipwatch" }
targets:
  - name: bench
    platform: { type: local }
    canary: { path: "$root/canary/java" }
    requests: 20
    schedule: 5m
YAML

# --- the monitor: n+1 cycles in one JVM; a cycle is the time between two finished runs, so
# the JVM's own start-up (before the first) is not counted.
(cd "$work" && java -jar "$root/app/target/shipwatch.jar" probe --config bench.yml --target bench \
    --repeat $((n + 1)) --json 2>"$work/monitor.log") |
  while IFS= read -r line; do
    case "$line" in *'"outcome":"success"'*) ;; *) echo "run not successful: $line" >&2 ;; esac
    date +%s%N
  done > "$work/monitor.times"
awk 'NR > 1 {printf "%.1f\n", ($1 - prev) / 1e6} {prev = $1}' "$work/monitor.times" > "$work/monitor.ms"

# --- the same steps by hand
shell_cycle() {
  local d port nonce token pid
  d=$(mktemp -d "$work/run.XXXX")
  nonce=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  token=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  port=$(( (RANDOM % 20000) + 30000 ))
  javac --release 17 -d "$d/classes" "$root"/canary/java/*.java
  PORT=$port CANARY_NONCE=$nonce CANARY_TOKEN=$token CANARY_BIND=127.0.0.1 \
    java -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$d/classes" Canary >"$d/canary.log" 2>&1 &
  pid=$!
  until curl -s "http://127.0.0.1:$port/health" 2>/dev/null | grep -q "$nonce"; do sleep 0.01; done
  for _ in $(seq 21); do curl -s -o /dev/null "http://127.0.0.1:$port/"; done
  curl -s -o /dev/null -H "X-Canary-Token: $token" "http://127.0.0.1:$port/work/fs"
  curl -s -o /dev/null -H "X-Canary-Token: $token" "http://127.0.0.1:$port/work/cpu"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$d"
}
for _ in $(seq "$n"); do
  start=$(date +%s%N); shell_cycle; end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 ))"
done > "$work/shell.ms"

m=$(median < "$work/monitor.ms"); s=$(median < "$work/shell.ms")
echo "cycles: $n each (same machine, same run)"
echo "monitor cycle ms: $(tr '\n' ' ' < "$work/monitor.ms")"
echo "shell   cycle ms: $(tr '\n' ' ' < "$work/shell.ms")"
awk -v m="$m" -v s="$s" 'BEGIN {printf "median cycle: monitor %.0f ms, shell %.0f ms, ratio monitor/shell %.2f (goal <= 1.15)\n", m, s, m / s}'
