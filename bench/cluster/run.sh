#!/usr/bin/env bash
# Several nodes on one PostgreSQL (127.0.0.1:5432, user postgres, database test; a schema of its
# own, dropped after): duplicates and missed fires per 10,000 with a node killed and restarted,
# the failover gap, runs per node, the page's convergence across nodes, and the throughput of
# three nodes against one. Not part of `mvn verify`. Arguments pass through:
#   [--targets 300] [--minutes 6] [--throughput-minutes 3]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/lib.sh"
cp="$(bench_classpath app)"
exec java -Xmx512m -Dlogback.configurationFile="$root/bench/crash/logback.xml" -cp "$cp" dev.shipwatch.app.ClusterBench "$@"
