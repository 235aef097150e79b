#!/usr/bin/env bash
# Installs what the tests, the demo and the benchmarks need beyond the .NET 10 SDK, from Debian's own packages:
# prometheus and promtool (2.42 on Debian 12), prometheus-alertmanager and amtool (0.25), victoria-metrics and
# vmalert (1.79), clang and zlib1g-dev (Native AOT publishing), iproute2 (the network-namespace tests), tmux and
# Node.js (the demo's tests and the dashboard pictures) and, for the load test, wrk. Does nothing when they are already there.
#
#   scripts/install-prerequisites.sh                     Prometheus, Alertmanager, VictoriaMetrics and the AOT tool chain
#   scripts/install-prerequisites.sh --with-load-tools   and wrk
#   scripts/install-prerequisites.sh --load-tools-only   wrk alone (bench/load/run.sh)
#
# As root, or with sudo, it runs apt-get install. Prometheus is a tool here, not a service: when this script
# installs the package on a host whose init system starts the package's service (on 0.0.0.0:9090, without
# authentication), it stops and disables that service again; the tests and the demo start their own on loopback.
# A Prometheus that was installed before is never touched.
#
# Without root and without sudo it unpacks the same Debian packages into .tools/ of this repository (apt-get
# download and dpkg-deb -x, as the calling user; nothing outside .tools/ changes) and puts the programs in
# .tools/bin. Callers then put that folder first on the PATH:
#
#   export PATH="$repo/.tools/bin:$PATH"
#
# (the test helpers in tests/OtelKpi.Testing also look there).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"

want_prometheus=true
want_wrk=false
case "${1:-}" in
  "") ;;
  --with-load-tools) want_wrk=true ;;
  --load-tools-only) want_prometheus=false; want_wrk=true ;;
  *) echo "usage: $0 [--with-load-tools | --load-tools-only]" >&2; exit 2 ;;
esac

have() { command -v "$1" >/dev/null 2>&1 || [[ -x "$tools/bin/$1" ]]; }
installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }

# Native AOT publishing (the publish-mode tests in tests/OtelKpi.Tests) links with clang against zlib: Debian's
# clang and zlib1g-dev. The kernel ground-truth tests make network namespaces and veth pairs with iproute2's ip.
# The demo's tests drive it in a tmux session; the dashboard pictures and the PromQL parser of the tests run on
# Node.js (Debian's nodejs and npm, unless a Node.js is already on the PATH).
# Their own step, installed whenever the test prerequisites are asked for; without root or sudo it can only say
# what is missing (those tests then fail naming the tool).
install_native_aot_toolchain() {
  local missing=() sudo=()
  command -v clang >/dev/null 2>&1 || missing+=(clang)
  installed zlib1g-dev || missing+=(zlib1g-dev)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && { [[ -t 0 ]] || sudo -n true 2>/dev/null; }; then
      sudo=(sudo)
    else
      echo "warning: Native AOT publishing, the kernel tests and the demo's tests need ${missing[*]}; install them as root: apt-get install --no-install-recommends ${missing[*]}" >&2
      return 0
    fi
  fi
  echo "Installing from Debian for Native AOT publishing, the kernel tests and the demo's tests: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  clang --version | head -n 1
}
if $want_prometheus; then install_native_aot_toolchain; fi

packages=()
if $want_prometheus && ! { have prometheus && have promtool; }; then packages+=(prometheus); fi
if $want_wrk && ! have wrk; then packages+=(wrk); fi

# Alerting: Alertmanager (the rules' delivery tests) and VictoriaMetrics with vmalert (their portability tests),
# wanted wherever Prometheus is. Like Prometheus, they are tools here: a service their package starts is stopped.
alerting_packages=()
if $want_prometheus && ! { have prometheus-alertmanager && have amtool; }; then alerting_packages+=(prometheus-alertmanager); fi
if $want_prometheus && ! { have victoria-metrics && have vmalert; }; then alerting_packages+=(victoria-metrics); fi
packages+=("${alerting_packages[@]}")
alerting_installed_before=()
for package in "${alerting_packages[@]}"; do
  if installed "$package"; then alerting_installed_before+=("$package"); fi
done
if ((${#packages[@]} == 0)); then
  exit 0
fi

# The package's service: stopped and disabled right after this script installed the package.
disable_prometheus_service() {
  if [[ -d /run/systemd/system ]]; then
    echo "Stopping and disabling the prometheus service that the package started (an open Prometheus on port 9090;"
    echo "the tests and the demo run their own on 127.0.0.1). To run it as a service: systemctl enable --now prometheus"
    "${sudo_cmd[@]}" systemctl --quiet disable --now prometheus \
      || echo "warning: could not stop the prometheus service; stop it yourself: systemctl disable --now prometheus" >&2
  elif [[ -x /etc/init.d/prometheus ]]; then
    # No systemd: the package's SysV script may have started it (unless a policy-rc.d forbade it).
    "${sudo_cmd[@]}" update-rc.d prometheus disable >/dev/null 2>&1 || true
    if "${sudo_cmd[@]}" /etc/init.d/prometheus status >/dev/null 2>&1; then
      echo "Stopping the prometheus service that the package started (the tests and the demo run their own on 127.0.0.1)"
      "${sudo_cmd[@]}" /etc/init.d/prometheus stop >/dev/null \
        || echo "warning: could not stop the prometheus service; stop it yourself: /etc/init.d/prometheus stop" >&2
    fi
  fi
}

# The services of the alerting packages this script installed (Alertmanager listens on 0.0.0.0:9093 and its
# cluster port 9094, VictoriaMetrics on 0.0.0.0:8428, without authentication): stopped and disabled again. A
# package that was installed before is never touched.
disable_alerting_services() {
  local package service
  for package in "${alerting_packages[@]}"; do
    [[ " ${alerting_installed_before[*]} " == *" $package "* ]] && continue
    service=$package
    if [[ -d /run/systemd/system ]]; then
      "${sudo_cmd[@]}" systemctl --quiet disable --now "$service" 2>/dev/null \
        || echo "warning: could not stop the $service service; stop it yourself: systemctl disable --now $service" >&2
    elif [[ -x /etc/init.d/$service ]]; then
      "${sudo_cmd[@]}" update-rc.d "$service" disable >/dev/null 2>&1 || true
      "${sudo_cmd[@]}" "/etc/init.d/$service" stop >/dev/null 2>&1 || true
    fi
  done
}

install_system() {
  local prometheus_was_installed=false
  if installed prometheus; then prometheus_was_installed=true; fi

  echo "Installing from Debian: ${packages[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  # --no-install-recommends keeps node-exporter and friends out.
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

  if [[ " ${packages[*]} " == *" prometheus "* ]] && ! $prometheus_was_installed; then
    disable_prometheus_service
  fi
  if [[ " ${packages[*]} " == *" prometheus "* ]]; then promtool --version | head -n 1; fi
  if ((${#alerting_packages[@]} > 0)); then disable_alerting_services; fi
  if [[ " ${packages[*]} " == *" wrk "* ]]; then command -v wrk; fi
}

# The Debian packages a program needs, unpacked into .tools/<program>/: prometheus and promtool are static
# Go programs; wrk needs LuaJIT (and OpenSSL 3, which nearly every Debian has).
install_local() {
  local downloads="$tools/downloads" log="$tools/download.log" debs=() package lib
  mkdir -p "$tools/bin"
  [[ -f "$tools/.gitignore" ]] || echo '*' >"$tools/.gitignore" # nothing in .tools/ belongs in git
  for package in "${packages[@]}"; do
    debs+=("$package")
    if [[ "$package" == wrk ]]; then
      installed libluajit-5.1-2 || installed libluajit2-5.1-2 || debs+=(libluajit-5.1-2)
      installed libssl3 || debs+=(libssl3)
    fi
  done

  echo "No root and no sudo: unpacking Debian's ${debs[*]} into $tools (nothing is installed system-wide)"
  rm -rf "$downloads"
  mkdir -p "$downloads"
  if ! (cd "$downloads" && apt-get download "${debs[@]}") >"$log" 2>&1; then
    # This machine's package lists are missing or out of date, and only root can refresh them: fetch private ones.
    local apt_options=(-o "Dir::State::Lists=$tools/apt/lists" -o "Dir::Cache=$tools/apt/cache" -o Debug::NoLocking=1)
    mkdir -p "$tools/apt/lists/partial" "$tools/apt/cache/archives/partial"
    if ! { apt-get "${apt_options[@]}" update && (cd "$downloads" && apt-get "${apt_options[@]}" download "${debs[@]}"); } >>"$log" 2>&1; then
      cat "$log" >&2
      echo "error: could not download ${debs[*]} from Debian without root. Install them as root:" >&2
      echo "  apt-get install --no-install-recommends ${packages[*]}" >&2
      echo "or put prometheus and promtool 2.42, prometheus-alertmanager and amtool 0.25, victoria-metrics and vmalert 1.79 (and wrk) on the PATH." >&2
      exit 1
    fi
  fi

  for package in "${packages[@]}"; do
    rm -rf "${tools:?}/$package"
    mkdir -p "$tools/$package"
    dpkg-deb -x "$downloads/${package}_"*.deb "$tools/$package"
    case "$package" in
      prometheus)
        ln -sfn "$tools/prometheus/usr/bin/prometheus" "$tools/bin/prometheus"
        ln -sfn "$tools/prometheus/usr/bin/promtool" "$tools/bin/promtool"
        "$tools/bin/promtool" --version | head -n 1
        ;;
      prometheus-alertmanager)
        ln -sfn "$tools/prometheus-alertmanager/usr/bin/prometheus-alertmanager" "$tools/bin/prometheus-alertmanager"
        ln -sfn "$tools/prometheus-alertmanager/usr/bin/amtool" "$tools/bin/amtool"
        "$tools/bin/amtool" --version 2>&1 | head -n 1
        ;;
      victoria-metrics)
        ln -sfn "$tools/victoria-metrics/usr/bin/victoria-metrics" "$tools/bin/victoria-metrics"
        ln -sfn "$tools/victoria-metrics/usr/bin/vmalert" "$tools/bin/vmalert"
        "$tools/bin/vmalert" -help >/dev/null 2>&1 && echo "$tools/bin/vmalert"
        ;;
      wrk)
        for lib in "${debs[@]}"; do
          [[ "$lib" == wrk ]] || dpkg-deb -x "$downloads/${lib}_"*.deb "$tools/wrk"
        done
        local library_dir
        {
          echo '#!/bin/sh'
          for library_dir in "$tools"/wrk/usr/lib/*-linux-gnu*; do # the unpacked libraries, when there are any
            [[ -d "$library_dir" ]] && printf 'LD_LIBRARY_PATH="%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; export LD_LIBRARY_PATH\n' "$library_dir"
          done
          printf 'exec "%s" "$@"\n' "$tools/wrk/usr/bin/wrk"
        } >"$tools/bin/wrk"
        chmod +x "$tools/bin/wrk"
        local version
        version=$("$tools/bin/wrk" --version 2>&1 || true) # prints its version and usage, exits 1
        [[ "$version" == "wrk "* ]] || { echo "$version" >&2; echo "error: the unpacked wrk does not run" >&2; exit 1; }
        echo "${version%%$'\n'*}"
        ;;
    esac
  done
  rm -rf "$downloads"
  echo "Installed into $tools/bin; put it on the PATH: export PATH=\"$tools/bin:\$PATH\""
}

sudo_cmd=()
if [[ $(id -u) -eq 0 ]]; then
  install_system
elif command -v sudo >/dev/null 2>&1 && { [[ -t 0 ]] || sudo -n true 2>/dev/null; }; then
  sudo_cmd=(sudo)
  install_system
else
  install_local
fi
