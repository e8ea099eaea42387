#!/usr/bin/env bash
# Many targets on one node: runs due vs run, start lateness, CPU per run, RSS, page lag, size of /,
# alert latency. Not part of `mvn verify`. Arguments pass through:
#   [--targets 100,1000,10000] [--schedule 5m] [--warmup SCHEDULE] [--measure 300s] [--scrape 1m] [--jvm "OPTS"]
# The warm-up is one schedule interval unless given (every target has run once); /metrics is read
# every --scrape, as Prometheus would (0s: only before and after).
# The monitor runs through bin/shipwatch with its default JVM options; --jvm adds to them as
# SHIPWATCH_JAVA_OPTS does (the last of an option wins).
# The compressed variant (the same run rate in a fifth of the targets): --targets 20,200,2000 --schedule 1m
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/lib.sh"
cp="$(bench_classpath app)"
exec java -Xmx512m -Dlogback.configurationFile="$root/bench/crash/logback.xml" -cp "$cp" dev.shipwatch.app.ScaleBench "$@"
