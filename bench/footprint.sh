#!/usr/bin/env bash
# The footprint of an idle node (issue 17), run on purpose, never by the test run.
#   bench/footprint.sh
# Boots a fresh node from karaf-assembly/target/assembly (under bench/target/footprint) with its JVM
# settings (bin/setenv, plus EXTRA_JAVA_OPTS), measures the time until the edge hub answers (its MQTT TLS
# port accepts a TLS handshake) and until edge:check passes, leaves it idle, then reads its resident memory
# (/proc), heap, metaspace and code cache (jstat, jcmd) and threads; then restarts it and times the edge hub
# again (a restart reuses data/cache). The CPU time the node spent until its edge hub answered, and the
# JIT compiler threads' share of it, show where a boot goes whatever else the machine runs.
# Prints one table; bench/target/footprint.json has the same figures.
# Environment: IDLE seconds idle before measuring (60); STRATA_JVM, the set of JVM settings (edge, the
# default, or server: bin/setenv); EXTRA_JAVA_OPTS, added to the node's JVM settings (e.g. "-Xmx1g");
# ASSEMBLY, another assembly to measure; BOOT_TIMEOUT seconds a boot may take (300: a loaded machine is slow);
# NMT=1 also tracks the JVM's native memory and adds what each of its parts holds (it costs a few MiB).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IDLE=${IDLE:-60}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
WORK=$ROOT/bench/target/footprint
DEVICE=footprint-node
HOST=footprint-node.test
. "$ROOT/bench/node.sh"
# Returns once the node has ended, so that the next run can remove its folder.
stop_and_wait() { stop_node; [ -z "${NODE_LAUNCHER:-}" ] || wait "$NODE_LAUNCHER" 2>/dev/null || true; }
trap stop_and_wait EXIT

now() { date +%s.%N; }
TICKS=$(getconf CLK_TCK)
# CPU seconds (user + system) of the node's JVM, and of its JIT compiler threads
cpu_seconds() { awk -v ticks="$TICKS" '{print ($14 + $15) / ticks}' "/proc/$1/stat"; }
jit_seconds() { # a thread may end between listing and reading
  local stat
  for stat in /proc/"$1"/task/*/stat; do cat "$stat" 2>/dev/null || true; done |
    awk -v ticks="$TICKS" '/\(C[12] CompilerThre\)/ {sum += $15 + $16} END {print sum / ticks}'
}
# Whether the edge hub completes a TLS handshake on its MQTT port (it has its server certificate).
hub_answers() {
  python3 - "$TLS_PORT" <<'PY' 2>/dev/null
import socket, ssl, sys
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as raw:
    with context.wrap_socket(raw):
        pass
PY
}

[ "${NMT:-0}" = 1 ] && export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
prepare_node
started=$(now)
launch_node
deadline=$((SECONDS + BOOT_TIMEOUT))
until hub_answers; do
  ((SECONDS < deadline)) || { echo "the edge hub did not answer within $BOOT_TIMEOUT s; see $WORK/node/data/log/karaf.log" >&2; exit 1; }
  sleep 0.1
done
hub_ready=$(now)
PID=$(node_pid)
BOOT_CPU=$(cpu_seconds "$PID")
BOOT_JIT=$(jit_seconds "$PID")
until shell "edge:check" | grep -q " 0 error(s)"; do
  ((SECONDS < deadline)) || { echo "edge:check did not pass within $BOOT_TIMEOUT s:" >&2; shell "edge:check" >&2; exit 1; }
  sleep 1
done
check_ready=$(now)
sleep "$IDLE"

kib() { awk -v key="$1:" '$1 == key {print $2}' "/proc/$PID/status"; }
# jstat -gc: capacities and use of the heap's spaces and of metaspace, in KiB, whatever the collector
read -r S0C S1C S0U S1U EC EU OC OU MC MU <<< "$(jstat -gc "$PID" | awk 'NR == 2 {print $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}')"
CODE_CACHE=$(jcmd "$PID" Compiler.codecache | grep -o 'used=[0-9]*Kb' | tr -dc '0-9\n' | awk '{sum += $1} END {print sum}')
MAX_HEAP=$(jcmd "$PID" VM.flags | grep -o -- '-XX:MaxHeapSize=[0-9]*' | cut -d= -f2)
GC=$(jcmd "$PID" VM.flags | grep -o -- '-XX:+Use[A-Za-z0-9]*GC' | head -1 | cut -c6-)
RSS=$(kib VmRSS)
RSS_ANON=$(kib RssAnon)
THREADS=$(kib Threads)
CLASSES=$(jstat -class "$PID" | awk 'NR == 2 {print $1}')
# "-  Java Heap (reserved=524288KB, committed=61440KB)" -> "Java Heap=61440"
NATIVE_MEMORY=$(jcmd "$PID" VM.native_memory summary 2>/dev/null |
  sed -n 's/^-  *\([A-Za-z ]*[A-Za-z]\) (reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1=\2/p' | paste -sd ';' || true)

# A restart: the framework reuses what the first boot resolved and installed (data/cache), as a node
# restarted in the field does.
stop_node
while kill -0 "$PID" 2>/dev/null; do sleep 0.1; done
restarted=$(now)
launch_node
deadline=$((SECONDS + BOOT_TIMEOUT))
until hub_answers; do
  ((SECONDS < deadline)) || { echo "the restarted edge hub did not answer within $BOOT_TIMEOUT s" >&2; exit 1; }
  sleep 0.1
done
restart_ready=$(now)
RESTARTED_PID=$(node_pid)
RESTART_CPU=$(cpu_seconds "$RESTARTED_PID")
RESTART_JIT=$(jit_seconds "$RESTARTED_PID")

python3 - "$WORK/../footprint.json" <<PY
import json, sys
mib = lambda kib: round(float(kib) / 1024, 1)
figures = {
    "bootToHubSeconds": round($hub_ready - $started, 2),
    "bootToCheckPassingSeconds": round($check_ready - $started, 2),
    "restartToHubSeconds": round($restart_ready - $restarted, 2),
    "bootCpuSeconds": round($BOOT_CPU, 1),
    "bootJitCpuSeconds": round($BOOT_JIT, 1),
    "restartCpuSeconds": round($RESTART_CPU, 1),
    "restartJitCpuSeconds": round($RESTART_JIT, 1),
    "idleSeconds": $IDLE,
    "rssMiB": mib($RSS),
    "rssAnonMiB": mib($RSS_ANON),
    "heapUsedMiB": mib($S0U + $S1U + $EU + $OU),
    "heapCommittedMiB": mib($S0C + $S1C + $EC + $OC),
    "heapMaxMiB": mib($MAX_HEAP / 1024),
    "metaspaceUsedMiB": mib($MU),
    "metaspaceCommittedMiB": mib($MC),
    "codeCacheUsedMiB": mib($CODE_CACHE),
    "threads": $THREADS,
    "classesLoaded": $CLASSES,
    "nativeMemoryCommittedMiB": {name: mib(kib) for name, kib in
                                 (part.split("=") for part in "$NATIVE_MEMORY".split(";") if part)},
    "gc": "$GC",
    "extraJavaOpts": "${EXTRA_JAVA_OPTS:-}",
}
json.dump(figures, open(sys.argv[1], "w"), indent=2)
rows = [
    ("boot to edge hub answering (MQTT TLS)", "%.2f s" % figures["bootToHubSeconds"]),
    ("boot to edge:check passing", "%.2f s" % figures["bootToCheckPassingSeconds"]),
    ("restart to edge hub answering", "%.2f s" % figures["restartToHubSeconds"]),
    ("node CPU until the hub answered: boot / restart", "%.1f / %.1f s" % (figures["bootCpuSeconds"], figures["restartCpuSeconds"])),
    ("  of which JIT compiler threads", "%.1f / %.1f s" % (figures["bootJitCpuSeconds"], figures["restartJitCpuSeconds"])),
    ("resident memory after %d s idle" % $IDLE, "%.1f MiB (anonymous %.1f)" % (figures["rssMiB"], figures["rssAnonMiB"])),
    ("heap used / committed / max", "%.1f / %.1f / %.0f MiB" % (figures["heapUsedMiB"], figures["heapCommittedMiB"], figures["heapMaxMiB"])),
    ("metaspace used / committed", "%.1f / %.1f MiB" % (figures["metaspaceUsedMiB"], figures["metaspaceCommittedMiB"])),
    ("code cache used", "%.1f MiB" % figures["codeCacheUsedMiB"]),
    ("threads", str(figures["threads"])),
    ("classes loaded", str(figures["classesLoaded"])),
    ("collector", figures["gc"]),
]
rows += [("  native memory committed: " + name, "%.1f MiB" % value)
         for name, value in sorted(figures["nativeMemoryCommittedMiB"].items(), key=lambda part: -part[1])
         if value >= 1]
width = max(len(name) for name, _ in rows)
print("%-*s | %s" % (width, "footprint", "value"))
print("-" * width + "-+-" + "-" * 30)
for name, value in rows:
    print("%-*s | %s" % (width, name, value))
PY
