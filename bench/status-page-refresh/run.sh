#!/usr/bin/env bash
# bench/status-page-refresh: what one status page refresh costs at 100, 1,000 and 10,000 components.
# Not part of `mvn verify` or CI. Arguments pass through:
# [--dir DIR] [--sizes 100,1000,10000] [--runs 300] [--full 5] [--ticks 5]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/lib.sh"
cp="$(bench_classpath status-page)"
exec java -Xmx1g \
    -cp "$cp" \
    dev.shipwatch.statuspage.bench.RefreshBench "$@"
