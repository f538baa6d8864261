package io.strata.agent.internal.methods;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.agent.internal.runtime.ModuleBundles;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.json.Json;
import io.strata.api.module.MethodHandler;
import io.strata.api.module.MethodResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The direct methods IoT Edge's agent answers as module {@code $edgeAgent}, with its payloads:
 * {@code ping}, {@code RestartModule} and {@code GetModuleLogs}. The uploads (UploadModuleLogs,
 * UploadSupportBundle) and so {@code GetTaskStatus} are not there yet: they answer 501 saying so.
 * A payload that cannot be served answers 400 naming the field.
 */
final class EdgeAgentMethods {

    static final int OK = 200;
    static final int BAD_REQUEST = 400;
    static final int PAYLOAD_TOO_LARGE = 413;
    static final int NOT_IMPLEMENTED = 501;
    /** What IoT Hub lets a direct method answer hold; the tree carries no more either. */
    static final int MAX_ANSWER_BYTES = 128 * 1024;

    private static final List<String> NOT_YET = List.of("UploadModuleLogs", "UploadSupportBundle", "GetTaskStatus");

    private final EdgeAgent agent;
    private final ModuleBundles modules;
    private final KarafLogFile log;
    private final Clock clock;

    EdgeAgentMethods(EdgeAgent agent, ModuleBundles modules, KarafLogFile log, Clock clock) {
        this.agent = agent;
        this.modules = modules;
        this.log = log;
        this.clock = clock;
    }

    /** Every method by name, for the {@code $edgeAgent} module client. */
    Map<String, MethodHandler> handlers() {
        Map<String, MethodHandler> handlers = new LinkedHashMap<>();
        handlers.put("ping", (name, payload) -> ping());
        handlers.put(RestartModuleRequest.METHOD, (name, payload) -> answer(() -> restartModule(payload)));
        handlers.put(ModuleLogsRequest.METHOD, (name, payload) -> answer(() -> moduleLogs(payload)));
        NOT_YET.forEach(method -> handlers.put(method, (name, payload) -> new MethodResult(NOT_IMPLEMENTED,
                Json.message(name + " is not supported yet: this node uploads no logs or support bundles; "
                        + "fetch the logs with GetModuleLogs"))));
        return handlers;
    }

    /** Answers 200 with an empty payload, as IoT Edge's agent does: it runs and is reachable. */
    MethodResult ping() {
        return new MethodResult(OK, "null");
    }

    /** Restarts a deployed module now, whatever its restart policy; 404 for a module not deployed here. */
    MethodResult restartModule(String payload) throws BadPayloadException {
        RestartModuleRequest request = RestartModuleRequest.parse(payload);
        try {
            agent.restartModule(request.moduleId());
        } catch (IllegalArgumentException e) {
            return new MethodResult(MethodResult.NOT_FOUND, Json.message(e.getMessage()));
        }
        return new MethodResult(OK, "null");
    }

    /**
     * The selected log entries of each module an item's id matches, as IoT Edge answers them:
     * {@code [{"id":"<module>","payload":<text or JSON entries>}]}, or {@code "payloadBytes"} holding
     * them gzipped in Base64.
     */
    MethodResult moduleLogs(String payload) throws BadPayloadException {
        ModuleLogsRequest request = ModuleLogsRequest.parse(payload, clock.instant());
        Map<String, Set<String>> bundles = modules.symbolicNames();
        Set<String> wanted = new HashSet<>();
        bundles.values().forEach(wanted::addAll);
        List<LogLine> lines;
        try {
            lines = log.read(wanted);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + log.file(), e);
        }
        ArrayNode answer = Json.mapper().createArrayNode();
        for (ModuleLogsRequest.Item item : request.items()) {
            for (Map.Entry<String, Set<String>> module : bundles.entrySet()) {
                if (item.id().matcher(module.getKey()).find()) {
                    List<LogLine> own = lines.stream().filter(line -> module.getValue().contains(line.bundle())).toList();
                    answer.add(moduleAnswer(module.getKey(), item.filter().select(own), request));
                }
            }
        }
        String text = answer.toString();
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_ANSWER_BYTES) {
            return new MethodResult(PAYLOAD_TOO_LARGE, Json.message("The selected logs take " + size
                    + " bytes, more than the " + MAX_ANSWER_BYTES + " a method answer holds: select fewer lines with "
                    + "filter.tail, since, until, loglevel or regex, or ask for encoding gzip"));
        }
        return new MethodResult(OK, text);
    }

    private static ObjectNode moduleAnswer(String module, List<LogLine> lines, ModuleLogsRequest request) {
        ObjectNode answer = Json.mapper().createObjectNode().put("id", module);
        String content;
        if (request.json()) {
            ArrayNode entries = answer.arrayNode();
            lines.forEach(line -> entries.addObject().put("timestamp", line.timestamp().toString())
                    .put("logLevel", line.syslogLevel()).put("level", line.level()).put("moduleId", module)
                    .put("bundle", line.bundle()).put("logger", line.logger()).put("text", line.text()));
            if (!request.gzip()) {
                answer.set("payload", entries);
                return answer;
            }
            content = entries.toString();
        } else {
            content = lines.stream().map(LogLine::line).collect(Collectors.joining("\n"));
            if (!request.gzip()) {
                return answer.put("payload", content);
            }
        }
        return answer.put("payloadBytes", Base64.getEncoder().encodeToString(gzip(content)));
    }

    private static byte[] gzip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
            zip.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not on a byte array
        }
        return bytes.toByteArray();
    }

    private interface Method {
        MethodResult call() throws BadPayloadException;
    }

    private static MethodResult answer(Method method) {
        try {
            return method.call();
        } catch (BadPayloadException e) {
            return new MethodResult(BAD_REQUEST, Json.message(e.getMessage()));
        }
    }
}
