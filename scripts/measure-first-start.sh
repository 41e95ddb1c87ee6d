#!/usr/bin/env bash
# Times a first start as a new user sees it: a fresh clone (no bin/obj), a fresh data directory, `dotnet run` of the
# portal, until /health/models reports each default model in service. Prints wall time since `dotnet run` and CPU time
# (user + system) of everything it started (build included) and of the portal process alone, so a run on a busy
# machine can still be compared with one on an idle machine.
#
#   scripts/measure-first-start.sh [--in-place] [--configuration Release] [--port 5199] [--timeout 3600]
#
# Portal settings pass through the environment, e.g. Portal__TorchThreads=1 on a machine shared with other jobs.
#
# --in-place measures this checkout as it is (bin/obj kept: the build is incremental) instead of a fresh clone of HEAD.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
in_place=false configuration="" port=5199 timeout=3600
while [[ $# -gt 0 ]]; do
  case "$1" in
    --in-place) in_place=true; shift ;;
    --configuration) configuration="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/first-start.XXXXXX)
if $in_place; then checkout=$repo; else checkout=$work/clone; git clone -q "$repo" "$checkout"; fi
data=$work/data
log=$work/portal.log
echo "checkout $checkout, data $data, log $log"

ticks=$(getconf CLK_TCK)
# CPU seconds of a process and its descendants, reaped children included (fields 14-17 of /proc/PID/stat).
tree_cpu() {
  local total=0 pid
  for pid in $(descendants "$1"); do
    [[ -r /proc/$pid/stat ]] || continue
    total=$(( total + $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}' || echo 0) ))
  done
  echo "scale=1; $total / $ticks" | bc
}
descendants() { echo "$1"; for child in $(pgrep -P "$1" || true); do descendants "$child"; done; }
# The portal itself: the process `dotnet run` starts from the build output (apphost or dotnet PatcherPortal.Web.dll).
portal_pid() {
  local pid
  for pid in $(descendants "$1"); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE "bin/[^ ]*/PatcherPortal\.Web(\.dll)?( |$)" && { echo "$pid"; return; }
  done
  return 0
}

args=(run --project "$checkout/src/PatcherPortal.Web")
[[ -n $configuration ]] && args+=(-c "$configuration")
args+=(-- --urls "http://127.0.0.1:$port") # the launch profile's own address would win over ASPNETCORE_URLS
start=$(date +%s.%N)
Portal__DataDirectory=$data setsid dotnet "${args[@]}" >"$log" 2>&1 &
root=$!
trap 'kill -- -$root 2>/dev/null || true' EXIT

elapsed() { echo "scale=1; ($(date +%s.%N) - $start) / 1" | bc; }
declare -A ready=()
portal=""
while (( ${#ready[@]} < 2 )); do
  sleep 1
  kill -0 "$root" 2>/dev/null || { echo "dotnet run exited; see $log" >&2; exit 1; }
  (( $(echo "$(elapsed) > $timeout" | bc) )) && { echo "timed out; see $log" >&2; exit 1; }
  if [[ -z $portal ]]; then
    portal=$(portal_pid "$root")
    [[ -n $portal ]] && echo "portal process started (build done) at $(elapsed) s wall, $(tree_cpu "$root") s CPU"
  fi
  health=$(curl -fs "http://127.0.0.1:$port/health/models" || true)
  for task in qa fc; do
    [[ -n ${ready[$task]:-} ]] && continue
    version=$(echo "$health" | grep -o "\"$task\":[0-9]*" | cut -d: -f2 || true)
    if [[ -n $version && $version != 0 ]]; then
      ready[$task]=1
      echo "$task in service at $(elapsed) s wall; CPU $(tree_cpu "$root") s (all), $(tree_cpu "$portal") s (portal process)"
    fi
  done
done
grep -E "model in service|Building the" "$log" | sed 's/^/  log: /' || true
