# Sourced by the benchmark scripts: a Strata node started from the built assembly in $WORK/node,
# with its own ports and a shell user. Needs ROOT, WORK, DEVICE and HOST set.
# MVN_ARGS goes to every Maven call, e.g. MVN_ARGS="-o -Dmaven.repo.local=/path/to/repository".
NODE=$WORK/node
# The assembly a node is unpacked from.
ASSEMBLY=${ASSEMBLY:-$ROOT/karaf-assembly/target/assembly}

maven() { mvn -B -q ${MVN_ARGS:-} "$@"; }
# The load generator's JVM. C1 only: on a small machine C2 would still be compiling during the measured phase,
# and its CPU time would count as the generator's (C1's code costs less CPU per message than that).
BENCH_JAVA=(java -XX:TieredStopAtLevel=1 -cp "$ROOT/bench/target/strata-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*")
# A port no listener holds now and that this run has not handed out before: the nodes of a tree get
# their ports before any of them binds, and the kernel may offer a port twice meanwhile.
free_port() {
  local handed=/tmp/strata-bench-ports.$$ port _
  for _ in $(seq 1 20); do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if ! grep -qx "$port" "$handed" 2>/dev/null; then echo "$port" >> "$handed"; echo "$port"; return; fi
  done
  echo "no free port that this run has not handed out already" >&2; return 1
}
set_property() { # file key value
  if grep -q "^$2 *=" "$1" 2>/dev/null; then sed -i "s|^$2 *=.*|$2 = $3|" "$1"; else echo "$2 = $3" >> "$1"; fi
}
shell() { "$NODE/bin/client" -a "$SSH_PORT" -h 127.0.0.1 -u bench -p bench-password -r 60 "$1" < /dev/zero 2>/dev/null | tr -d '\r'; }
token() { shell "edge:device-token -t 86400 $1" | tail -1; }

# Unpacks a fresh node and gives every listener a free port (TLS_PORT, AMQP_PORT, SSH_PORT, JMX), so that
# it never collides with another run or a node already on this machine.
prepare_node() {
  [ -d "$ASSEMBLY" ] || (cd "$ROOT" && maven install -DskipTests)
  rm -rf "$WORK" && mkdir -p "$WORK" && cp -r "$ASSEMBLY" "$NODE"
  TLS_PORT=$(free_port); AMQP_PORT=$(free_port); SSH_PORT=$(free_port)
  set_property "$NODE/etc/io.strata.node.cfg" hostname "$HOST"
  set_property "$NODE/etc/io.strata.node.cfg" deviceId "$DEVICE"
  set_property "$NODE/etc/io.strata.certs.cfg" serverCertIpAddresses 127.0.0.1
  set_property "$NODE/etc/io.strata.broker.cfg" tlsPort "$TLS_PORT"
  set_property "$NODE/etc/io.strata.amqp.cfg" port "$AMQP_PORT"
  set_property "$NODE/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
  set_property "$NODE/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$(free_port)"
  set_property "$NODE/etc/org.apache.karaf.management.cfg" rmiServerPort "$(free_port)"
  set_property "$NODE/etc/io.strata.apiproxy.cfg" port "$(free_port)"
  printf '\nbench = bench-password,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
    >> "$NODE/etc/users.properties"
}
launch_node() {
  "$NODE/bin/karaf" server > "$WORK/karaf.out" 2>&1 &
  NODE_LAUNCHER=$!
}
# A fresh node (prepare_node), started; returns once its shell answers.
start_node() {
  prepare_node
  launch_node
  until shell "edge:devices" | grep -q "$DEVICE"; do sleep 2; done
}

# The process id of the node's JVM (bin/karaf runs it as a child, so that it can restart it).
node_pid() { ps --ppid "$NODE_LAUNCHER" -o pid=,comm= | awk '$2 == "java" {print $1}'; }

# Returns once the node's JVM has ended (at most 2 minutes): its first exit writes its class archive
# (bin/java-cds), which takes CPU seconds a next measurement must not share.
stop_node() {
  "$NODE/bin/stop" >/dev/null 2>&1 || true
  [ -n "${NODE_LAUNCHER:-}" ] || return 0
  for _ in $(seq 240); do kill -0 "$NODE_LAUNCHER" 2>/dev/null || return 0; sleep 0.5; done
}
