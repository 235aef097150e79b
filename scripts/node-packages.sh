#!/usr/bin/env bash
# Installs the exact Node packages (npm ci, from each package-lock.json) of:
#   tests/OtelKpi.Testing/PromQl/lezer  the Prometheus project's PromQL grammar, which the tests parse queries with
#   tools/dashboard-render              Apache ECharts, resvg and the DejaVu fonts, which draw the dashboard pictures
# Skips a directory whose node_modules already matches its lock file. Needs node and npm (Debian: nodejs, npm).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is missing; install Node.js (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
for dir in tests/OtelKpi.Testing/PromQl/lezer tools/dashboard-render; do
  # npm ci writes node_modules/.package-lock.json; equal to the lock file's packages means nothing to do.
  if [[ -f "$dir/node_modules/.package-lock.json" ]] && [[ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]]; then
    continue
  fi
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
done
