#!/usr/bin/env bash
# Runs the TTFB accuracy bench (CanaryClient vs curl against a delay server on 127.0.0.1).
# Not part of `mvn verify`. Arguments pass through: [--samples N] [--delays 0,50,200] [--curl PATH]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/lib.sh"
cp="$(bench_classpath prober)"
# logback without a config logs DEBUG to the console; the bench wants only its table.
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogback.configurationFile=/dev/null \
    -cp "$cp" \
    dev.shipwatch.prober.canary.bench.TimingAccuracyBench "$@"
