#!/usr/bin/env bash
# Shared by the api module's benchmarks: compiles the api module and its test classes, writes their test
# classpath, then runs a main class from them.
# Usage: bench/run-api-main.sh "JVM OPTIONS" MAIN-CLASS [ARGS...]   (JVM options split on spaces; run from anywhere)
# With BENCH_BUILD_ONLY=1 it only builds (a script that runs the main class several times builds once).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$root/scripts/find-jdk")"
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cp_file="$root/api/target/bench-classpath.txt"
cd "$root"
mvn -B -q -ntp -pl api -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >"${TMPDIR:-/tmp}/bench-mvn.log" 2>&1 \
  || { cat "${TMPDIR:-/tmp}/bench-mvn.log"; echo "bench: the build failed (Maven output above)" >&2; exit 1; }
[ "${BENCH_BUILD_ONLY:-0}" = 1 ] && exit 0
read -r -a jvm_opts <<<"$1"
main="$2"
shift 2
exec "$JAVA_HOME/bin/java" "${jvm_opts[@]}" \
    -cp "$root/api/target/test-classes:$root/api/target/classes:$(cat "$cp_file")" "$main" "$@"
