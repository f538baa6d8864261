package io.strata.shell.internal.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.hub.Event;
import io.strata.api.hub.EventLog;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Prints the events of the hub's event log, one JSON object a line, as az iot hub monitor-events shows them. */
@Command(scope = "edge", name = "monitor-events", description = "Shows the telemetry that reached the hub's event log "
        + "through $upstream routes (new events, or all retained with --from-start), until --count or --timeout")
@Service
public class MonitorEventsCommand implements Action {
    private static final int READ_BATCH = 256;
    private static final Duration POLL = Duration.ofMillis(200);

    // Optional: a mandatory reference would hold back every command of this bundle on nodes without the hub role.
    @Reference(optional = true)
    EventLog events;

    @Option(name = "-d", aliases = "--device", description = "only events sent by this device (or its modules)")
    String device;

    @Option(name = "-m", aliases = "--module", description = "only events sent by this module")
    String module;

    @Option(name = "-s", aliases = "--from-start", description = "begin with the oldest retained event, not the next new one")
    boolean fromStart;

    @Option(name = "-n", aliases = "--count", description = "stop after this many events; 0 for no limit")
    int count;

    @Option(name = "-t", aliases = "--timeout", description = "seconds to wait for events; 0 to print what is there and stop")
    int timeoutSeconds = 300;

    @Override
    public Object execute() throws InterruptedException {
        if (events == null) {
            throw new IllegalStateException("This node has no event log: the hub role runs on the top node, "
                    + "feature:install strata-hub");
        }
        long offset = fromStart ? 0 : events.nextOffset();
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        int shown = 0;
        while (count == 0 || shown < count) {
            List<Event> batch = events.read(offset, READ_BATCH);
            for (Event event : batch) {
                offset = event.offset() + 1;
                if (matches(event.message()) && (count == 0 || shown < count)) {
                    System.out.println(json(event));
                    shown++;
                }
            }
            if (batch.isEmpty()) {
                if (!Instant.now().isBefore(deadline)) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        return null;
    }

    private boolean matches(Message message) {
        return (device == null || device.equals(message.connectionDeviceId().orElse(null)))
                && (module == null || module.equals(message.connectionModuleId().orElse(null)));
    }

    private static String json(Event event) {
        Message message = event.message();
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode body = root.putObject("event");
        body.put("origin", message.connectionDeviceId().orElse(""));
        body.put("module", message.connectionModuleId().orElse(""));
        body.put("offset", event.offset());
        body.put("enqueuedTime", event.enqueuedTime().toString());
        body.set("payload", payload(message.body()));
        ObjectNode properties = body.putObject("properties");
        message.applicationProperties().forEach(properties.putObject("application")::put);
        ObjectNode system = properties.putObject("system");
        message.systemProperties().forEach((property, value) -> system.put(property.queryName(), value));
        return root.toString();
    }

    /** The body as JSON when it is JSON, as a string otherwise, like the Azure CLI shows it. */
    private static JsonNode payload(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
    }
}
