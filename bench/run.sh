#!/usr/bin/env bash
# The benchmark of the message path (issue 15), run on purpose, never by the test run.
#   bench/run.sh [--quick] [--no-hierarchy] [--only=PATHS]
# Every path a node supports today, each after a warm-up, with one load generator (bench/, Netty, TLS,
# QoS 1, 256-byte JSON): telemetry ingest against a Strata node (durable before PUBACK) and against
# Eclipse Mosquitto, and paced at 80 % of the node's peak; module output -> module input over MQTT and
# in-process; the drain of a queue filled while its module was away; many idle TLS devices at once
# (memory per connection); leaf -> child -> parent -> hub (bench/hierarchy.sh). --only=PATHS measures only the
# paths named, comma-separated: mqtt (ingest vs Mosquitto, paced, module -> module and drain over MQTT),
# in-process (route and drain), connections (many devices), hierarchy. CPU time per message of
# the node, Mosquitto and the generator comes from /proc/<pid>/stat over each measured phase.
# Prints one table and writes bench/target/results.json. Sizes (environment, full / --quick):
#   CLIENTS 8/4, PER_CLIENT 10000/5000, INFLIGHT 64, WARMUP 10000/5000 (per client), ROUTE_MESSAGES 50000/10000,
#   INPROCESS_MESSAGES 100000/10000, INPROCESS_INFLIGHT 64 (the in-process module's window; INFLIGHT if unset),
#   INPROCESS_WARMUP (messages the in-process module sends unmeasured first; WARMUP if unset),
#   INPROCESS_BATCH 1 (messages per send of the in-process module: 1 sends one by one, more through sendOutputs),
#   INPROCESS_RATE 0 (msg/s the in-process module paces its measured messages at, each timed from its schedule; 0: unpaced;
#   paced, the table also shows when the sender heard its messages were stored, and the floor of this machine's disk
#   at that rate: write + fdatasync by one thread of the bench process, no node),
#   DRAIN_MESSAGES 100000/10000 (to an MQTT and to an in-process module), CONNECTIONS 10000/1000, HOLD 60/20 s,
#   HIERARCHY "4 2000 20000"/"2 500 2000" (bench/hierarchy.sh's arguments).
# PROFILE=<directory> async-profiles the node's CPU over each measured MQTT phase (warm-up excluded), one
# <label>.<phase>.collapsed file each (bench/pom.xml brings async-profiler through ap-loader).
# Steady state needs phases of 20 s and more: the default sizes end while the node's JIT still compiles.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=false
ONLY=mqtt,in-process,connections,hierarchy
for argument in "$@"; do
  case $argument in
    --quick) QUICK=true ;;
    --no-hierarchy) ONLY=${ONLY/,hierarchy/} ;;
    --only=*) ONLY=${argument#--only=} ;;
    *) sed -n '2,18p' "$0" >&2; exit 2 ;;
  esac
done
if $QUICK; then
  CLIENTS=${CLIENTS:-4} PER_CLIENT=${PER_CLIENT:-5000} WARMUP=${WARMUP:-5000} ROUTE_MESSAGES=${ROUTE_MESSAGES:-10000}
  INPROCESS_MESSAGES=${INPROCESS_MESSAGES:-10000} DRAIN_MESSAGES=${DRAIN_MESSAGES:-10000}
  CONNECTIONS=${CONNECTIONS:-1000} HOLD=${HOLD:-20} HIERARCHY=${HIERARCHY:-"2 500 2000"}
else
  CLIENTS=${CLIENTS:-8} PER_CLIENT=${PER_CLIENT:-10000} WARMUP=${WARMUP:-10000} ROUTE_MESSAGES=${ROUTE_MESSAGES:-50000}
  INPROCESS_MESSAGES=${INPROCESS_MESSAGES:-100000} DRAIN_MESSAGES=${DRAIN_MESSAGES:-100000}
  CONNECTIONS=${CONNECTIONS:-10000} HOLD=${HOLD:-60} HIERARCHY=${HIERARCHY:-"4 2000 20000"}
fi
INFLIGHT=${INFLIGHT:-64}
# The message path is measured on the JVM settings for machines sized for throughput (bin/setenv's server set);
# the edge set trades speed for memory and boot time, which bench/footprint.sh measures.
export STRATA_JVM=${STRATA_JVM:-server}
INPROCESS_INFLIGHT=${INPROCESS_INFLIGHT:-$INFLIGHT}
INPROCESS_BATCH=${INPROCESS_BATCH:-1}
INPROCESS_RATE=${INPROCESS_RATE:-0}
INPROCESS_WARMUP=${INPROCESS_WARMUP:-$WARMUP}
measures() { [[ ",$ONLY," == *",$1,"* ]]; }
measures connections || CONNECTIONS=0
BYTES=256
WORK=$ROOT/bench/target/run
RESULTS=$ROOT/bench/target/results.jsonl
CREDENTIALS=$ROOT/bench/target/strata.credentials # start_node empties WORK
M=$ROOT/bench/target/mosquitto
DEVICE=bench-node
HOST=bench-node.test
USERNAME="$HOST/%s/?api-version=2021-04-12"
TOPIC="devices/%s/messages/events/"
. "$ROOT/bench/node.sh"

# One descriptor per device connection in the node and in the generator, plus what a node keeps open.
ulimit -n "$(ulimit -Hn)"
if (($(ulimit -n) < CONNECTIONS + 2000)); then
  CONNECTIONS=$(($(ulimit -n) - 2000))
  echo "ulimit -n allows $(ulimit -n) open files: measuring $CONNECTIONS connections" >&2
fi

maven -f "$ROOT/bench/pom.xml" package
command -v mosquitto >/dev/null || apt-get install -y mosquitto >/dev/null
BENCH=("${BENCH_JAVA[@]}" io.strata.bench.MqttBench)
KEY=$(head -c 32 /dev/urandom | base64)
MOSQUITTO_PID=
cleanup() {
  stop_node
  [ -n "$MOSQUITTO_PID" ] && kill "$MOSQUITTO_PID" 2>/dev/null || true
}
trap cleanup EXIT
rm -rf "$RESULTS" "$M" && mkdir -p "$M"

telemetry() { # uri ca.pem usernameFormat credentials messagesPerClient options...
  "${BENCH[@]}" telemetry "$1" "$2" "$3" "$4" "$TOPIC" "$5" "$INFLIGHT" $BYTES "${@:6}"
}
credentials() { # file idFormat count
  "${BENCH[@]}" tokens "$HOST" "$KEY" "$2" "$3" > "$1"
}
credentials "$CREDENTIALS" "bench-dev-%d" "$CLIENTS"

# Mosquitto first, alone on the machine: TLS with an EC P-256 server key like Strata's, a password per client.
mosquitto_start() {
  local m=$M port
  port=$(free_port)
  openssl ecparam -name prime256v1 -genkey -noout -out "$m/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$m/ca.key" -subj "/CN=bench ca" -days 2 -out "$m/ca.pem" 2>/dev/null
  openssl ecparam -name prime256v1 -genkey -noout -out "$m/server.key" 2>/dev/null
  openssl req -new -key "$m/server.key" -subj "/CN=127.0.0.1" -out "$m/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' > "$m/san.ext"
  openssl x509 -req -in "$m/server.csr" -CA "$m/ca.pem" -CAkey "$m/ca.key" -CAcreateserial -days 2 \
    -extfile "$m/san.ext" -out "$m/server.pem" 2>/dev/null
  : > "$m/passwd"; : > "$m/credentials"
  while read -r id _; do
    echo "$id mosquitto-$id" >> "$m/credentials"
    mosquitto_passwd -b "$m/passwd" "$id" "mosquitto-$id"
  done < "$CREDENTIALS"
  for id in "$DEVICE/sender" "$DEVICE/receiver"; do mosquitto_passwd -b "$m/passwd" "$id" "mosquitto-$id"; done
  chmod 0700 "$m"; chmod 0600 "$m/passwd" "$m/server.key"
  cat > "$m/mosquitto.conf" <<CONF
# Run as this user rather than switching to "mosquitto", which cannot read the files here.
user $(id -un)
listener $port 127.0.0.1
cafile $m/ca.pem
certfile $m/server.pem
keyfile $m/server.key
allow_anonymous false
password_file $m/passwd
max_inflight_messages 0
max_queued_messages 0
CONF
  mosquitto -c "$m/mosquitto.conf" > "$m/mosquitto.log" 2>&1 &
  MOSQUITTO_PID=$!
  MOSQUITTO_URI=ssl://127.0.0.1:$port
  sleep 1
}
echo "== Strata $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(java -version 2>&1 | head -1), $(mosquitto -h | head -1)"
if measures mqtt; then
  mosquitto_start
  # Each measurement warms up (--warmup) on its connections first, so that the JIT of the generator and of
  # the broker is done before the measured phase begins.
  telemetry "$MOSQUITTO_URI" "$M/ca.pem" "%s" "$M/credentials" "$PER_CLIENT" --warmup="$WARMUP" \
    --label=telemetry-mosquitto --server-pid="$MOSQUITTO_PID" --results="$RESULTS"
  # The same two clients as the module route below, the receiver subscribed to the sender's topic: what the
  # receiving client takes from a broker that forwards without storing (its ceiling).
  "${BENCH[@]}" route "$MOSQUITTO_URI" "$M/ca.pem" "%s" $DEVICE sender "mosquitto-$DEVICE/sender" receiver \
    "mosquitto-$DEVICE/receiver" "$ROUTE_MESSAGES" "$INFLIGHT" $BYTES --warmup="$WARMUP" --topic=bench/route \
    --subscription=bench/route --label=route-mosquitto --server-pid="$MOSQUITTO_PID" --results="$RESULTS"
  kill "$MOSQUITTO_PID"; MOSQUITTO_PID=
fi

# The node: the identities from a seed file (all keyed with KEY, so the generator makes their tokens), the
# routes of every path from a deployment manifest.
start_node
PID=$(node_pid)
{
  printf '{"devices": [{"id": "%s", "edge": true, "modules": [' "$DEVICE"
  for module in sender receiver filler drainer; do
    printf '{"id": "%s", "auth": {"primary": "%s", "secondary": "%s"}},' "$module" "$KEY" "$KEY"
  done | sed 's/,$//'
  printf ']}'
  for id in $(seq -f "bench-dev-%g" "$CLIENTS") $(seq -f "bench-conn-%g" "$CONNECTIONS"); do
    printf ',\n{"id": "%s", "parent": "%s", "auth": {"primary": "%s", "secondary": "%s"}}' "$id" "$DEVICE" "$KEY" "$KEY"
  done
  printf ']}\n'
} > "$NODE/etc/bench-identities.json"
set_property "$NODE/etc/io.strata.identity.cfg" seedFile bench-identities.json
ROUTES='"telemetry": "FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream",
  "route": "FROM /messages/modules/sender/* INTO BrokeredEndpoint(\"/modules/receiver/inputs/in\")",
  "drain": "FROM /messages/modules/filler/* INTO BrokeredEndpoint(\"/modules/drainer/inputs/in\")",
  "inprocess": "FROM /messages/modules/routeBench/outputs/out INTO BrokeredEndpoint(\"/modules/routeBench/inputs/in\")",
  "inprocessDrain": "FROM /messages/modules/routeBench/outputs/fill INTO BrokeredEndpoint(\"/modules/routeBench/inputs/drain\")"'
deploy() { # modules
  printf '{"modulesContent": {"$edgeAgent": {"properties.desired": {"schemaVersion": "1.1", "modules": {%s}}}, "$edgeHub": {"properties.desired": {"schemaVersion": "1.1", "routes": {%s}}}}}' \
    "$1" "$ROUTES" > "$WORK/manifest.json"
  # Outputs are taken whole before grep: grep -q leaving a pipe early would fail the pipeline. A refused
  # deployment makes the client fail, which must not end the script before it says why.
  local outcome
  outcome=$(shell "edge:deploy $WORK/manifest.json" 2>&1) || true
  grep -q '^200' <<< "$outcome" || { echo "deployment failed: $outcome" >&2; shell "edge:deployment" >&2; exit 1; }
}
deploy ""
for _ in $(seq 120); do [ "$(shell "edge:routes" | grep -c FROM)" -ge 5 ] && break; sleep 1; done
[ "$(shell "edge:routes" | grep -c FROM)" -ge 5 ] || { echo "the routes were not taken:"; shell "edge:routes"; exit 1; }
LAST_SEEDED=$( ((CONNECTIONS > 0)) && echo "bench-conn-$CONNECTIONS" || echo "bench-dev-$CLIENTS")
for _ in $(seq 300); do devices=$(shell "edge:devices --no-format"); grep -q "^$LAST_SEEDED\b" <<< "$devices" && break; sleep 2; done
URI=ssl://127.0.0.1:$TLS_PORT
CA=$NODE/data/strata/certs/root-ca.cert.pem
until "${BENCH[@]}" telemetry "$URI" "$CA" "$USERNAME" "$CREDENTIALS" "$TOPIC" 1 1 $BYTES >/dev/null 2>&1; do sleep 2; done
module() { "${BENCH[@]}" tokens "$HOST" "$KEY" "$DEVICE/$1" 1 | cut -d' ' -f2-; }

PROFILING=(${PROFILE:+"--profile=$PROFILE"})
if measures mqtt; then
  telemetry "$URI" "$CA" "$USERNAME" "$CREDENTIALS" "$PER_CLIENT" --warmup="$WARMUP" --label=telemetry-strata \
    --server-pid="$PID" --results="$RESULTS" "${PROFILING[@]}"
  PEAK=$(python3 -c "import json; print(int(max(json.loads(l)['msgPerSec'] for l in open('$RESULTS') if '\"telemetry-strata\"' in l)))")
  telemetry "$URI" "$CA" "$USERNAME" "$CREDENTIALS" "$PER_CLIENT" --warmup=$((WARMUP / 5)) --rate=$((PEAK * 8 / 10)) \
    --label=telemetry-strata-80 --server-pid="$PID" --results="$RESULTS" "${PROFILING[@]}"
  "${BENCH[@]}" route "$URI" "$CA" "$USERNAME" $DEVICE sender "$(module sender)" receiver "$(module receiver)" \
    "$ROUTE_MESSAGES" "$INFLIGHT" $BYTES --warmup="$WARMUP" --label=route-mqtt --server-pid="$PID" --results="$RESULTS" "${PROFILING[@]}"
  "${BENCH[@]}" drain "$URI" "$CA" "$USERNAME" $DEVICE filler "$(module filler)" drainer "$(module drainer)" \
    "$DRAIN_MESSAGES" "$INFLIGHT" $BYTES --label=drain-mqtt --server-pid="$PID" --results="$RESULTS" "${PROFILING[@]}"
fi

if measures in-process; then
# In-process: the bench jar is also a bundle, deployed as a module whose component sends on its output
# through the in-process module client; the route brings each message back to its input; then it fills
# its drain input while not listening and starts listening. The results (with the node's CPU time, read
# inside the node) land in the module's reported properties.
deploy "$(printf '"routeBench": {"type": "bundle", "restartPolicy": "never", "settings": {"location": "file:%s", "configurationPid": "io.strata.bench.route"}, "env": {"Messages": %s, "InFlight": %s, "Bytes": %s, "WarmUp": %s, "DrainMessages": %s, "Batch": %s, "Rate": %s}}' \
  "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" "$INPROCESS_MESSAGES" "$INPROCESS_INFLIGHT" $BYTES "$INPROCESS_WARMUP" "$DRAIN_MESSAGES" \
  "$INPROCESS_BATCH" "$INPROCESS_RATE")"
result= drain=
for _ in $(seq 900); do
  twin=$(shell "edge:twin show '$DEVICE/routeBench'")
  result=$(sed -n 's/.*"result" : "\(.*\)".*/\1/p' <<< "$twin")
  drain=$(sed -n 's/.*"drain" : "\(.*\)".*/\1/p' <<< "$twin")
  [ -n "$drain" ] && break
  sleep 2
done
echo "in-process route, $INPROCESS_INFLIGHT in flight, $INPROCESS_BATCH per send, paced at $INPROCESS_RATE msg/s (0: unpaced): ${result:-no result within 30 minutes}"
echo "in-process drain: ${drain:-no result within 30 minutes}"
python3 - "$result" "$drain" "$RESULTS" "$INPROCESS_INFLIGHT" "$DRAIN_MESSAGES" "$INPROCESS_BATCH" "$INPROCESS_RATE" <<'PY'
import json, re, sys
route, drain, results, inflight, messages, batch, rate = sys.argv[1:8]
with open(results, 'a') as out:
    m = re.search(r'routed (\d+) msg/s, output -> input p50 ([\d.]+) ms, p99 ([\d.]+) ms.*node CPU ([\d.]+) us/msg', route)
    if m:
        out.write(json.dumps({"label": "route-inprocess", "msgPerSec": float(m[1]), "p50Ms": float(m[2]),
                              "p99Ms": float(m[3]), "serverCpuUsPerMsg": float(m[4]), "inflight": int(inflight),
                              "batch": int(batch), "rate": int(rate)}) + "\n")
    m = re.search(r'output -> stored p50 ([\d.]+) ms, p99 ([\d.]+) ms', route)
    if m:
        out.write(json.dumps({"label": "route-inprocess-stored", "p50Ms": float(m[1]), "p99Ms": float(m[2])}) + "\n")
    m = re.search(r'drained (\d+) msg/s, node CPU ([\d.]+) us/msg', drain)
    if m:
        out.write(json.dumps({"label": "drain-inprocess", "msgPerSec": float(m[1]), "serverCpuUsPerMsg": float(m[2]),
                              "messages": int(messages)}) + "\n")
PY
deploy ""
if [ "$INPROCESS_RATE" -gt 0 ]; then
  # The same rate and batches through write + fdatasync alone, on the node's disk: this machine's floor; then the
  # same beside a thread as busy as the rest of the node was: the node's CPU at that rate less the floor's own, in
  # percent of a core.
  floor=$("${BENCH[@]}" commit-floor "$NODE/data" "$INPROCESS_RATE" "$INPROCESS_BATCH" $BYTES 20 --results="$RESULTS")
  echo "$floor"
  cpu_us() { sed -n "s/.*$1 CPU \([0-9.]*\) us\/msg.*/\1/p" | head -1; }
  node_us=$(cpu_us node <<< "$result") floor_us=$(cpu_us generator <<< "$floor")
  if [ -n "$node_us" ] && [ -n "$floor_us" ]; then
    beside=$(awk -v node="$node_us" -v floor="$floor_us" -v rate="$INPROCESS_RATE" \
      'BEGIN {share = (node - floor) * rate / 10000; printf "%d", (share > 0 ? share : 0)}')
    "${BENCH[@]}" commit-floor "$NODE/data" "$INPROCESS_RATE" "$INPROCESS_BATCH" $BYTES 20 --beside="$beside" \
      --results="$RESULTS"
  fi
fi
fi

if measures connections; then
# Many devices: the node's memory after a full GC, before they connect and once they all are connected
# and settled (the heap grown, RSS with it); only then do they start sending, so that the full GCs and the
# connect storm stay out of the measured phase and its CPU time.
heap_kb() { jcmd "$PID" GC.run >/dev/null && sleep 1 && jcmd "$PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
HEAP_BEFORE=$(heap_kb); RSS_BEFORE=$(rss_kb)
"${BENCH[@]}" connections "$URI" "$CA" "$USERNAME" "$HOST" "$KEY" "bench-conn-%d" "$CONNECTIONS" --hold="$HOLD" \
  --start-file="$WORK/connections.start" --label=connections --server-pid="$PID" --results="$RESULTS" \
  > "$WORK/connections.out" 2>&1 &
GENERATOR=$!
until grep -q "connections: connected" "$WORK/connections.out" || ! kill -0 $GENERATOR 2>/dev/null; do sleep 1; done
sleep 10
HEAP_HELD=$(heap_kb); RSS_HELD=$(rss_kb)
touch "$WORK/connections.start"
wait $GENERATOR || true
cat "$WORK/connections.out"
python3 - "$RESULTS" "$HEAP_BEFORE" "$HEAP_HELD" "$RSS_BEFORE" "$RSS_HELD" <<'PY'
import json, sys
results, heap_before, heap_held, rss_before, rss_held = sys.argv[1], *map(int, sys.argv[2:])
rows = [json.loads(line) for line in open(results)]
held = next((row["connected"] for row in rows if row["label"] == "connections"), 0)
with open(results, 'a') as out:
    out.write(json.dumps({"label": "connections-memory", "heapKbBefore": heap_before, "heapKbHeld": heap_held,
                          "rssKbBefore": rss_before, "rssKbHeld": rss_held,
                          "heapKbPerConnection": (heap_held - heap_before) / max(held, 1),
                          "rssKbPerConnection": (rss_held - rss_before) / max(held, 1)}) + "\n")
PY
fi
stop_node

if measures hierarchy; then
  # shellcheck disable=SC2086 # HIERARCHY holds the script's arguments
  INFLIGHT=$INFLIGHT "$ROOT/bench/hierarchy.sh" $HIERARCHY 2>&1 | tee "$WORK/hierarchy.out" || true
  python3 - "$WORK/hierarchy.out" "$RESULTS" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
rows = []
leaf = re.search(r'^leaf -> child telemetry: .*?: (\d+) msg/s, p50 ([\d.]+) ms, p99 ([\d.]+) ms.*?generator CPU ([\d.]+)', text, re.M)
if leaf:
    rows.append({"label": "hierarchy-leaf-child", "msgPerSec": float(leaf[1]), "p50Ms": float(leaf[2]),
                 "p99Ms": float(leaf[3]), "generatorCpuUsPerMsg": float(leaf[4])})
hub = re.search(r'^leaf -> child -> parent -> hub: .*?: (\d+) msg/s .*?end to end p50 ([\d.]+) ms, p99 ([\d.]+) ms', text, re.M)
if hub:
    rows.append({"label": "hierarchy-leaf-hub", "msgPerSec": float(hub[1]), "p50Ms": float(hub[2]), "p99Ms": float(hub[3])})
drain = re.search(r'^drain: (\d+) of (\d+) messages queued on the child.*; (\d+) msg/s from first to last', text, re.M)
if drain:
    rows.append({"label": "hierarchy-drain", "msgPerSec": float(drain[3]), "messages": int(drain[1])})
with open(sys.argv[2], 'a') as out:
    out.writelines(json.dumps(row) + "\n" for row in rows)
PY
fi

python3 "$ROOT/bench/table.py" "$RESULTS" "$ROOT/bench/target/results.json" "$(git -C "$ROOT" rev-parse --short HEAD)" \
  "$QUICK" "$INFLIGHT" "$CLIENTS"
