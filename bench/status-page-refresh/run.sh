#!/usr/bin/env bash
# bench/status-page-refresh: what one status page refresh costs at 100, 1,000 and 10,000 components.
# Not part of `mvn verify` or CI. Arguments pass through:
# [--dir DIR] [--sizes 100,1000,10000] [--runs 300] [--full 5] [--ticks 5]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# One invocation so the reactor resolves store/config from their target/classes (no `mvn install`).
mvn -B -q -pl status-page -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g \
    -cp "status-page/target/test-classes:status-page/target/classes:$(cat status-page/target/bench.classpath)" \
    dev.shipwatch.statuspage.bench.RefreshBench "$@"
