#!/usr/bin/env bash
# kill -9 a real monitor at random moments, N times, and count unreadable databases, lost runs
# and lost alert events. Not part of `mvn verify`. Arguments pass through:
#   [--kills N] [--targets N] [--max-life MS] [--seed N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/lib.sh"
cp="$(bench_classpath app)"
exec java -Xmx512m -Dlogback.configurationFile="$root/bench/crash/logback.xml" -cp "$cp" dev.shipwatch.app.CrashBench "$@"
