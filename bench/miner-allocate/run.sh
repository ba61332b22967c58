#!/usr/bin/env bash
# Miner allocate latency: Allocate (checking=false) -> SSH login, docker runtime, image already local; next to a bare
# `docker run` of the same image measured in the same run. Needs a Docker engine.
# Usage: bench/miner-allocate/run.sh [runs=20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk")"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cd "$root"
mvn -B -q -ntp -pl miner -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >"${TMPDIR:-/tmp}/bench-mvn.log" 2>&1 \
  || { cat "${TMPDIR:-/tmp}/bench-mvn.log"; echo "bench: the build failed (Maven output above)" >&2; exit 1; }
cp="miner/target/test-classes:miner/target/classes:protocol/target/classes:bittensor/target/classes:$(cat miner/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=bench/logback-bench.xml \
  -cp "$cp" io.computeregister.miner.bench.MinerAllocateBench "$@"
