#!/usr/bin/env bash
# Runs the TTFB accuracy bench (CanaryClient vs curl against a delay server on 127.0.0.1).
# Not part of `mvn verify`. Arguments pass through: [--samples N] [--delays 0,50,200] [--curl PATH]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# One invocation so the reactor resolves store/config from their target/classes (no `mvn install`).
mvn -B -q -pl prober -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# logback without a config logs DEBUG to the console; the bench wants only its table.
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogback.configurationFile=/dev/null \
    -cp "prober/target/test-classes:prober/target/classes:$(cat prober/target/bench.classpath)" \
    dev.shipwatch.prober.canary.bench.TimingAccuracyBench "$@"
