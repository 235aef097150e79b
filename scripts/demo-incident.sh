#!/usr/bin/env bash
# The demo's scripted incident (scripts/demo.sh starts it): real HTTP requests added to the sample's own healthy
# traffic, so every KPI, rule and alert sees what a real incident looks like.
#
#   scripts/demo-incident.sh <sample base URL> <phase file>
#
#   0:00  healthy: the sample's generator alone, no errors, no slow requests
#   1:00  errors: 5 extra requests per second to /api/fail (unhandled exceptions), a fifth of all requests;
#         ErrorBuildup (99.9 % availability SLO, 14.4x burn over 1h and 5m) goes pending (measured 1:37 and 1:44:
#         the new error series need two scrapes and the recording rules their evaluations), fires after its
#         2 minutes (3:37, 3:44), and Alertmanager pages after its 30 s group_wait (4:08, 4:14)
#   3:00  slow responses instead: 6 extra requests per second to /api/reports (0.6 to 1.2 s), a quarter of all
#         requests, P99 far above 0.5 s; the latency SLO's budget burns
#   5:30  recovery; ErrorBuildup resolves when its 5-minute window has few errors left (7:27, 7:34) and
#         Alertmanager sends the resolved notification at the group's next interval: 8:14 with the demo's
#         1-minute group_interval (9:07 with the shipped 5 minutes)
#  10:00  the script ends (the demo's view goes on)
# The phase file says, for the view, where the incident is. Stops (with its requests) on SIGTERM.
set -euo pipefail

base=${1:?sample base URL, such as http://127.0.0.1:5080}
phase_file=${2:?phase file}
hostport=${base#http://}
host=${hostport%%:*}
port=${hostport##*:}
start=$(date +%s)
loader=""

clock() { local s=$(( $(date +%s) - start )); printf '%d:%02d' $((s / 60)) $((s % 60)); }
phase() { # text
  printf 'Incident %s  %s\n' "$(clock)" "$1" | tee -a /dev/stderr > "$phase_file.tmp"
  mv "$phase_file.tmp" "$phase_file"
}
at() { # m:ss  waits until that time since the start
  local target=$(( ${1%%:*} * 60 + 10#${1##*:} ))
  while (( $(date +%s) - start < target )); do sleep 1; done
}
# Sends GET <path> <per second> times a second, each request on its own so that slow answers never hold the pace.
load() {
  local path=$1 interval
  interval=$(awk -v r="$2" 'BEGIN { printf "%.3f", 1 / r }')
  while true; do
    ( exec 3<>"/dev/tcp/$host/$port" && printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3 && cat <&3 > /dev/null ) 2>/dev/null &
    sleep "$interval"
  done
}
stop_load() {
  if [[ -n "$loader" ]]; then
    kill "$loader" 2>/dev/null || true
    wait "$loader" 2>/dev/null || true
    loader=""
  fi
}
trap 'stop_load; exit 0' TERM INT

phase "1/4 healthy: the sample's own traffic, no errors, no slow requests. Next: errors at 1:00"
at 1:00
load /api/fail 5 &
loader=$!
phase "2/4 ERRORS: +5 req/s to /api/fail, a fifth of all requests fail. Watch ErrorBuildup go pending (~1:40), fire (~3:40) and page (~4:10). Next: slow responses at 3:00"
at 3:00
stop_load
load /api/reports/daily-sales 6 &
loader=$!
phase "3/4 SLOW: +6 req/s to /api/reports (0.6-1.2 s), P99 far above 0.5 s; errors stopped. Next: recovery at 5:30"
at 5:30
stop_load
phase "4/4 recovery: the sample's own traffic only. ErrorBuildup resolves (~7:30) and Alertmanager sends the resolved notification at its next group interval (~8:15)"
at 10:00
phase "Incident over (10:00): everything resolved. q or Ctrl-C stops the demo"
