#!/usr/bin/env bash
# The footprint of an idle node (issue 17), run on purpose, never by the test run.
#   bench/footprint.sh
# Boots a fresh node from karaf-assembly/target/assembly (under bench/target/footprint) with its JVM
# settings (bin/setenv, plus EXTRA_JAVA_OPTS), measures the time until the edge hub answers (its MQTT TLS
# port accepts a TLS handshake) and until edge:check passes, leaves it idle, then reads its resident memory
# (/proc), heap, metaspace and code cache (jstat, jcmd) and threads; then restarts it and measures all that
# again (a restart reuses data/cache and the class archive the first run wrote). The CPU time the node spent until its edge hub answered, and the
# JIT compiler threads' share of it and the collector's pauses, show where a boot goes whatever else the machine
# runs.
# Prints one table (fresh boot, restart); bench/target/footprint.json has the same figures.
# Environment: IDLE seconds idle before measuring (60); STRATA_JVM, the set of JVM settings (edge, the
# default, or server: bin/setenv); EXTRA_JAVA_OPTS, added to the node's JVM settings (e.g. "-Xmx1g");
# ASSEMBLY, another assembly to measure; BOOT_TIMEOUT seconds a boot may take (300: a loaded machine is slow);
# RESTARTS, how many more restarts to time after the measured one (3): that first restart also checks the
# class archive the fresh boot wrote (bin/java-cds), once; later restarts show the usual boot.
# NMT=1 also tracks the JVM's native memory and adds what each of its parts holds (it costs a few MiB).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IDLE=${IDLE:-60}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
WORK=$ROOT/bench/target/footprint
DEVICE=footprint-node
HOST=footprint-node.test
. "$ROOT/bench/node.sh"
trap stop_node EXIT

now() { date +%s.%N; }
TICKS=$(getconf CLK_TCK)
# CPU seconds (user + system) of the node's JVM, and of its JIT compiler threads
cpu_seconds() { awk -v ticks="$TICKS" '{print ($14 + $15) / ticks}' "/proc/$1/stat"; }
jit_seconds() { # a thread may end between listing and reading
  local stat
  for stat in /proc/"$1"/task/*/stat; do cat "$stat" 2>/dev/null || true; done |
    awk -v ticks="$TICKS" '/\(C[12] CompilerThre\)/ {sum += $15 + $16} END {print sum / ticks}'
}
# Seconds the collector paused the node so far, and its young and full collections: "0.93 (73 young, 18 full)"
gc_pauses() { jstat -gc "$1" | awk 'NR == 1 {for (i = 1; i <= NF; i++) column[$i] = i}
  NR == 2 {printf "%.2f (%d young, %d full)", $column["GCT"], $column["YGC"], $column["FGC"]}'; }
# Whether the edge hub completes a TLS handshake on its MQTT port (it has its server certificate). Python
# starts only once the port accepts connections: ten Pythons a second took a core's worth of CPU from the
# booting node.
hub_answers() {
  (exec 3<> "/dev/tcp/127.0.0.1/$TLS_PORT") 2>/dev/null || return 1
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
# Starts the node; returns once its edge hub answers, with launched and answered set (and deadline, for what
# waits after).
boot() {
  launched=$(now)
  launch_node
  deadline=$((SECONDS + BOOT_TIMEOUT))
  until hub_answers; do
    ((SECONDS < deadline)) || { echo "the edge hub did not answer within $BOOT_TIMEOUT s; see $WORK/node/data/log/karaf.log" >&2; exit 1; }
    sleep 0.1
  done
  answered=$(now)
}

prepare_node
boot
started=$launched hub_ready=$answered
PID=$(node_pid)
BOOT_CPU=$(cpu_seconds "$PID")
BOOT_JIT=$(jit_seconds "$PID")
BOOT_GC=$(gc_pauses "$PID")
# Waits until edge:check passes, leaves the node idle, then reads its memory, threads and classes into
# variables named <prefix>_RSS, <prefix>_HEAP_USED, ...
measure_idle() { # pid prefix
  local pid=$1 prefix=$2 heap_used heap_committed metaspace_used metaspace_committed
  until shell "edge:check" | grep -q " 0 error(s)"; do
    ((SECONDS < deadline)) || { echo "edge:check did not pass within $BOOT_TIMEOUT s:" >&2; shell "edge:check" >&2; exit 1; }
    sleep 1
  done
  printf -v "${prefix}_CHECK_READY" %s "$(now)"
  sleep "$IDLE"
  # jstat -gc (KiB, whatever the collector): heap used and committed (survivors, eden, old), metaspace used and committed
  read -r heap_used heap_committed metaspace_used metaspace_committed <<< \
    "$(jstat -gc "$pid" | awk 'NR == 2 {print $3 + $4 + $6 + $8, $1 + $2 + $5 + $7, $10, $9}')"
  printf -v "${prefix}_HEAP_USED" %s "$heap_used"
  printf -v "${prefix}_HEAP_COMMITTED" %s "$heap_committed"
  printf -v "${prefix}_METASPACE_USED" %s "$metaspace_used"
  printf -v "${prefix}_METASPACE_COMMITTED" %s "$metaspace_committed"
  printf -v "${prefix}_CODE_CACHE" %s "$(jcmd "$pid" Compiler.codecache | grep -o 'used=[0-9]*Kb' | tr -dc '0-9\n' | awk '{sum += $1} END {print sum}')"
  printf -v "${prefix}_RSS" %s "$(awk '$1 == "VmRSS:" {print $2}' "/proc/$pid/status")"
  printf -v "${prefix}_RSS_ANON" %s "$(awk '$1 == "RssAnon:" {print $2}' "/proc/$pid/status")"
  printf -v "${prefix}_THREADS" %s "$(awk '$1 == "Threads:" {print $2}' "/proc/$pid/status")"
  printf -v "${prefix}_CLASSES" %s "$(jstat -class "$pid" | awk 'NR == 2 {print $1}')"
  # "-  Java Heap (reserved=524288KB, committed=61440KB)" -> "Java Heap=61440"
  printf -v "${prefix}_NATIVE_MEMORY" %s "$(jcmd "$pid" VM.native_memory summary 2>/dev/null |
    sed -n 's/^-  *\([A-Za-z ]*[A-Za-z]\) (reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1=\2/p' | paste -sd ';' || true)"
}
measure_idle "$PID" BOOT
MAX_HEAP=$(jcmd "$PID" VM.flags | grep -o -- '-XX:MaxHeapSize=[0-9]*' | cut -d= -f2)
GC=$(jcmd "$PID" VM.flags | grep -o -- '-XX:+Use[A-Za-z0-9]*GC' | head -1 | cut -c6-)

# Stops the node and boots it again.
restart() {
  local previous
  previous=$(node_pid)
  stop_node
  while kill -0 "$previous" 2>/dev/null; do sleep 0.1; done
  boot
}

# A restart: the framework reuses what the first boot resolved and installed (data/cache), as a node
# restarted in the field does; the JVM maps the class archive the first boot wrote (bin/java-cds).
restart
RESTARTED_PID=$(node_pid)
RESTART_CPU=$(cpu_seconds "$RESTARTED_PID")
RESTART_JIT=$(jit_seconds "$RESTARTED_PID")
RESTART_GC=$(gc_pauses "$RESTARTED_PID")
first_restarted=$launched first_restart_ready=$answered
measure_idle "$RESTARTED_PID" RESTART

# Later restarts, timed until the edge hub answers; each waits for edge:check before the next.
LATER_RESTARTS=""
for _ in $(seq "${RESTARTS:-3}"); do
  restart
  LATER_RESTARTS="$LATER_RESTARTS $(python3 -c "print(round($answered - $launched, 2))")"
  until shell "edge:check" | grep -q " 0 error(s)"; do
    ((SECONDS < deadline)) || { echo "edge:check did not pass within $BOOT_TIMEOUT s after a restart" >&2; exit 1; }
    sleep 1
  done
done

python3 - "$WORK/../footprint.json" <<PY
import json, statistics, sys
mib = lambda kib: round(float(kib) / 1024, 1)
def idle(native_memory, rss, rss_anon, heap_used, heap_committed, metaspace_used, metaspace_committed,
         code_cache, threads, classes):
    return {
        "rssMiB": mib(rss),
        "rssAnonMiB": mib(rss_anon),
        "heapUsedMiB": mib(heap_used),
        "heapCommittedMiB": mib(heap_committed),
        "metaspaceUsedMiB": mib(metaspace_used),
        "metaspaceCommittedMiB": mib(metaspace_committed),
        "codeCacheUsedMiB": mib(code_cache),
        "threads": threads,
        "classesLoaded": classes,
        "nativeMemoryCommittedMiB": {name: mib(kib) for name, kib in
                                     (part.split("=") for part in native_memory.split(";") if part)},
    }
figures = {
    "bootToHubSeconds": round($hub_ready - $started, 2),
    "bootToCheckPassingSeconds": round($BOOT_CHECK_READY - $started, 2),
    "restartToHubSeconds": round($first_restart_ready - $first_restarted, 2),
    "restartToCheckPassingSeconds": round($RESTART_CHECK_READY - $first_restarted, 2),
    "laterRestartsToHubSeconds": [float(seconds) for seconds in "$LATER_RESTARTS".split()],
    "bootCpuSeconds": round($BOOT_CPU, 1),
    "bootJitCpuSeconds": round($BOOT_JIT, 1),
    "restartCpuSeconds": round($RESTART_CPU, 1),
    "restartJitCpuSeconds": round($RESTART_JIT, 1),
    "bootGcPauses": "$BOOT_GC",
    "restartGcPauses": "$RESTART_GC",
    "idleSeconds": $IDLE,
    "heapMaxMiB": mib($MAX_HEAP / 1024),
    "gc": "$GC",
    "extraJavaOpts": "${EXTRA_JAVA_OPTS:-}",
    "idleAfterBoot": idle("$BOOT_NATIVE_MEMORY", $BOOT_RSS, $BOOT_RSS_ANON, $BOOT_HEAP_USED, $BOOT_HEAP_COMMITTED,
                          $BOOT_METASPACE_USED, $BOOT_METASPACE_COMMITTED, $BOOT_CODE_CACHE, $BOOT_THREADS, $BOOT_CLASSES),
    "idleAfterRestart": idle("$RESTART_NATIVE_MEMORY", $RESTART_RSS, $RESTART_RSS_ANON, $RESTART_HEAP_USED,
                             $RESTART_HEAP_COMMITTED, $RESTART_METASPACE_USED, $RESTART_METASPACE_COMMITTED,
                             $RESTART_CODE_CACHE, $RESTART_THREADS, $RESTART_CLASSES),
}
json.dump(figures, open(sys.argv[1], "w"), indent=2)
boot, restart = figures["idleAfterBoot"], figures["idleAfterRestart"]
rows = [
    ("to edge hub answering (MQTT TLS)", "%.2f s" % figures["bootToHubSeconds"], "%.2f s" % figures["restartToHubSeconds"]),
    ("later restarts to edge hub answering", "",
     "%.2f s median (%s)" % (statistics.median(figures["laterRestartsToHubSeconds"]),
                             ", ".join("%.2f" % seconds for seconds in figures["laterRestartsToHubSeconds"]))
     if figures["laterRestartsToHubSeconds"] else "none"),
    ("to edge:check passing", "%.2f s" % figures["bootToCheckPassingSeconds"],
     "%.2f s" % figures["restartToCheckPassingSeconds"]),
    ("node CPU until the hub answered", "%.1f s" % figures["bootCpuSeconds"], "%.1f s" % figures["restartCpuSeconds"]),
    ("  of which JIT compiler threads", "%.1f s" % figures["bootJitCpuSeconds"], "%.1f s" % figures["restartJitCpuSeconds"]),
    ("collector pauses until then, s", figures["bootGcPauses"], figures["restartGcPauses"]),
]
each = lambda label, show: (label, show(boot), show(restart))
rows += [
    each("resident memory after %d s idle" % $IDLE, lambda f: "%.1f MiB (anon %.1f)" % (f["rssMiB"], f["rssAnonMiB"])),
    each("heap used / committed (max %.0f MiB)" % figures["heapMaxMiB"],
         lambda f: "%.1f / %.1f MiB" % (f["heapUsedMiB"], f["heapCommittedMiB"])),
    each("metaspace used / committed", lambda f: "%.1f / %.1f MiB" % (f["metaspaceUsedMiB"], f["metaspaceCommittedMiB"])),
    each("code cache used", lambda f: "%.1f MiB" % f["codeCacheUsedMiB"]),
    each("threads", lambda f: str(f["threads"])),
    each("classes loaded", lambda f: str(f["classesLoaded"])),
    ("collector", figures["gc"], figures["gc"]),
]
rows += [("  native memory committed: " + name, "%.1f MiB" % value,
          "%.1f MiB" % restart["nativeMemoryCommittedMiB"].get(name, 0))
         for name, value in sorted(boot["nativeMemoryCommittedMiB"].items(), key=lambda part: -part[1])
         if value >= 1]
width = max(len(row[0]) for row in rows)
print("%-*s | %-26s | %s" % (width, "footprint", "fresh boot", "restart"))
print("-" * width + "-+-" + "-" * 26 + "-+-" + "-" * 26)
for name, fresh, again in rows:
    print("%-*s | %-26s | %s" % (width, name, fresh, again))
PY
