#!/usr/bin/env bash
# Placement throughput and latency over 10,000 synthetic miners (no network, no database).
# Usage: bench/placement/run.sh [miners=10000] [seconds=10]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk")"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cp_file="$root/api/target/bench-classpath.txt"
cd "$root"
mvn -B -q -ntp -o -pl api -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec "$JAVA_HOME/bin/java" -Xms512m -Xmx512m \
    -cp "$root/api/target/test-classes:$root/api/target/classes:$(cat "$cp_file")" \
    io.computeregister.api.placement.PlacementBench "${1:-10000}" "${2:-10}"
