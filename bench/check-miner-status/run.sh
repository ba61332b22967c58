#!/usr/bin/env bash
# POST /service/check_miner_status with N hotkeys, end to end: N local axons (own hotkey and port each), a static
# metagraph listing them, the real register API (ApiMain, SQLite, real dendrite), one HTTP request per round.
# Usage: bench/check-miner-status/run.sh [axons=1000] [rounds=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk")"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cp_file="$root/api/target/bench-classpath.txt"
cd "$root"
mvn -B -q -ntp -o -pl api -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec "$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$root/bench/logback-bench.xml" \
    -cp "$root/api/target/test-classes:$root/api/target/classes:$(cat "$cp_file")" \
    io.computeregister.api.manage.CheckMinerStatusBench "${1:-1000}" "${2:-3}"
