#!/usr/bin/env bash
# Runs the alert latency bench: run stored -> trigger received by a fake PagerDuty on 127.0.0.1.
# Not part of `mvn verify`. Arguments pass through: [--alerts N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/lib.sh"
cp="$(bench_classpath alerting)"
# Only the bench's own lines (and warnings).
exec java -Dlogback.configurationFile="$root/bench/alert-latency/logback.xml" \
    -cp "$cp" \
    dev.shipwatch.alerting.AlertLatencyBench "$@"
