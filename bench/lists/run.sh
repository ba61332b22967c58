#!/usr/bin/env bash
# resources_sql and allocations_sql: 32 concurrent HTTP clients, real ApiServer, SQLite with 10,000 miners and allocations.
# Usage: bench/lists/run.sh [miners=10000] [seconds=10] [clients=32] [runs=baseline,resources,own,all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk")"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cp_file="$root/api/target/bench-classpath.txt"
cd "$root"
mvn -B -q -ntp -o -pl api -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec "$JAVA_HOME/bin/java" -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$root/bench/logback-bench.xml" \
    -cp "$root/api/target/test-classes:$root/api/target/classes:$(cat "$cp_file")" \
    io.computeregister.api.lists.ListsBench "${1:-10000}" "${2:-10}" "${3:-32}" "${4:-baseline,resources,own,all}"
