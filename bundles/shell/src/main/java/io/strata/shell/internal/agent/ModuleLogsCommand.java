package io.strata.shell.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import io.strata.shell.internal.topology.ThisNode;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Prints a module's log entries on this node. It asks this node's {@code $edgeAgent} with
 * GetModuleLogs, so it selects exactly what the method selects when the hub asks from above.
 */
@Command(scope = "edge", name = "module-logs", description = "Shows the log entries of a module of this node",
        detailedDescription = "edge:module-logs [--tail n] [--since 10m] [--until time] [--level WARN] "
                + "[--regex text] [--json] <module>; edgeAgent and edgeHub are modules too. since and until take an RFC 3339 "
                + "timestamp, UNIX seconds or a duration back from now (90m, 1 d, 2 days 3 hours); --level keeps "
                + "that level and the more severe ones (a name or a syslog severity 0-7)")
@Service
public class ModuleLogsCommand implements Action {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // Optional: a mandatory reference would hold back every command of this bundle while the edge hub is not installed.
    @Reference(optional = true)
    DirectMethods methods;

    @Reference
    ThisNode node;

    @Argument(index = 0, name = "module", required = true, description = "the module's name, edgeAgent or edgeHub")
    String module;

    @Option(name = "--tail", aliases = "-n", description = "Only the last n entries")
    Integer tail;

    @Option(name = "--since", aliases = "-s", description = "Only entries from then on: a timestamp, UNIX seconds or a duration back (10m)")
    String since;

    @Option(name = "--until", aliases = "-u", description = "Only entries before then: a timestamp, UNIX seconds or a duration back")
    String until;

    @Option(name = "--level", aliases = "-l", description = "Only entries at this level or more severe: ERROR, WARN, INFO, DEBUG or 0-7")
    String level;

    @Option(name = "--regex", aliases = "-r", description = "Only entries whose text matches this regular expression")
    String regex;

    @Option(name = "--json", description = "Print the entries as JSON objects (timestamp, logLevel, bundle, logger, text)")
    boolean json;

    @Override
    public Object execute() {
        if (methods == null) {
            throw new IllegalStateException("The edge hub is not running: feature:install strata-edgehub");
        }
        IdentityId agent = IdentityId.module(node.deviceId(), "$edgeAgent");
        MethodResult result = methods.invoke(DirectMethods.FROM_SHELL, agent, "GetModuleLogs", request().toString(), TIMEOUT);
        JsonNode answer = read(result.payload());
        if (result.status() != 200) {
            throw new IllegalArgumentException(answer.path("message").asText(result.payload()));
        }
        if (answer.isEmpty()) {
            throw new IllegalArgumentException("No module '" + module + "' on this node: edge:modules lists them, "
                    + "and edgeAgent and edgeHub are there too");
        }
        JsonNode payload = answer.get(0).get("payload");
        System.out.println(payload.isTextual() ? payload.asText() : payload.toPrettyString());
        return null;
    }

    private ObjectNode request() {
        ObjectNode request = Json.mapper().createObjectNode().put("schemaVersion", "1.0")
                .put("encoding", "none").put("contentType", json ? "json" : "text");
        ObjectNode filter = request.putArray("items").addObject()
                .put("id", "^" + Pattern.quote(module) + "$").putObject("filter");
        if (tail != null) {
            filter.put("tail", tail);
        }
        if (since != null) {
            filter.put("since", since);
        }
        if (until != null) {
            filter.put("until", until);
        }
        if (level != null) {
            filter.put("loglevel", level);
        }
        if (regex != null) {
            filter.put("regex", regex);
        }
        return request;
    }

    private static JsonNode read(String payload) {
        try {
            return Json.mapper().readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("The agent answered no JSON: " + payload, e);
        }
    }
}
