#!/usr/bin/env bash
# Runs the alert latency bench: run stored -> trigger received by a fake PagerDuty on 127.0.0.1.
# Not part of `mvn verify`. Arguments pass through: [--alerts N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# One invocation so the reactor resolves store/config from their target/classes (no `mvn install`).
mvn -B -q -pl alerting -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# Only the bench's own lines (and warnings).
exec java -Dlogback.configurationFile="$root/bench/alert-latency/logback.xml" \
    -cp "alerting/target/test-classes:alerting/target/classes:$(cat alerting/target/bench.classpath)" \
    dev.shipwatch.alerting.AlertLatencyBench "$@"
