#!/usr/bin/env bash
# bench/report: one year of 5-minute runs for 50 targets (~5.3 million runs) seeded into H2 by JDBC
# batches (runs and rollups), then `shipwatch report` timed for a month and for the year.
# Not part of `mvn verify` or CI. Arguments pass through:
#   [--dir /tmp/shipwatch-report-bench] [--targets 50] [--days 365] [--repeat 3] [--reuse]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# One invocation so the reactor resolves the modules from their target/classes (no `mvn install`).
mvn -B -q -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx2g \
    -cp "app/target/test-classes:app/target/classes:status-page/target/classes:prober/target/classes:alerting/target/classes:store/target/classes:config/target/classes:$(cat app/target/bench.classpath)" \
    dev.shipwatch.app.ReportBench "$@"
