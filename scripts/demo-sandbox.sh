# Sourced by scripts/demo.sh: puts the demo's sample in a cgroup and a network namespace of its own, as a container
# runtime would, so that OtelKpi exports the series it exports only for a process's own group and namespace
# (CPU usage and throttling, memory working set, disk I/O, network; docs/metrics.md, "Where resource series come
# from"). Needs root, iproute2 and nsenter; cgroup v1 (cpu, cpuacct, memory and blkio hierarchies) or v2.
#
#   sandbox_create ID DIR   creates everything, or returns 1 with sandbox_reason saying why not; DIR is where the
#                           sample writes (its block device gets the I/O limit)
#   sandbox_command CMD...  prints nothing; sets sandbox_wrapped to CMD joined to the groups, in the namespace
#   sandbox_remove          removes what sandbox_create made (the sample must have exited)
#
# The sample gets 1 CPU (a CFS quota of 100 ms per 100 ms period), 512 MiB of memory, and read and write limits
# of 1 GiB/s on the disk it writes to: far above what it does, but on cgroup v1 the kernel (seen on 6.18) counts a
# group's block I/O in blkio.throttle.io_service_bytes only on devices that have a throttle rule.
# The namespace is joined to the machine's by a veth pair on a /30 of 10.199.252.0/22 (the tests use lower parts
# of 10.199.0.0/16): the sample listens on sandbox_address, Prometheus and the incident reach it over the pair.

sandbox_reason=""
sandbox_groups=()   # created cgroup directories, removed in reverse order
sandbox_netns=""
sandbox_veth=""     # the machine's end; deleting it deletes the pair
sandbox_address=""  # the sample's address inside the namespace
sandbox_describe="" # one line for the demo's start-up text
sandbox_wrapped=()

sandbox_cpu_quota_us=100000
sandbox_memory_bytes=$((512 * 1024 * 1024))
sandbox_io_bytes_per_second=$((1024 * 1024 * 1024))

# The mount point of the v1 hierarchy holding controller $1, from this process's mount table.
sandbox_v1_mount() {
  awk -v c="$1" '{ for (i = 1; i <= NF; i++) if ($i == "-") break
                   if ($(i + 1) != "cgroup") next
                   n = split($(i + 3), o, ","); for (j = 1; j <= n; j++) if (o[j] == c) { print $5; exit } }' /proc/self/mountinfo
}
sandbox_v2_mount() { awk '{ for (i = 1; i <= NF; i++) if ($i == "-") break; if ($(i + 1) == "cgroup2") { print $5; exit } }' /proc/self/mountinfo; }
# This process's group in the v1 hierarchy of controller $1 (/ at the root).
sandbox_v1_own() { awk -F: -v c="$1" '{ n = split($2, o, ","); for (j = 1; j <= n; j++) if (o[j] == c) { print $3; exit } }' /proc/self/cgroup; }

# The whole disk (major:minor) under directory $1, or nothing when it is not on a block device (tmpfs, overlay).
sandbox_disk_of() {
  local device
  device=$(findmnt -n -o MAJ:MIN -T "$1" 2>/dev/null | tr -d ' ') || return 0
  [[ -e "/sys/dev/block/$device" ]] || return 0
  if [[ -e "/sys/dev/block/$device/partition" ]]; then cat "/sys/dev/block/$device/../dev"; else echo "$device"; fi
}

sandbox_cgroup_v1() { # id dir
  local controller mount dir disk
  local -A group
  for controller in cpu cpuacct memory blkio; do
    mount=$(sandbox_v1_mount "$controller")
    [[ -n "$mount" ]] || { sandbox_reason="no cgroup v1 hierarchy has the $controller controller"; return 1; }
    dir=$(sandbox_v1_own "$controller")
    dir="$mount${dir%/}/otelkpi-demo-$1"
    group[$controller]=$dir
    [[ " ${sandbox_groups[*]} " == *" $dir "* ]] && continue # cpu and cpuacct mounted together share a group
    mkdir "$dir" 2>/dev/null || { sandbox_reason="cannot create the cgroup $dir"; return 1; }
    sandbox_groups+=("$dir")
  done
  { echo 100000 > "${group[cpu]}/cpu.cfs_period_us" && echo "$sandbox_cpu_quota_us" > "${group[cpu]}/cpu.cfs_quota_us" \
      && echo "$sandbox_memory_bytes" > "${group[memory]}/memory.limit_in_bytes"; } 2>/dev/null \
    || { sandbox_reason="the kernel refused the CPU quota or the memory limit"; return 1; }
  disk=$(sandbox_disk_of "$2")
  if [[ -n "$disk" ]]; then
    { echo "$disk $sandbox_io_bytes_per_second" > "${group[blkio]}/blkio.throttle.read_bps_device" \
        && echo "$disk $sandbox_io_bytes_per_second" > "${group[blkio]}/blkio.throttle.write_bps_device"; } 2>/dev/null \
      || echo "warning: no I/O limit on disk $disk: the Disk I/O panel may stay at zero" >&2
  else
    echo "warning: $2 is not on a block device: the Disk I/O panel will stay at zero" >&2
  fi
  sandbox_describe="cgroup v1 otelkpi-demo-$1 (1 CPU, 512 MiB)"
}

sandbox_cgroup_v2() { # id dir
  local mount dir controller
  mount=$(sandbox_v2_mount)
  for controller in cpu memory io; do
    grep -qw "$controller" "$mount/cgroup.controllers" 2>/dev/null \
      || { sandbox_reason="the cgroup v2 hierarchy has no $controller controller"; return 1; }
  done
  # Below the hierarchy's root, which may enable controllers for its children while it has processes itself.
  echo "+cpu +memory +io" > "$mount/cgroup.subtree_control" 2>/dev/null \
    || { sandbox_reason="cannot enable the cpu, memory and io controllers in $mount"; return 1; }
  dir="$mount/otelkpi-demo-$1"
  mkdir "$dir" 2>/dev/null || { sandbox_reason="cannot create the cgroup $dir"; return 1; }
  sandbox_groups+=("$dir")
  { echo "$sandbox_cpu_quota_us 100000" > "$dir/cpu.max" && echo "$sandbox_memory_bytes" > "$dir/memory.max"; } 2>/dev/null \
    || { sandbox_reason="the kernel refused the CPU quota or the memory limit"; return 1; }
  sandbox_describe="cgroup v2 otelkpi-demo-$1 (1 CPU, 512 MiB)"
}

sandbox_network() { # id
  local n o3 o4 attempt inside="otkd$1i"
  for attempt in 1 2 3 4 5 6 7 8; do
    n=$((RANDOM % 256))
    o3=$((252 + n / 64))
    o4=$(((n % 64) * 4))
    ip -o -4 addr show | grep -q " 10\.199\.$o3\.$((o4 + 1))/" || break
    [[ $attempt == 8 ]] && { sandbox_reason="no free /30 left in 10.199.252.0/22"; return 1; }
  done
  ip netns add "otelkpi-demo-$1" 2>/dev/null || { sandbox_reason="ip netns add failed"; return 1; }
  sandbox_netns="otelkpi-demo-$1"
  ip link add "otkd$1o" type veth peer name "$inside" 2>/dev/null || { sandbox_reason="ip link add (veth) failed"; return 1; }
  sandbox_veth="otkd$1o"
  { ip link set "$inside" netns "$sandbox_netns" \
      && ip addr add "10.199.$o3.$((o4 + 1))/30" dev "$sandbox_veth" \
      && ip link set "$sandbox_veth" up \
      && ip -n "$sandbox_netns" addr add "10.199.$o3.$((o4 + 2))/30" dev "$inside" \
      && ip -n "$sandbox_netns" link set "$inside" up \
      && ip -n "$sandbox_netns" link set lo up; } 2>/dev/null \
    || { sandbox_reason="configuring the veth pair failed"; return 1; }
  sandbox_address="10.199.$o3.$((o4 + 2))"
  sandbox_describe+=", network namespace $sandbox_netns ($sandbox_address, veth $sandbox_veth)"
}

sandbox_create() { # id dir
  if [[ $(id -u) != 0 ]]; then sandbox_reason="not running as root"; return 1; fi
  local tool
  for tool in ip nsenter findmnt; do
    command -v "$tool" >/dev/null || { sandbox_reason="$tool is missing (Debian: iproute2, util-linux)"; return 1; }
  done
  if [[ -n "$(sandbox_v1_mount cpu)" ]]; then
    sandbox_cgroup_v1 "$1" "$2" || return 1
  elif [[ -f "$(sandbox_v2_mount)/cgroup.controllers" ]]; then
    sandbox_cgroup_v2 "$1" "$2" || return 1
  else
    sandbox_reason="no cgroup hierarchy with the cpu controller is mounted"
    return 1
  fi
  sandbox_network "$1"
}

# The command joins every group ($$ is the shell, which then becomes the sample through exec) and enters the
# namespace with nsenter, not ip netns exec, which remounts /sys and so hides the cgroup mounts from the sample.
sandbox_command() {
  local join="" dir
  for dir in "${sandbox_groups[@]}"; do join+="echo \$\$ > '$dir/cgroup.procs' && "; done
  sandbox_wrapped=(sh -c "${join}exec nsenter --net=/run/netns/$sandbox_netns -- \"\$@\"" sh "$@")
}

sandbox_remove() {
  local i attempt
  [[ -n "$sandbox_veth" ]] && ip link del "$sandbox_veth" 2>/dev/null
  [[ -n "$sandbox_netns" ]] && ip netns del "$sandbox_netns" 2>/dev/null
  for ((i = ${#sandbox_groups[@]} - 1; i >= 0; i--)); do
    # rmdir fails while an exited process is still being reaped
    for attempt in $(seq 1 50); do
      rmdir "${sandbox_groups[i]}" 2>/dev/null && break
      [[ -d "${sandbox_groups[i]}" ]] || break
      sleep 0.1
    done
    [[ -d "${sandbox_groups[i]}" ]] && echo "warning: could not remove the cgroup ${sandbox_groups[i]}" >&2
  done
  sandbox_veth="" sandbox_netns="" sandbox_groups=()
}
