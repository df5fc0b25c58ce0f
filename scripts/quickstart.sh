#!/usr/bin/env bash
# The main job on the example data: installs dependencies, builds, starts encored on an embedded
# SQLite data directory, applies examples/pipeline.yaml, runs it with visible progress, prints a
# summary and stops the daemon cleanly.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
# The daemon, the CLI and the plugins only: tests and benchmarks are scripts/test.sh's job.
"$root/scripts/build.sh" -DENCORE_BUILD_TESTS=OFF -DENCORE_BUILD_BENCH=OFF

bin="$root/build/bin"
state="$root/var/quickstart"
mkdir -p "$state"
export ENCORE_EXAMPLE_DIR="$root/examples"
export ENCORE_OUTPUT_DIR="$state/output"

port_file="$state/port"
rm -f "$port_file"
"$bin/encored" --data-dir "$state/data" --listen 127.0.0.1:0 --port-file "$port_file" \
  --log-file "$state/encored.log" &
daemon=$!
stop_daemon() {
  if kill -0 "$daemon" 2>/dev/null; then
    kill -TERM "$daemon"
    wait "$daemon" || true
  fi
}
trap stop_daemon EXIT

for _ in $(seq 1 100); do
  [ -s "$port_file" ] && break
  kill -0 "$daemon" 2>/dev/null || { echo "encored did not start; see $state/encored.log" >&2; exit 1; }
  sleep 0.1
done
ctl=("$bin/encorectl" --addr "127.0.0.1:$(cat "$port_file")")

echo
echo "== Applying examples/pipeline.yaml"
"${ctl[@]}" pipeline apply "$root/examples/pipeline.yaml"
echo
echo "== Backtest: the pipeline as of every month end of 2024 and 2025, over one load"
"${ctl[@]}" backtest example --month-ends 2024-01-01,2025-09-30
echo
echo "== Segment sizes month by month"
"${ctl[@]}" segments example --series
echo
echo "== Running pipeline 'example' (compared with the last month end)"
"${ctl[@]}" run example
echo
echo "== Segments now"
"${ctl[@]}" segments example
echo
echo "== The most urgent tasks for managers (the playbook's texts)"
"${ctl[@]}" tasks example --status open --page-size 3 --full
echo
echo "== Frequently bought together"
"${ctl[@]}" report example basket.rules --page-size 5
echo
echo "== Manager league table (fair comparison)"
"${ctl[@]}" report example managers.league --page-size 5
echo
echo "== Top 10 customers by revenue"
"${ctl[@]}" customers list example --order-by monetary_minor --desc --page-size 10 \
  --scores rfm_code,recency_days,frequency,monetary_minor,segment,segment_action,p_alive,clv_minor
echo
echo "== Outputs"
echo "per-customer results and metrics: $ENCORE_OUTPUT_DIR/example/<run id>/"
ls -1 "$ENCORE_OUTPUT_DIR"/example/*/ 2>/dev/null | sed 's/^/  /'
echo "state database:                    $state/data/"
echo "daemon log:                        $state/encored.log"

stop_daemon
trap - EXIT
echo
echo "encored stopped cleanly."
