#!/usr/bin/env bash
# Benchmarks of the edge hub (issues #4 and #5), run on purpose, never by the test run.
#   bench/mqtt.sh [clients] [messagesPerClient] [routeMessages] [drainMessages]
# 1. QoS 1 telemetry over TLS from N clients, publish -> PUBACK latency: a Strata node (every message
#    stored durably by a route before its PUBACK) and Eclipse Mosquitto (Debian package) with the same
#    load generator, TLS, per-client passwords.
# 2. Module output -> module input through a route on the Strata node (MQTT modules), end-to-end latency.
# 3. The drain of an endpoint queue that filled while its module was away.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENTS=${1:-10}
PER_CLIENT=${2:-5000}
ROUTE_MESSAGES=${3:-20000}
DRAIN_MESSAGES=${4:-100000}
INFLIGHT=${INFLIGHT:-32}
BYTES=256
WORK=$ROOT/bench/target/run
DEVICE=bench-node
HOST=bench-node.test
. "$ROOT/bench/node.sh"

maven -f "$ROOT/bench/pom.xml" package
command -v mosquitto >/dev/null || apt-get install -y mosquitto >/dev/null
BENCH=(java -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" io.strata.bench.MqttBench)

MOSQUITTO_PORT=$(free_port)
MOSQUITTO_PID=
cleanup() {
  stop_node
  [ -n "$MOSQUITTO_PID" ] && kill "$MOSQUITTO_PID" 2>/dev/null || true
}
trap cleanup EXIT
start_node

ADD_DEVICES=""
: > "$WORK/strata.credentials"
for i in $(seq 1 "$CLIENTS"); do ADD_DEVICES="$ADD_DEVICES edge:device-add -p $DEVICE bench-dev-$i;"; done
shell "$ADD_DEVICES edge:module-identity-add $DEVICE sender; edge:module-identity-add $DEVICE receiver;
  edge:module-identity-add $DEVICE filler; edge:module-identity-add $DEVICE drainer" > /dev/null
for i in $(seq 1 "$CLIENTS"); do echo "bench-dev-$i $(token bench-dev-$i)" >> "$WORK/strata.credentials"; done
shell "edge:twin set-desired '$DEVICE/\$edgeHub' '{\"schemaVersion\": \"1.1\", \"routes\": { \"telemetry\": \"FROM /messages/* WHERE NOT IS_DEFINED(\$connectionModuleId) INTO \$upstream\", \"route\": \"FROM /messages/modules/sender/* INTO BrokeredEndpoint(\\\"/modules/receiver/inputs/in\\\")\", \"drain\": \"FROM /messages/modules/filler/* INTO BrokeredEndpoint(\\\"/modules/drainer/inputs/in\\\")\"}}'" > /dev/null
for _ in $(seq 60); do [ "$(shell "edge:routes" | grep -c FROM)" -ge 3 ] && break; sleep 1; done
[ "$(shell "edge:routes" | grep -c FROM)" -ge 3 ] || { echo "the routes were not taken:"; shell "edge:routes"; exit 1; }
until "${BENCH[@]}" telemetry "ssl://127.0.0.1:$TLS_PORT" "$NODE/data/strata/certs/root-ca.cert.pem" \
    "$HOST/%s/?api-version=2021-04-12" "$WORK/strata.credentials" "devices/%s/messages/events/" 1 1 $BYTES >/dev/null 2>&1; do
  sleep 2
done

echo "== Strata $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo -n "Strata    "; "${BENCH[@]}" telemetry "ssl://127.0.0.1:$TLS_PORT" "$NODE/data/strata/certs/root-ca.cert.pem" \
  "$HOST/%s/?api-version=2021-04-12" "$WORK/strata.credentials" "devices/%s/messages/events/" \
  "$PER_CLIENT" "$INFLIGHT" $BYTES

# Mosquitto with TLS (an EC P-256 server key, like Strata's) and a password per client.
M=$WORK/mosquitto && mkdir -p "$M"
openssl ecparam -name prime256v1 -genkey -noout -out "$M/ca.key" 2>/dev/null
openssl req -x509 -new -key "$M/ca.key" -subj "/CN=bench ca" -days 2 -out "$M/ca.pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$M/server.key" 2>/dev/null
openssl req -new -key "$M/server.key" -subj "/CN=127.0.0.1" -out "$M/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > "$M/san.ext"
openssl x509 -req -in "$M/server.csr" -CA "$M/ca.pem" -CAkey "$M/ca.key" -CAcreateserial -days 2 \
  -extfile "$M/san.ext" -out "$M/server.pem" 2>/dev/null
: > "$M/passwd"
while read -r id password; do
  echo "$id mosquitto-$id" >> "$M/credentials"
  mosquitto_passwd -b "$M/passwd" "$id" "mosquitto-$id"
done < "$WORK/strata.credentials"
chmod 0700 "$M"; chmod 0600 "$M/passwd" "$M/server.key"
cat > "$M/mosquitto.conf" <<CONF
# Run as this user rather than switching to "mosquitto", which cannot read the files here.
user $(id -un)
listener $MOSQUITTO_PORT 127.0.0.1
cafile $M/ca.pem
certfile $M/server.pem
keyfile $M/server.key
allow_anonymous false
password_file $M/passwd
max_inflight_messages 0
max_queued_messages 0
CONF
mosquitto -c "$M/mosquitto.conf" > "$M/mosquitto.log" 2>&1 &
MOSQUITTO_PID=$!
sleep 1
echo -n "Mosquitto "; "${BENCH[@]}" telemetry "ssl://127.0.0.1:$MOSQUITTO_PORT" "$M/ca.pem" "%s" "$M/credentials" \
  "devices/%s/messages/events/" "$PER_CLIENT" "$INFLIGHT" $BYTES
kill "$MOSQUITTO_PID"; MOSQUITTO_PID=

"${BENCH[@]}" route "ssl://127.0.0.1:$TLS_PORT" "$NODE/data/strata/certs/root-ca.cert.pem" \
  "$HOST/%s/?api-version=2021-04-12" $DEVICE sender "$(token $DEVICE/sender)" receiver "$(token $DEVICE/receiver)" \
  "$ROUTE_MESSAGES" "$INFLIGHT" $BYTES
"${BENCH[@]}" drain "ssl://127.0.0.1:$TLS_PORT" "$NODE/data/strata/certs/root-ca.cert.pem" \
  "$HOST/%s/?api-version=2021-04-12" $DEVICE filler "$(token $DEVICE/filler)" drainer "$(token $DEVICE/drainer)" \
  "$DRAIN_MESSAGES" "$INFLIGHT" $BYTES
