#!/usr/bin/env bash
# Placement throughput and latency over 10,000 synthetic miners (no network, no database).
# Usage: bench/placement/run.sh [miners=10000] [seconds=10]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$bench/run-api-main.sh" "-Xms512m -Xmx512m" \
    io.computeregister.api.placement.PlacementBench "${1:-10000}" "${2:-10}"
