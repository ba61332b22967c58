#!/usr/bin/env bash
# resources_sql and allocations_sql: 32 concurrent HTTP clients, real ApiServer, SQLite with 10,000 miners and allocations.
# Usage: bench/lists/run.sh [miners=10000] [seconds=10] [clients=32] [runs=baseline,resources,own,all]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$bench/run-api-main.sh" "-Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=$bench/logback-bench.xml" \
    io.computeregister.api.lists.ListsBench "${1:-10000}" "${2:-10}" "${3:-32}" "${4:-baseline,resources,own,all}"
