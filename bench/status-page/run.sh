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
# One invocation so the reactor resolves store/config from their target/classes (no `mvn install`).
mvn -B -q -pl status-page -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx2g \
    -cp "status-page/target/test-classes:status-page/target/classes:$(cat status-page/target/bench.classpath)" \
    dev.shipwatch.statuspage.bench.StatusPageBench "$@"
