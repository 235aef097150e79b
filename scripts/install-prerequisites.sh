#!/usr/bin/env bash
# Installs what the tests and the demo need beyond the .NET 10 SDK, from Debian's own packages:
# prometheus and promtool (2.42 on Debian 12) and wrk. Does nothing when they are already there.
set -euo pipefail

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
if [[ "${1:-}" == "--with-load-tools" ]]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
echo "Installing from Debian: ${packages}"
"${sudo_cmd[@]}" apt-get update -qq
# --no-install-recommends keeps node-exporter and friends out; the tests start their own Prometheus.
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends ${packages} >/dev/null
promtool --version | head -n 1
