#!/usr/bin/env bash
# POST /service/check_miner_status with N hotkeys, end to end: N local axons (own hotkey and port each), a static
# metagraph listing them, the real register API (ApiMain, SQLite, real dendrite), one HTTP request per round.
# Usage: bench/check-miner-status/run.sh [axons=1000] [rounds=3]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$bench/run-api-main.sh" "-Xmx2g --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=$bench/logback-bench.xml" \
    io.computeregister.api.containers.CheckMinerStatusBench "${1:-1000}" "${2:-3}"
