#!/usr/bin/env bash
# The same canary on runc and on gVisor's runsc, side by side: N container cycles each (default
# 10, alternating so that both see the same machine), through the monitor (probe --json) on a
# Docker Engine of its own, then `shipwatch compare --baseline` for the medians of every figure
# and the runsc/runc ratio of each. Usage: bench/runtimes/run.sh [N]
# Needs root, dockerd (docker.io), runsc, ip (iproute2), jq; builds the jar when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10}
cd "$root"
for tool in dockerd runsc ip jq; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "needs $tool (apt-get install -y docker.io runsc iproute2 jq)" >&2; exit 2; }
done
[ -f app/target/shipwatch.jar ] || mvn -q -DskipTests package
work=$(mktemp -d /tmp/swbench.XXXX)   # short: containerd's sockets live under the exec root
bridge=swb$(od -An -tx1 -N3 /dev/urandom | tr -d ' \n')
daemon=
cleanup() {
  if [ -n "$daemon" ]; then
    kill "$daemon" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
  fi
  ip link del "$bridge" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A Docker Engine of its own, as the tests start it: private socket, data and exec roots, pid file
# and bridge; the host's iptables and forwarding untouched. runsc through a wrapper: in this
# sandbox it refuses its own network stack and works with the namespace Docker made.
ip link add name "$bridge" type bridge
ip addr add 10.249.$((RANDOM % 250)).1/24 dev "$bridge"
ip link set "$bridge" up
printf '#!/bin/sh\nexec %s --network=host "$@"\n' "$(command -v runsc)" > "$work/runsc"
chmod +x "$work/runsc"
echo '{}' > "$work/daemon.json"
dockerd --config-file "$work/daemon.json" --host "unix://$work/docker.sock" --data-root "$work/data" \
  --exec-root "$work/x" --pidfile "$work/docker.pid" --bridge "$bridge" --iptables=false --ip-forward=false \
  --add-runtime "runsc=$work/runsc" >"$work/dockerd.log" 2>&1 &
daemon=$!
for _ in $(seq 600); do
  curl -s --unix-socket "$work/docker.sock" http://d/_ping 2>/dev/null | grep -q OK && break
  kill -0 "$daemon" 2>/dev/null || { echo "dockerd did not start:" >&2; tail -20 "$work/dockerd.log" >&2; exit 1; }
  sleep 0.1
done

sh canary/container/prepare.sh "$work/context" >/dev/null
sed -e "s|unix:///var/run/docker.sock|unix://$work/docker.sock|" -e "s|canary/container/context|$work/context|" \
    -e "s|jdbc:h2:file:./data/runtimes|jdbc:h2:file:$work/db/shipwatch|" examples/runtimes.yml > "$work/runtimes.yml"

jar=$root/app/target/shipwatch.jar
for i in $(seq "$n"); do
  for target in runtimes-runc runtimes-runsc; do
    (cd "$work" && java -jar "$jar" probe --config runtimes.yml --target "$target" --json 2>>"$work/probe.log") >> "$work/$target.jsonl" \
      || { echo "run $i of $target failed:" >&2; tail -1 "$work/$target.jsonl" >&2; tail -20 "$work/probe.log" >&2; exit 1; }
  done
done
for target in runtimes-runc runtimes-runsc; do
  ok=$(jq -r 'select(.outcome == "success" or .outcome == "degraded") | .run_id' "$work/$target.jsonl" | wc -l)
  [ "$ok" -eq "$n" ] || { echo "only $ok of $n runs of $target succeeded" >&2; exit 1; }
done

echo "$n container cycles each, alternating; $(dockerd --version); $(runsc --version | head -1); $(nproc) cores"
(cd "$work" && java -jar "$jar" compare --config runtimes.yml --days 1 --baseline runtimes-runc 2>>"$work/probe.log")
# The spread of each figure (standard deviation of its logarithm), for the regression detector's noise.
echo
echo "spread: standard deviation of ln(value) over the runs"
for target in runtimes-runc runtimes-runsc; do
  jq -r '[.phases_ms.build, .phases_ms.deploy, .phases_ms.cold_start, .warm_request_ms.p95, .workload.fs_ops_per_s,
          .workload.fs_profile_per_s.open_read, .workload.fs_profile_per_s.stat_missing, .workload.fs_profile_per_s.create_fsync,
          .workload.fs_profile_per_s.list, .workload.cpu_ms] | @tsv' "$work/$target.jsonl" \
    | awk -v t="$target" 'BEGIN { split("build deploy cold_start warm_p95 fs_ops open_read stat_missing create_fsync list cpu", name, " ") }
        { for (i = 1; i <= NF; i++) if ($i > 0) { l = log($i); s[i] += l; q[i] += l * l; c[i]++ } }
        END { printf "%-15s", t; for (i = 1; i <= 10; i++) { m = s[i] / c[i]; printf " %s %.2f", name[i], sqrt(q[i] / c[i] - m * m) } print "" }'
done
