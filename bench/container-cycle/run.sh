#!/usr/bin/env bash
# Container canary cycles through the monitor (probe --repeat, the container platform talking to
# Podman's Docker-compatible API) vs the same steps by hand with the podman CLI in the same run:
# build (no cache), run with a published port on 127.0.0.1, poll /health every 10 ms until it
# answers with the run's nonce, remove container and image. Prints the median of each phase for
# both and the ratio of the medians. Usage: bench/container-cycle/run.sh [N]   (default 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10}
cd "$root"
command -v podman >/dev/null || { echo "needs podman (apt-get install -y podman runc)" >&2; exit 2; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 2; }
[ -f app/target/shipwatch.jar ] || mvn -q -DskipTests package
work=$(mktemp -d)
service=
cleanup() {
  [ -n "$service" ] && kill "$service" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# The private engine settings this machine needs (docs/dependencies.md, trap 13), for the service and the CLI alike.
printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' > "$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf
podman system service --time=0 "unix://$work/podman.sock" >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 300); do [ -S "$work/podman.sock" ] && break; sleep 0.05; done

# The bundled canary's build context (offline, FROM scratch).
sh canary/container/prepare.sh "$work/context" >/dev/null

cat > "$work/bench.yml" <<YAML
storage: { url: "jdbc:h2:file:$work/data/shipwatch" }
targets:
  - name: bench-container
    platform: { type: container, host: "unix://$work/podman.sock" }
    canary: { path: "$work/context" }
    requests: 20
    schedule: 5m
YAML

# --- the monitor: phase times as the runs report them
(cd "$work" && java -jar "$root/app/target/shipwatch.jar" probe --config bench.yml --target bench-container \
    --repeat "$n" --json 2>"$work/monitor.log") > "$work/monitor.jsonl" || { echo "the monitor failed:" >&2; tail -20 "$work/monitor.log" >&2; cat "$work/monitor.jsonl" >&2; exit 1; }
grep -c '"outcome":"success"' "$work/monitor.jsonl" | grep -qx "$n" || { echo "not every monitor run succeeded:" >&2; cat "$work/monitor.jsonl" >&2; exit 1; }
for phase in build deploy cold_start teardown; do
  sed -n "s/.*\"phases_ms\":{[^}]*\"$phase\":\([0-9.]*\).*/\1/p" "$work/monitor.jsonl" > "$work/monitor.$phase"
done

# --- the same steps by hand
: > "$work/hand.build"; : > "$work/hand.deploy"; : > "$work/hand.cold_start"; : > "$work/hand.teardown"
for i in $(seq "$n"); do
  tag="shipwatch-bench:hand-$i-$$"
  name="shipwatch-bench-hand-$i-$$"
  nonce=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  token=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  t=$(date +%s%N); podman build -q --no-cache -t "$tag" "$work/context" >/dev/null; ms_since "$t" >> "$work/hand.build"
  t=$(date +%s%N)
  podman run -d --name "$name" -p 127.0.0.1::8080 -e PORT=8080 -e "CANARY_NONCE=$nonce" -e "CANARY_TOKEN=$token" "$tag" >/dev/null
  port=$(podman port "$name" 8080 | sed 's/.*://')
  ms_since "$t" >> "$work/hand.deploy"
  t=$(date +%s%N)
  until curl -s "http://127.0.0.1:$port/health" 2>/dev/null | grep -q "$nonce"; do sleep 0.01; done
  ms_since "$t" >> "$work/hand.cold_start"
  t=$(date +%s%N); podman rm -f -t 0 "$name" >/dev/null; podman rmi -f "$tag" >/dev/null; ms_since "$t" >> "$work/hand.teardown"
done

echo "container cycles: $n each (same machine, same run; Podman $(podman --version | awk '{print $3}'))"
printf '%-12s %12s %12s %8s\n' phase "monitor ms" "by hand ms" ratio
tm=0; th=0
for phase in build deploy cold_start teardown; do
  m=$(median < "$work/monitor.$phase"); h=$(median < "$work/hand.$phase")
  tm=$(awk -v a="$tm" -v b="$m" 'BEGIN {print a + b}'); th=$(awk -v a="$th" -v b="$h" 'BEGIN {print a + b}')
  awk -v p="$phase" -v m="$m" -v h="$h" 'BEGIN {printf "%-12s %12.0f %12.0f %8.2f\n", p, m, h, m / h}'
done
awk -v m="$tm" -v h="$th" 'BEGIN {printf "%-12s %12.0f %12.0f %8.2f   (sum of the phase medians; goal <= 1.15)\n", "total", m, h, m / h}'
