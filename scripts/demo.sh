#!/usr/bin/env bash
# The local OtelKpi stack, and a short scripted incident to watch, in one command:
#   - the sample service with its traffic generator on port 5080: as root in a cgroup (1 CPU, 512 MiB) and a
#     network namespace of its own joined to the machine by a veth pair (scripts/demo-sandbox.sh), at an address
#     of 10.199.252.0/22 the demo prints, so that its container series (CPU usage and throttling, memory, disk
#     I/O, network) exist as in a container; otherwise on http://127.0.0.1:5080, the demo saying why,
#   - a real Prometheus on http://127.0.0.1:9090 scraping it with the shipped deploy/prometheus/prometheus.yml,
#     every rules/*.yml loaded (alerts page: http://127.0.0.1:9090/alerts), sending alerts to
#   - Alertmanager on http://127.0.0.1:9093 with the shipped deploy/alertmanager/alertmanager.yml but a 1-minute
#     group_interval instead of 5 (so the resolved notification follows the resolution within a minute, inside
#     the incident's ten minutes), whose two webhook receivers (paging, ticket) point at
#   - a local receiver that prints every notification (and logs it for the view),
#   - the live terminal view of the Service KPI dashboard (its own queries): every KPI marked against its threshold
#     or objective, a 5-minute trend, pending and firing alerts, the error budget and the notifications.
# The incident (INCIDENT=1, the default) takes about ten minutes: healthy traffic, then a fifth of the requests
# failing, then slow responses, then recovery; alerts go pending, fire, notify and resolve. When the view stops
# (q, Ctrl-C, a closed terminal or SIGTERM) it draws the dashboard picture, and everything the demo started stops.
#
#   ./scripts/demo.sh                      the demo; p in the view draws the picture at any time
#   ./scripts/demo.sh --pictures DIR       play the whole incident, then draw both dashboards into DIR and stop
#                                          (how docs/images is made: ./scripts/demo.sh --pictures docs/images);
#                                          then check (scripts/demo-check.sh) that an alert went pending, fired,
#                                          was notified, resolved and was notified resolved within 10 minutes,
#                                          and exit 1 if none did
#
# Environment: SAMPLE_PORT (5080), PROMETHEUS_PORT (9090), ALERTMANAGER_PORT (9093), RECEIVER_PORT (9095),
# SCRAPE_INTERVAL in seconds (5; the shipped file says 15 s, the demo scrapes faster so that rates show within
# seconds), INCIDENT (1; 0 = steady traffic), DEMO_DIR (a new temporary directory; kept when given),
# KEEP_DEMO_DIR=1 keeps the temporary one, DEMO_BUILD=0 skips building (the tests have built it), DEMO_PICTURE (.tmp/demo/service-kpi.png) where the view draws the picture,
# SAMPLE_SANDBOX (1; 0 = no cgroup or namespace of its own for the sample, even as root). Extra arguments go to the view, e.g. --var job=otelkpi-sample.
set -euo pipefail
cd "$(dirname "$0")/.."

pictures_dir=""
if [[ "${1:-}" == "--pictures" ]]; then
  pictures_dir=${2:?"--pictures needs a directory"}
  shift 2
fi
sample_port=${SAMPLE_PORT:-5080}
prometheus_port=${PROMETHEUS_PORT:-9090}
alertmanager_port=${ALERTMANAGER_PORT:-9093}
receiver_port=${RECEIVER_PORT:-9095}
scrape_seconds=${SCRAPE_INTERVAL:-5}
scrape_seconds=${scrape_seconds%s}
incident=${INCIDENT:-1}
rate_interval="$((scrape_seconds * 4))s" # what Grafana's $__rate_interval is for this scrape interval

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { # host port path: true when GET answers 200
  (exec 3<>"/dev/tcp/$1/$2" && printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" >&3 && head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null
}
source scripts/demo-sandbox.sh
source scripts/demo-check.sh

scripts/install-prerequisites.sh
export PATH="$PWD/.tools/bin:$PATH" # where install-prerequisites.sh unpacks Prometheus and wrk without root
alertmanager=$(command -v prometheus-alertmanager || command -v alertmanager || true)
if [[ -z "$alertmanager" ]] || ! command -v amtool >/dev/null; then
  echo "error: Alertmanager is missing (Debian: apt-get install prometheus-alertmanager)" >&2
  exit 1
fi
scripts/node-packages.sh # the renderer of the dashboard picture
for port in "$sample_port" "$prometheus_port" "$alertmanager_port" "$receiver_port"; do
  if listening "$port"; then
    echo "error: 127.0.0.1:$port is already in use; set SAMPLE_PORT, PROMETHEUS_PORT, ALERTMANAGER_PORT or RECEIVER_PORT" >&2
    exit 1
  fi
done

if [[ "${DEMO_BUILD:-1}" == 1 ]]; then
  echo "Building the sample service and the KPI view..."
  dotnet build samples/OtelKpi.Sample --configuration Release -nologo -v quiet
  dotnet build tools/OtelKpi.KpiView --configuration Release -nologo -v quiet
fi

if [[ -n "${DEMO_DIR:-}" ]]; then
  workdir=$DEMO_DIR
  mkdir -p "$workdir"
else
  workdir=$(mktemp -d -t otelkpi-demo-XXXXXX)
fi
picture=${DEMO_PICTURE:-${pictures_dir:-.tmp/demo}/service-kpi.png}
mkdir -p "$(dirname "$picture")"
view_pid=""
services=() # started in sessions of their own (setsid): neither Ctrl-C nor a closed terminal reaches them
running() { [[ "$(ps -o stat= -p "$1" 2>/dev/null)" =~ ^[^Z] ]]; } # an exited child stays a zombie until waited for
stop_within() { # seconds pid: waits for a process told to stop, then kills it
  local deadline=$((SECONDS + $1))
  while running "$2" && ((SECONDS < deadline)); do sleep 0.2; done
  if running "$2"; then
    echo "warning: process $2 did not stop within $1 s; killing it" >&2
    kill -KILL "$2" 2>/dev/null
  fi
  wait "$2" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM HUP
  # After a hang-up the terminal is gone and every write to it fails: nothing here may stop the cleanup. The same
  # when the output goes through a pipe (`demo.sh | tee demo.log`): Ctrl-C stops the reader too, and the next echo
  # would end this script by SIGPIPE with every service still running, so a write may fail but never kill it.
  trap '' PIPE
  set +e
  echo
  # The view first: it draws the picture from Prometheus, which must still be running.
  if [[ -n "$view_pid" ]]; then
    kill -TERM "$view_pid" 2>/dev/null || true
    stop_within 30 "$view_pid" # drawing the picture takes seconds; a view that hangs must not keep the rest running
  fi
  echo "Stopping the incident script, the receiver, the sample service, Alertmanager and Prometheus..."
  # Explicitly and by SIGTERM: Prometheus and Alertmanager reload their configuration on SIGHUP instead of exiting.
  for pid in "${services[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${services[@]}"; do stop_within 20 "$pid"; done
  sandbox_remove # the sample's cgroups, network namespace and veth pair, once it has exited
  if [[ -n "${DEMO_DIR:-}" || "${KEEP_DEMO_DIR:-}" == 1 ]]; then echo "Logs and data kept in $workdir"; else rm -rf "$workdir"; fi
  [[ -f "$picture" ]] && echo "Dashboard picture: $picture"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The sample in a cgroup and network namespace of its own when the machine lets the demo make them, so that its
# container series (CPU usage and throttling, memory, disk I/O, network) exist as they would in a container.
sample_host=127.0.0.1
sample_launch=()
if [[ "${SAMPLE_SANDBOX:-1}" == 1 ]] && sandbox_create "$$" "$workdir"; then
  sample_host=$sandbox_address
  sandbox_command
  sample_launch=("${sandbox_wrapped[@]}")
  sandbox_note="The sample runs in $sandbox_describe."
else
  sandbox_remove
  [[ "${SAMPLE_SANDBOX:-1}" == 1 ]] || sandbox_reason="SAMPLE_SANDBOX=0"
  sandbox_note="The sample runs in the machine's root cgroup and network namespace ($sandbox_reason): the CPU Throttle, Disk I/O and Network panels stay empty (docs/metrics.md, \"Where resource series come from\")."
fi
sample_url="http://${sample_host}:${sample_port}"

# The shipped Prometheus configuration with the demo's ports and interval, sending alerts to the local
# Alertmanager. Its rule_files (rules/*.yml, relative to the file) are copies of this repository's rules whose
# groups drop their own interval (2m for the long windows and the SLO reports), so everything follows the demo's.
sed -e "s/127\.0\.0\.1:5080/${sample_host}:${sample_port}/" \
    -e "s/127\.0\.0\.1:9093/127.0.0.1:${alertmanager_port}/" \
    -e "s/^\(  scrape_interval:\) 15s/\1 ${scrape_seconds}s/" \
    -e "s/^\(  evaluation_interval:\) 15s/\1 ${scrape_seconds}s/" \
    -e "s/^\(  scrape_timeout:\) 10s/\1 ${scrape_seconds}s/" \
    deploy/prometheus/prometheus.yml > "$workdir/prometheus.yml"
grep -q "127.0.0.1:${alertmanager_port}" "$workdir/prometheus.yml" \
  || { echo "error: deploy/prometheus/prometheus.yml no longer names the Alertmanager at 127.0.0.1:9093" >&2; exit 1; }
mkdir -p "$workdir/rules"
for file in rules/*.yml; do
  sed -e '/^    interval: [0-9]*[smh]$/d' "$file" > "$workdir/rules/$(basename "$file")"
done
promtool check config "$workdir/prometheus.yml" > "$workdir/promtool.log" 2>&1 || { cat "$workdir/promtool.log" >&2; exit 1; }

# The shipped Alertmanager configuration, each receiver's webhook pointed at the local receiver under its name,
# and a group_interval of 1 minute instead of 5: the resolved notification waits for the group's next interval.
awk -v base="http://127.0.0.1:${receiver_port}" '
  /^  group_interval: 5m$/ { sub(/5m/, "1m"); shortened = 1 }
  END { if (!shortened) { print "error: deploy/alertmanager/alertmanager.yml no longer has group_interval: 5m" > "/dev/stderr"; exit 1 } }
  /^[[:space:]]*- name:/ { receiver = $3 }
  /^[[:space:]]*- url:/ { sub(/url:.*/, "url: " base "/" receiver) }
  { print }' deploy/alertmanager/alertmanager.yml > "$workdir/alertmanager.yml"
amtool check-config "$workdir/alertmanager.yml" > "$workdir/amtool.log" 2>&1 || { cat "$workdir/amtool.log" >&2; exit 1; }

view=(dotnet tools/OtelKpi.KpiView/bin/Release/net10.0/OtelKpi.KpiView.dll)
setsid "${view[@]}" --receive "http://127.0.0.1:${receiver_port}/" --notifications "$workdir/notifications.jsonl" \
  > "$workdir/receiver.log" 2>&1 &
services+=($!)
sample_dir=samples/OtelKpi.Sample/bin/Release/net10.0
# With the incident the service starts healthy (no errors, no slow requests); the incident adds both.
traffic=(Sample__Traffic__Enabled=true)
[[ "$incident" == 1 ]] && traffic+=(Sample__Traffic__ErrorRatio=0 Sample__Traffic__SlowRatio=0)
# Every placed order is written to its journal and synced to the disk: the sample's block I/O.
(cd "$sample_dir" && exec env "${traffic[@]}" setsid "${sample_launch[@]}" dotnet OtelKpi.Sample.dll --urls "$sample_url" \
  --Sample:OrderJournal:Path="$workdir/orders.jsonl") > "$workdir/sample.log" 2>&1 &
services+=($!)
setsid "$alertmanager" --config.file="$workdir/alertmanager.yml" --storage.path="$workdir/alertmanager" \
  --web.listen-address="127.0.0.1:${alertmanager_port}" --cluster.listen-address= > "$workdir/alertmanager.log" 2>&1 &
services+=($!)
setsid prometheus --config.file="$workdir/prometheus.yml" --storage.tsdb.path="$workdir/data" \
  --web.listen-address="127.0.0.1:${prometheus_port}" > "$workdir/prometheus.log" 2>&1 &
services+=($!)

wait_for() { # name host port path log pid
  for _ in $(seq 1 120); do
    http_ok "$2" "$3" "$4" && return 0
    if ! kill -0 "$6" 2>/dev/null; then
      echo "error: $1 stopped while starting; its log:" >&2
      cat "$5" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "error: $1 did not answer http://$2:$3$4 within 60 s; its log:" >&2
  cat "$5" >&2
  exit 1
}
wait_for "the sample service" "$sample_host" "$sample_port" /health "$workdir/sample.log" "${services[1]}"
wait_for "Alertmanager" 127.0.0.1 "$alertmanager_port" /-/ready "$workdir/alertmanager.log" "${services[2]}"
wait_for "Prometheus" 127.0.0.1 "$prometheus_port" /-/ready "$workdir/prometheus.log" "${services[3]}"

cat <<INFO

  Sample service  ${sample_url}            metrics: ${sample_url}/metrics
  Prometheus      http://127.0.0.1:${prometheus_port}            alerts:  http://127.0.0.1:${prometheus_port}/alerts
  Alertmanager    http://127.0.0.1:${alertmanager_port}            notifications: ${workdir}/receiver.log
  Grafana         import dashboards/service-kpi.json and dashboards/aspnetcore.json (docs/dashboards.md)

  ${sandbox_note}
  The first rates appear after two scrapes (${scrape_seconds} s apart). Ctrl-C stops everything.

INFO

if [[ "$incident" == 1 ]]; then
  incident_start=$(date +%s)
  setsid scripts/demo-incident.sh "$sample_url" "$workdir/phase.txt" > "$workdir/incident.log" 2>&1 &
  services=($! "${services[@]}")
else
  echo "Steady traffic, no incident (INCIDENT=0)" > "$workdir/phase.txt"
fi
sleep 3

view_args=(--prometheus "http://127.0.0.1:${prometheus_port}" --dashboard dashboards/service-kpi.json
  --rate-interval "$rate_interval" --refresh 5 --rows "Overview,Instances,Service level objectives"
  --notifications "$workdir/notifications.jsonl" --status-file "$workdir/phase.txt")
if [[ -n "$pictures_dir" ]]; then
  # Let the incident play to its end, then draw both dashboards over its whole length.
  while kill -0 "${services[0]}" 2>/dev/null; do sleep 5; done
  for dashboard in service-kpi aspnetcore; do
    "${view[@]}" "${view_args[@]}" --dashboard "dashboards/$dashboard.json" --picture "$pictures_dir/$dashboard.png" --picture-range 12m
  done
  # The pictures are only worth showing if the incident did what it promises.
  [[ "$incident" == 1 ]] || exit 0
  incident_check "$incident_start" 600 "$workdir/notifications.jsonl" "$prometheus_port"
  exit $?
fi
# The view in the background with the terminal as its input (keys), so that this script can react to signals
# while it runs; it stops on Ctrl-C, a closed terminal or SIGTERM like the script.
"${view[@]}" "${view_args[@]}" --picture "$picture" --picture-range 15m --watch-picture "$@" <&0 &
view_pid=$!
wait "$view_pid" || true
view_pid=""
