#!/usr/bin/env bash
# Dendrite fan-out benchmark: 1,000 local axons (own hotkey and port each), one signed call to each at once.
# Usage: bench/dendrite-fanout.sh [axons=1000] [rounds=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk")"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cd "$root"
mvn -B -q -ntp -pl bittensor test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >"${TMPDIR:-/tmp}/bench-mvn.log" 2>&1 \
  || { cat "${TMPDIR:-/tmp}/bench-mvn.log"; echo "bench: the build failed (Maven output above)" >&2; exit 1; }
cp="bittensor/target/test-classes:bittensor/target/classes:$(cat bittensor/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dlogback.configurationFile=bench/logback-bench.xml \
  -cp "$cp" io.computeregister.bittensor.bench.DendriteFanoutBench "$@"
