"""Turns the figures bench/run.sh collected (one JSON object a line, by label) into its table and results.json.

usage: table.py <results.jsonl> <results.json> <commit> <quick> <inflight> <clients>
"""
import datetime
import json
import os
import sys

source, target, commit, quick, inflight, clients = sys.argv[1:7]
figures = {}
for line in open(source):
    row = json.loads(line)
    figures.setdefault(row.pop("label"), {}).update(row)


def number(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def paced_at(rate):
    return f", paced at {number(rate)} msg/s" if rate else ""


def row(path, label, mosquitto=None):
    strata = figures.get(label, {})
    other = figures.get(mosquitto, {}) if mosquitto else {}
    rate, reference = strata.get("msgPerSec"), other.get("msgPerSec")
    return [path, number(rate), number(reference),
            number(rate / reference, 2) if rate and reference else "-",
            number(strata.get("p50Ms"), 2), number(strata.get("p99Ms"), 2),
            number(strata.get("serverCpuUsPerMsg"), 1), number(strata.get("generatorCpuUsPerMsg"), 1)]


def mosquitto_row(path, label):
    mosquitto = figures.get(label, {})
    return [path, "-", number(mosquitto.get("msgPerSec")), "-", number(mosquitto.get("p50Ms"), 2),
            number(mosquitto.get("p99Ms"), 2), number(mosquitto.get("serverCpuUsPerMsg"), 1),
            number(mosquitto.get("generatorCpuUsPerMsg"), 1)]


paced = figures.get("telemetry-strata-80", {}).get("rate")
connections = figures.get("connections", {})
memory = figures.get("connections-memory", {})
rows = [
    ["path", "Strata msg/s", "Mosquitto msg/s", "ratio", "p50 ms", "p99 ms", "CPU us/msg node", "CPU us/msg generator"],
    row(f"telemetry ingest, durable ({clients} clients x {inflight} in flight)", "telemetry-strata",
        "telemetry-mosquitto"),
    mosquitto_row("  the same on Mosquitto (its CPU as node)", "telemetry-mosquitto"),
    row(f"telemetry paced at 80 % of peak ({number(paced)} msg/s)", "telemetry-strata-80"),
    row("module output -> module input, MQTT (end to end)", "route-mqtt", "route-mosquitto"),
    mosquitto_row("  one client to another through Mosquitto (its CPU as node)", "route-mosquitto"),
    row(f"module output -> module input, in-process ({number(figures.get('route-inprocess', {}).get('inflight'))}"
        f" in flight, {number(figures.get('route-inprocess', {}).get('batch', 1))} per send"
        f"{paced_at(figures.get('route-inprocess', {}).get('rate'))}, end to end)",
        "route-inprocess"),
    row("  of which output -> stored (the sender's acknowledgement)", "route-inprocess-stored"),
    row("  write + fdatasync alone at that rate and batch (this machine's floor, bench process)", "commit-floor"),
    row(f"  the same beside a thread keeping {number(figures.get('commit-floor-beside', {}).get('besidePercent'))} % of a"
        " core busy (the rest of the node's share)", "commit-floor-beside"),
    row(f"drain of {number(figures.get('drain-mqtt', {}).get('messages'))} queued, to an MQTT module", "drain-mqtt"),
    row(f"drain of {number(figures.get('drain-inprocess', {}).get('messages'))} queued, to an in-process module",
        "drain-inprocess"),
    row("leaf -> child (PUBACK at the child)", "hierarchy-leaf-child"),
    row("leaf -> child -> parent -> hub (end to end)", "hierarchy-leaf-hub"),
    row(f"hierarchy drain of {number(figures.get('hierarchy-drain', {}).get('messages'))} queued after an outage",
        "hierarchy-drain"),
    row(f"device connections held: {number(connections.get('held'))} of {number(connections.get('attempted'))}"
        " (TLS, 1 msg / 10 s each; PUBACK)", "connections"),
]
widths = [max(len(cells[i]) for cells in rows) for i in range(len(rows[0]))]
for index, cells in enumerate(rows):
    print(" | ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells)))
    if index == 0:
        print("-+-".join("-" * width for width in widths))
if memory:
    print(f"memory per device connection on the node: heap {number(memory.get('heapKbPerConnection'), 1)} KB "
          f"(after a full GC: {number(memory.get('heapKbBefore'))} -> {number(memory.get('heapKbHeld'))} KB), "
          f"RSS {number(memory.get('rssKbPerConnection'), 1)} KB "
          f"({number(memory.get('rssKbBefore'))} -> {number(memory.get('rssKbHeld'))} KB)")
with open(target, "w") as out:
    json.dump({"commit": commit, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "cores": os.cpu_count(), "quick": quick == "true", "paths": figures}, out, indent=2)
print(f"figures: {target}")
