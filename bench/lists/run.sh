#!/usr/bin/env bash
# The lists at marketplace scale: `compute api` (the real launcher, its JVM options) on SQLite and on PostgreSQL,
# holding N miners and min(N, 10,000) allocations, under 32 keep-alive wrk connections; per fleet size one table with
# GET / as the machine's ceiling, start-up time to the first GET /, RSS from /proc and a fairness figure.
# Usage: bench/lists/run.sh [sizes=1000,10000,100000] [dbs=sqlite,postgres] [seconds=10] [clients=32]
# (sizes=0: only the starts on an empty store, BENCH_START_RUNS of them per database, 5 by default)
# Needs wrk (apt-get install -y wrk) and curl. BENCH_KEEP=1 keeps the work directory (stores, API logs). COMPUTE_JAVA_OPTS reaches the API's JVM through the launcher, e.g. for a profile:
# COMPUTE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/api-%p.jfr,settings=profile" bench/lists/run.sh 10000 sqlite
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$bench/.." && pwd)"
sizes="${1:-1000,10000,100000}"
dbs="${2:-sqlite,postgres}"
seconds="${3:-10}"
clients="${4:-32}"
# Starts on an empty store per database (each on a fresh one): one start is one sample of a noisy machine.
start_runs="${BENCH_START_RUNS:-5}"
admin_key="cr_bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz"
lua="$bench/lists/lists.lua"

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench/lists: needs $tool (apt-get install -y $tool)" >&2; exit 1; }
done
work="$(mktemp -d "${TMPDIR:-/tmp}/lists-bench.XXXXXX")"
api_pid=""
pg_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  if [ -n "$pg_pid" ]; then exec 9>&-; wait "$pg_pid" 2>/dev/null; fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench/lists: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Build once: the compute distribution (the launcher rebuilds it when sources changed) and the api test classes
# (the fleet seeder), then run everything without Maven.
"$root/compute" --version >/dev/null
BENCH_BUILD_ONLY=1 "$bench/run-api-main.sh" "" io.computeregister.api.catalog.ListsBenchFleet
JAVA_HOME="$("$root/scripts/find-jdk")"
fleet() {
  "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$bench/logback-bench.xml" \
    -cp "$root/api/target/test-classes:$root/api/target/classes:$(cat "$root/api/target/bench-classpath.txt")" \
    io.computeregister.api.catalog.ListsBenchFleet "$@"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
# The machine's speed of the moment: a fixed loop on one core, in ms. The shared VMs have slow spells (this loop
# 230-260 ms, then 400-530 minutes later) that move every start-up figure with them; printed beside the starts.
speed() { python3 -c 'import time
t = time.perf_counter(); s = 0
for i in range(3000000): s += i * i
print(round((time.perf_counter() - t) * 1000))'; }
rss_mb() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_mb() { awk '/^VmHWM/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [[ ",$dbs," == *",postgres,"* ]]; then
  names=""
  for i in $(seq "$start_runs"); do names="$names benchempty$i"; done
  for n in ${sizes//,/ }; do names="$names bench$n"; done
  mkfifo "$work/pg.in"
  fleet postgres $names <"$work/pg.in" >"$work/pg.out" 2>"$work/pg.log" &
  pg_pid=$!
  exec 9>"$work/pg.in"
  for _ in $(seq 600); do grep -q '^postgres ' "$work/pg.out" 2>/dev/null && break; sleep 0.1; done
  pg_port="$(awk '/^postgres / {print $2}' "$work/pg.out")"
  [ -n "$pg_port" ] || { cat "$work/pg.log"; echo "bench/lists: embedded PostgreSQL did not start" >&2; exit 1; }
fi

# Starts compute api on DB_URL with DATA_DIR; sets api_pid, port and start_ms (launch to the first 200 of GET /).
start_api() {
  local db="$1" url="$2" dir="$3"
  local user_args=()
  [ "$db" = postgres ] && user_args=(--db-user postgres)
  port="$(free_port)"
  local t0
  t0="$(date +%s%N)"
  # The chain is unreachable (discovery keeps the stored miners) and the periodic health round runs once an hour,
  # so what runs during the measurement is what always runs: index reload, webhooks, expiry, reconciliation.
  COMPUTE_ADMIN_KEY="$admin_key" COMPUTE_DB_PASSWORD=postgres "$root/compute" api --host 127.0.0.1 --port "$port" \
    --data-dir "$dir" --db "$url" "${user_args[@]}" --metagraph subtensor:http://127.0.0.1:9 --hotkey //Alice \
    --verify-ssh false --health-period 3600 --expiry-period 86400 >"$dir/api.out" 2>"$dir/api.log" &
  api_pid=$!
  # Probed by bash itself (a connect on /dev/tcp, no process) until the port accepts, then by curl for the 200: a curl
  # every 10 ms was a hundred processes a second on the two cores whose start-up is being timed.
  for _ in $(seq 12000); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && curl -fso /dev/null "http://127.0.0.1:$port/" && break
    kill -0 "$api_pid" 2>/dev/null || { cat "$dir/api.log"; echo "bench/lists: compute api exited" >&2; exit 1; }
    sleep 0.01
  done
  start_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# Waits until the API is idle (under 5 % of a core for two consecutive seconds): the first health round and the
# first index load run right after start. Prints how long that took.
settle() {
  local t0 quiet=0 before after
  t0="$(date +%s)"
  while [ "$quiet" -lt 2 ] && [ $(( $(date +%s) - t0 )) -lt 600 ]; do
    before="$(cpu_ticks "$api_pid")"; sleep 1; after="$(cpu_ticks "$api_pid")"
    if [ $(( after - before )) -le 5 ]; then quiet=$((quiet + 1)); else quiet=0; fi
  done
  echo $(( $(date +%s) - t0 ))
}

stop_api() {
  kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; api_pid=""
}

# One line: 5 s of warm-up (the JIT compiles the line's path), then the measured run with RSS sampled every 0.5 s.
# Prints the table row.
measure() {
  local label="$1" line="$2" keys="$3"
  wrk -t"$clients" -c"$clients" -d5s --timeout 30s -s "$lua" "http://127.0.0.1:$port" -- "$line" "$keys" "$admin_key" \
    >/dev/null
  : >"$work/rss"
  ( while kill -0 "$api_pid" 2>/dev/null; do rss_mb "$api_pid" >>"$work/rss"; echo >>"$work/rss"; sleep 0.5; done ) &
  local sampler=$!
  local out
  out="$(wrk -t"$clients" -c"$clients" -d"${seconds}s" --timeout 30s -s "$lua" "http://127.0.0.1:$port" \
    -- "$line" "$keys" "$admin_key" | grep '^RESULT')"
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  local rss
  rss="$(sort -n "$work/rss" | tail -1)"
  # shellcheck disable=SC2086
  local $(echo "${out#RESULT }")
  printf "| %-32s | %7s | %6s | %6s | %7s | %7s | %4s/%-4s | %7s | %4s | %6s | %5s | %s |\n" "$label" "$rps" "$p50" "$p99" \
    "$p999" "$max" "$conn_min" "$conn_max" "$((non200 + timeouts))" "$gzip" "$((avg_bytes / 1024))" "$rss" "$(load)"
}

header() {
  printf "| %-32s | %7s | %6s | %6s | %7s | %7s | %9s | %7s | %4s | %6s | %5s | %s |\n" line "req/s" "p50 ms" "p99 ms" \
    "p99.9 ms" "max ms" "conn min/max" "errors" gzip "KB/answer" "RSS MB" "load 1/5/15"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
}

# The launcher records its AOT cache on the first `compute api` after a build (also after a build by the tests): a
# throw-away start first keeps that recording out of the measured start-ups.
dir="$work/warm-up"; mkdir -p "$dir"
start_api sqlite "jdbc:sqlite:$dir/register.db" "$dir"
stop_api

echo "bench/lists: $(nproc) cores, $(date -u +%FT%TZ), load $(load); wrk -t$clients -c$clients, ${seconds} s per line"
# Start-up on an empty store first, every store's, start_runs times each (a fresh store each time): so each store's
# starts find the machine in the same state (run H measured PostgreSQL's after SQLite's seven minutes of wrk).
for db in ${dbs//,/ }; do
  speed_before="$(speed)"
  starts=()
  for i in $(seq "$start_runs"); do
    dir="$work/$db-empty-$i"; mkdir -p "$dir"
    url="jdbc:sqlite:$dir/register.db"; [ "$db" = postgres ] && url="jdbc:postgresql://127.0.0.1:$pg_port/benchempty$i"
    start_api "$db" "$url" "$dir"
    starts+=("$start_ms")
    rss="$(rss_mb "$api_pid")"
    stop_api
  done
  sorted="$(printf '%s\n' "${starts[@]}" | sort -n)"
  echo
  echo "== $db, empty store: compute api answered GET / after ${starts[*]} ms (median $(sed -n "$(( (start_runs + 1) / 2 ))p" \
    <<<"$sorted"), worst $(tail -1 <<<"$sorted")); RSS $rss MB; machine speed $speed_before ms before, $(speed) ms after"
done

for db in ${dbs//,/ }; do
  for n in ${sizes//,/ }; do
    [ "$n" = 0 ] && continue # sizes=0: the empty-store starts alone
    dir="$work/$db-$n"; mkdir -p "$dir"
    url="jdbc:sqlite:$dir/register.db"; user=-; password=-
    if [ "$db" = postgres ]; then url="jdbc:postgresql://127.0.0.1:$pg_port/bench$n"; user=postgres; password=postgres; fi
    seeded="$(fleet seed "$url" "$user" "$password" "$dir" "$n" 2>"$dir/seed.log" | tail -1)" \
      || { cat "$dir/seed.log"; exit 1; }
    start_api "$db" "$url" "$dir"
    settled="$(settle)"
    echo
    echo "== $db, $n miners: $seeded"
    echo "   compute api answered GET / $start_ms ms after launch; busy for ${settled} s after (first health round," \
      "index load); RSS idle $(rss_mb "$api_pid") MB"
    header
    keys="$dir/renter-keys.txt"
    measure "GET / (ceiling)" root "$keys"
    measure "resources_sql page of 50" resources "$keys"
    measure "resources_sql filtered" filtered "$keys"
    measure "allocations_sql renter (100)" own "$keys"
    measure "allocations_sql admin (all, gzip)" all "$keys"
    echo "   peak RSS over the run (VmHWM) $(hwm_mb "$api_pid") MB; RSS after $(rss_mb "$api_pid") MB"
    stop_api
  done
done
