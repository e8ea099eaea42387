#!/usr/bin/env bash
# bench/status-page: the monitor's page vs nginx (export-static copy) vs a bare Vert.x buffer.
# Not part of `mvn verify` or CI. Installs nginx-light and wrk from Debian (root). Arguments pass
# through: [--dir DIR] [--components 50] [--days 365] [--duration 15] [--warmup 5]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! command -v nginx >/dev/null 2>&1 || ! command -v wrk >/dev/null 2>&1; then
  apt-get update && apt-get install -y nginx-light wrk
fi
. "$root/bench/lib.sh"
cp="$(bench_classpath status-page)"
exec java -Xmx2g \
    -cp "$cp" \
    dev.shipwatch.statuspage.bench.StatusPageBench "$@"
