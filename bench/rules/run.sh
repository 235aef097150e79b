#!/usr/bin/env bash
# Measures how long a real Prometheus 2.42 takes to evaluate the whole OtelKpi rule set for a large fleet.
# Not part of the test suite. Needs python3 (standard library only); installs Prometheus when missing.
#
#   bench/rules/run.sh                          # 200 jobs x 20 routes x 3 instances, defaults below
#   JOBS=20 WARMUP_MINUTES=6 bench/rules/run.sh # a smaller, quicker run
#
# What it does:
#   1. Backfills 3 days of the recorded series the long windows and the anomaly bands read (history.py,
#      promtool tsdb create-blocks-from openmetrics), so that avg_over_time(...[3d]) and [26h] read what
#      they read in a Prometheus that has run the rules for days.
#   2. Serves the fleet as live scrape targets (targets.py: one target per instance, the families and
#      labels of docs/metrics.md, histograms for every route and status) and starts Prometheus on
#      loopback with rules/*.yml, scraping every SCRAPE_INTERVAL and evaluating every EVAL_INTERVAL.
#   3. Waits WARMUP_MINUTES (the 5m rates need 5 minutes of scrapes), then samples every group's and
#      rule's evaluation time from /api/v1/rules for MEASURE_MINUTES and prints a Markdown report.
set -euo pipefail

JOBS=${JOBS:-200}
ROUTES=${ROUTES:-20}
INSTANCES=${INSTANCES:-3}
SCRAPE_INTERVAL=${SCRAPE_INTERVAL:-15s}
EVAL_INTERVAL=${EVAL_INTERVAL:-30s}
WARMUP_MINUTES=${WARMUP_MINUTES:-8}
MEASURE_MINUTES=${MEASURE_MINUTES:-10}
PROM_PORT=${PROM_PORT:-19390}
TARGET_PORT=${TARGET_PORT:-19391}
WORK=${WORK:-$(mktemp -d /tmp/otelkpi-rule-bench.XXXXXX)}

here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../scripts/install-prerequisites.sh"
export PATH="$here/../../.tools/bin:$PATH" # where install-prerequisites.sh unpacks Prometheus without root
repo="$(cd "$here/../.." && pwd)"
eval_seconds=${EVAL_INTERVAL%s}

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "work directory: $WORK"
mkdir -p "$WORK/data"

start=$(date +%s)
echo "[1/3] backfilling history of the recorded series up to $(date -u -d "@$start" +%FT%TZ)"
python3 "$here/history.py" --jobs "$JOBS" --routes "$ROUTES" --instances "$INSTANCES" --step "$eval_seconds" --end "$start" > "$WORK/history.om"
ls -l "$WORK/history.om" | awk '{print "  history:", $5, "bytes"}'
promtool tsdb create-blocks-from openmetrics --max-block-duration=96h "$WORK/history.om" "$WORK/data" > "$WORK/backfill.log"
rm "$WORK/history.om"

echo "[2/3] starting $((JOBS * INSTANCES)) targets and Prometheus"
python3 "$here/targets.py" --port "$TARGET_PORT" --jobs "$JOBS" --routes "$ROUTES" --instances "$INSTANCES" --sd-file "$WORK/targets.json" > "$WORK/targets.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [[ -s "$WORK/targets.json" ]] && grep -q targets "$WORK/targets.log" && break; sleep 0.2; done
cat "$WORK/targets.log"

cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: $SCRAPE_INTERVAL
  evaluation_interval: $EVAL_INTERVAL
rule_files:
  - $repo/rules/*.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROM_PORT']
  - job_name: fleet
    file_sd_configs:
      - files: ['$WORK/targets.json']
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --storage.tsdb.retention.time=30d --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn \
  > "$WORK/prometheus.log" 2>&1 &
pids+=($!)
ready() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$PROM_PORT/-/ready" 2>/dev/null; }
for _ in $(seq 1 300); do ready && break; sleep 1; done

echo "[3/3] warming up for $WARMUP_MINUTES minutes, then measuring for $MEASURE_MINUTES minutes"
sleep $((WARMUP_MINUTES * 60))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/measure.py" --url "http://127.0.0.1:$PROM_PORT" --minutes "$MEASURE_MINUTES" --interval "$eval_seconds" --out "$WORK/results.json" | tee "$WORK/report.md"

echo
echo "fleet: $JOBS jobs x $ROUTES routes x $INSTANCES instances; scrape $SCRAPE_INTERVAL, evaluation $EVAL_INTERVAL"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB; $(prometheus --version 2>&1 | head -n 1)"
echo "load average (1, 5, 15 min) before measuring: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $WORK/results.json, report: $WORK/report.md"
