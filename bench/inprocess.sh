#!/usr/bin/env bash
# Benchmark of a route between in-process module clients (issue #5), run on purpose.
#   bench/inprocess.sh [messages] [inFlight]
# The bench jar is also a bundle: deployed by the edge agent as module "routeBench", its component
# sends 256-byte JSON messages on output "out" (QoS1-like: each send completes once the message is
# durably stored) and a route brings them to its own input "in"; it reports throughput and the
# output -> input p50/p99 latency in its twin.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MESSAGES=${1:-20000}
INFLIGHT=${2:-32}
WORK=$ROOT/bench/target/inprocess
DEVICE=inprocess-node
HOST=inprocess-node.test
. "$ROOT/bench/node.sh"
maven -f "$ROOT/bench/pom.xml" package
trap stop_node EXIT
start_node

ROUTE='"route": "FROM /messages/modules/routeBench/outputs/out INTO BrokeredEndpoint(\"/modules/routeBench/inputs/in\")"'
manifest() { # modules
  printf '{"modulesContent": {"$edgeAgent": {"properties.desired": {"schemaVersion": "1.1", "modules": {%s}}}, "$edgeHub": {"properties.desired": {"schemaVersion": "1.1", "routes": {%s}}}}}' "$1" "$ROUTE" > "$WORK/manifest.json"
  shell "edge:deploy $WORK/manifest.json" | grep -q '^200' || { echo "deployment failed" >&2; shell "edge:deployment" >&2; exit 1; }
}
# The route first, so that the module's first message finds it.
manifest ""
until shell "edge:routes" | grep -q FROM; do sleep 1; done
manifest "$(printf '"routeBench": {"type": "bundle", "restartPolicy": "never", "settings": {"location": "file:%s", "configurationPid": "io.strata.bench.route"}, "env": {"Messages": %s, "InFlight": %s, "Bytes": 256}}' \
  "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar" "$MESSAGES" "$INFLIGHT")"

echo "== Strata $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(java -version 2>&1 | head -1)"
for _ in $(seq 900); do
  result=$(shell "edge:twin show '$DEVICE/routeBench'" | sed -n 's/.*"result" : "\(.*\)".*/\1/p')
  [ -n "$result" ] && { echo "in-process route, $INFLIGHT in flight: $result"; exit 0; }
  sleep 2
done
echo "no result within 30 minutes" >&2; exit 1
