#!/usr/bin/env bash
# SIGTERM with N runs in flight (default 1,000: every run in a deploy that would take 8 s): the
# monitor must exit 0 within 30 s with every run recorded aborted. The suite runs the same test
# with 64. Not part of `mvn verify`. Usage: bench/stop/run.sh [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -pl app -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=StopUnderLoadTest \
    -Dstop.targets="${1:-1000}"
# The figure (the test's own line) is in the test's output file:
grep -h "stop with" app/target/surefire-reports/dev.shipwatch.app.StopUnderLoadTest-output.txt
