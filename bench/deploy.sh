#!/usr/bin/env bash
# Benchmark of the edge agent (issue #6), run on purpose, never by the test run.
#   bench/deploy.sh [rounds]
# Each round deploys, with edge:deploy on a running node, a manifest that adds a module whose feature
# is not installed yet (strata-sample-tempsensor, from the node's local repository system/), then one
# that adds a second module of the same, now installed feature (a configuration only), then removes
# both (the feature is uninstalled). It reports, from the node's log, the time from the agent
# receiving each manifest to the new module's component activated, and the wall time of edge:deploy
# (which includes starting bin/client, about a second).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-5}
WORK=$ROOT/bench/target/deploy
DEVICE=deploy-node
HOST=deploy-node.test
. "$ROOT/bench/node.sh"
trap stop_node EXIT
start_node

VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)
sensor() { # name interval
  printf '"%s": {"type": "karaf-feature", "version": "1.0", "restartPolicy": "always", "settings": {"repository": "mvn:io.strata/strata-features/%s/xml/features", "feature": "strata-sample-tempsensor", "configurationPid": "io.strata.samples.tempsensor"}, "env": {"SendInterval": {"value": 5}}}' "$1" "$VERSION"
}
manifest() { # modules
  printf '{"modulesContent": {"$edgeAgent": {"properties.desired": {"schemaVersion": "1.1", "runtime": {"type": "karaf"}, "modules": {%s}}}, "$edgeHub": {"properties.desired": {"schemaVersion": "1.1", "routes": {}}}}}' "$1" > "$WORK/manifest.json"
}
LOG=$NODE/data/log/karaf.log
millis() { # the time of a log line, in ms since the epoch
  python3 -c 'import sys, datetime; t = sys.argv[1].replace(",", "."); print(int(datetime.datetime.fromisoformat(t).timestamp() * 1000))' "$1"
}
# Prints the ms from the last "manifest received" line to the activation line of module $1.
measure() {
  local received active
  for _ in $(seq 100); do
    active=$(grep "Sensor $1 sends every" "$LOG" | tail -1 | cut -d' ' -f1 || true)
    [ -n "$active" ] && [ "$(grep -c "Sensor $1 sends every" "$LOG")" -ge "$ROUND" ] && break
    sleep 0.1
  done
  received=$(grep "Deployment manifest received" "$LOG" | tail -1 | cut -d' ' -f1)
  echo $(( $(millis "$active") - $(millis "$received") ))
}
deploy() { # prints edge:deploy's wall time in ms
  local start end
  start=$(date +%s%3N)
  shell "edge:deploy $WORK/manifest.json" | grep -q '^200' || { echo "deployment failed" >&2; shell "edge:deployment" >&2; exit 1; }
  end=$(date +%s%3N)
  echo $(( end - start ))
}

echo "== Strata $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(java -version 2>&1 | head -1)"
start=$(date +%s%3N); shell "edge:version" > /dev/null; echo "bin/client alone (edge:version): $(( $(date +%s%3N) - start )) ms"
printf '%-6s %-34s %-34s\n' round "new feature: to active / deploy" "installed feature: to active / deploy"
for ROUND in $(seq "$ROUNDS"); do
  manifest "$(sensor first)"; first_wall=$(deploy); first=$(measure first)
  manifest "$(sensor first), $(sensor second)"; second_wall=$(deploy); second=$(measure second)
  manifest ""; deploy > /dev/null
  printf '%-6s %-34s %-34s\n' "$ROUND" "$first ms / $first_wall ms" "$second ms / $second_wall ms"
done
