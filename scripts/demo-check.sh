# Sourced by scripts/demo.sh: the check that the scripted incident did what the demo promises, from what really
# happened: Prometheus' own ALERTS series (when each alert went pending, fired and stopped firing) and the
# notifications the local receiver logged (what Alertmanager sent, and when).
#
#   incident_check START LIMIT NOTIFICATIONS PROMETHEUS_PORT
#
# Prints, for every alert that was notified, when it went pending, fired, was notified, resolved and was notified
# resolved, in m:ss since START (epoch seconds); returns 1, loudly, unless at least one alert did all five within
# LIMIT seconds of START. Safe under set -euo pipefail (demo.sh runs it so): nothing found is not an error here.

incident_clock() { local s=$(($1 - $2)); printf '%d:%02d' $((s / 60)) $((s % 60)); }

incident_urlencode() {
  local text=$1 i c out=""
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case "$c" in [a-zA-Z0-9.~_-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}

# The value of an instant query that returns one sample (whole seconds), or nothing.
incident_query() { # port promql
  local body
  body=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" \
    && printf 'GET /api/v1/query?query=%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$(incident_urlencode "$2")" >&3 \
    && cat <&3) 2>/dev/null) || return 0
  sed -n 's/.*"value":\[[0-9.]*,"\([0-9]*\)[0-9.]*"\].*/\1/p' <<<"$body" | head -n 1 || true
}

# When the first notification of alert $2 with status $3 (firing, resolved) arrived, in epoch seconds, or nothing.
incident_notified() { # notifications alertname status
  local at
  at=$(grep -F "\"$2 (" "$1" 2>/dev/null | grep -F ") $3\"" | head -n 1 | sed -n 's/.*"at":"\([^"]*\)".*/\1/p' | sed 's/\\u002B/+/g') || true
  if [[ -n "$at" ]]; then date -d "$at" +%s || true; fi
}

incident_check() { # start limit notifications prometheus_port
  local start=$1 limit=$2 log=$3 port=$4 now span name pending firing notified resolved notified_resolved passed=""
  now=$(date +%s)
  span="$((now - start + 60))s"
  echo
  echo "Incident check (times since the incident's start; pass: an alert pending, firing, notified, resolved and notified resolved within $(incident_clock "$limit" 0)):"
  local names
  names=$(grep -o '"[A-Za-z0-9]* ([^)]*) firing"' "$log" 2>/dev/null | sed 's/^"\([A-Za-z0-9]*\) .*/\1/' | sort -u) || true
  for name in $names; do
    pending=$(incident_query "$port" "min(min_over_time(timestamp(ALERTS{alertname=\"$name\",alertstate=\"pending\"})[$span:1s]))")
    firing=$(incident_query "$port" "min(min_over_time(timestamp(ALERTS{alertname=\"$name\",alertstate=\"firing\"})[$span:1s]))")
    # The last evaluation that found it firing; it resolved at the next one.
    resolved=""
    if [[ -z "$(incident_query "$port" "count(ALERTS{alertname=\"$name\",alertstate=\"firing\"})")" ]]; then
      resolved=$(incident_query "$port" "max(max_over_time(timestamp(ALERTS{alertname=\"$name\",alertstate=\"firing\"})[$span:1s]))")
    fi
    notified=$(incident_notified "$log" "$name" firing)
    notified_resolved=$(incident_notified "$log" "$name" resolved)
    local line="  $name:" ok=1 what value
    for what in pending firing notified resolved notified_resolved; do
      value=${!what}
      if [[ -n "$value" ]] && ((value >= start - 60 && value - start <= limit)); then
        line+=" ${what/_/ } $(incident_clock "$value" "$start"),"
      elif [[ -n "$value" ]]; then
        line+=" ${what/_/ } $(incident_clock "$value" "$start") (too late),"
        ok=0
      else
        line+=" never ${what/_/ },"
        ok=0
      fi
    done
    echo "${line%,}"
    ((ok)) && passed+=" $name"
  done
  if [[ -z "$passed" ]]; then
    echo "error: no alert went pending, fired, was notified, resolved and was notified resolved within $(incident_clock "$limit" 0) of the incident's start (notifications: $log)" >&2
    return 1
  fi
  echo "  passed:$passed"
}
