#!/usr/bin/env bash
# The local OtelKpi stack in one command:
#   - the sample service with its traffic generator (5 % errors, 2 % slow requests) on http://127.0.0.1:5080,
#   - a real Prometheus on http://127.0.0.1:9090 scraping it with the shipped deploy/prometheus/prometheus.yml
#     and every rules/*.yml loaded (alerts page: http://127.0.0.1:9090/alerts),
#   - a live terminal view of the Service KPIs, computed every 5 s by the queries of dashboards/service-kpi.json.
# Installs Prometheus from Debian when it is missing. Ctrl-C stops everything it started.
#
# Environment: SAMPLE_PORT (5080), PROMETHEUS_PORT (9090), SCRAPE_INTERVAL in seconds (5; the shipped file
# says 15 s, the demo scrapes faster so that rates show within seconds), KEEP_DEMO_DIR=1 keeps logs and data.
# Extra arguments go to the view, e.g. --var job=otelkpi-sample or --dashboard dashboards/aspnetcore.json.
set -euo pipefail
cd "$(dirname "$0")/.."

sample_port=${SAMPLE_PORT:-5080}
prometheus_port=${PROMETHEUS_PORT:-9090}
scrape_seconds=${SCRAPE_INTERVAL:-5}
scrape_seconds=${scrape_seconds%s}
rate_interval="$((scrape_seconds * 4))s" # what Grafana's $__rate_interval is for this scrape interval

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { # port path: true when GET answers 200
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3 && head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null
}

scripts/install-prerequisites.sh
export PATH="$PWD/.tools/bin:$PATH" # where install-prerequisites.sh unpacks Prometheus and wrk without root
for port in "$sample_port" "$prometheus_port"; do
  if listening "$port"; then
    echo "error: 127.0.0.1:$port is already in use; set SAMPLE_PORT or PROMETHEUS_PORT" >&2
    exit 1
  fi
done

echo "Building the sample service and the KPI view..."
dotnet build samples/OtelKpi.Sample --configuration Release -nologo -v quiet
dotnet build tools/OtelKpi.KpiView --configuration Release -nologo -v quiet

workdir=$(mktemp -d -t otelkpi-demo-XXXXXX)
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "Stopping the sample service and Prometheus..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${KEEP_DEMO_DIR:-}" == 1 ]]; then echo "Logs and data kept in $workdir"; else rm -rf "$workdir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The shipped configuration with the demo's ports and interval; its rule_files (rules/*.yml, relative to the
# file) resolve to this repository's rules through a link.
sed -e "s/127\.0\.0\.1:5080/127.0.0.1:${sample_port}/" \
    -e "s/^\(  scrape_interval:\) 15s/\1 ${scrape_seconds}s/" \
    -e "s/^\(  evaluation_interval:\) 15s/\1 ${scrape_seconds}s/" \
    -e "s/^\(  scrape_timeout:\) 10s/\1 ${scrape_seconds}s/" \
    deploy/prometheus/prometheus.yml > "$workdir/prometheus.yml"
ln -s "$PWD/rules" "$workdir/rules"
promtool check config "$workdir/prometheus.yml" > "$workdir/promtool.log" 2>&1 || { cat "$workdir/promtool.log" >&2; exit 1; }

sample_dir=samples/OtelKpi.Sample/bin/Release/net10.0
(cd "$sample_dir" && Sample__Traffic__Enabled=true exec dotnet OtelKpi.Sample.dll --urls "http://127.0.0.1:${sample_port}") \
  > "$workdir/sample.log" 2>&1 &
pids+=($!)
prometheus --config.file="$workdir/prometheus.yml" --storage.tsdb.path="$workdir/data" \
  --web.listen-address="127.0.0.1:${prometheus_port}" > "$workdir/prometheus.log" 2>&1 &
pids+=($!)

wait_for() { # name port path log pid
  for _ in $(seq 1 120); do
    http_ok "$2" "$3" && return 0
    if ! kill -0 "$5" 2>/dev/null; then
      echo "error: $1 stopped while starting; its log:" >&2
      cat "$4" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "error: $1 did not answer http://127.0.0.1:$2$3 within 60 s; its log:" >&2
  cat "$4" >&2
  exit 1
}
wait_for "the sample service" "$sample_port" /health "$workdir/sample.log" "${pids[0]}"
wait_for "Prometheus" "$prometheus_port" /-/ready "$workdir/prometheus.log" "${pids[1]}"

cat <<INFO

  Sample service  http://127.0.0.1:${sample_port}            metrics: http://127.0.0.1:${sample_port}/metrics
  Prometheus      http://127.0.0.1:${prometheus_port}            alerts:  http://127.0.0.1:${prometheus_port}/alerts
  Grafana         import dashboards/service-kpi.json and dashboards/aspnetcore.json (docs/dashboards.md)

  The first rates appear after two scrapes (${scrape_seconds} s apart). Ctrl-C stops everything.

INFO
sleep 3

dotnet tools/OtelKpi.KpiView/bin/Release/net10.0/OtelKpi.KpiView.dll \
  --prometheus "http://127.0.0.1:${prometheus_port}" \
  --dashboard dashboards/service-kpi.json \
  --rate-interval "$rate_interval" \
  --refresh 5 \
  "$@"
