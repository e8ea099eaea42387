#!/usr/bin/env bash
# kill -9 a real monitor at random moments, N times, and count unreadable databases, lost runs
# and lost alert events. Not part of `mvn verify`. Arguments pass through:
#   [--kills N] [--targets N] [--max-life MS] [--seed N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# One invocation so the reactor resolves the other modules from their target/classes (no `mvn install`).
mvn -B -q -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# Absolute: the monitors the bench starts run in a directory of their own.
cp="$root/app/target/test-classes:$root/app/target/classes:$(cat app/target/bench.classpath)"
exec java -Xmx512m -Dlogback.configurationFile="$root/bench/crash/logback.xml" -cp "$cp" dev.shipwatch.app.CrashBench "$@"
