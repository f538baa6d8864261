package io.strata.agent.internal.methods;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.json.Json;
import io.strata.api.module.MethodHandler;
import io.strata.api.module.MethodResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The direct methods IoT Edge's agent answers as module {@code $edgeAgent}, with its payloads:
 * {@code ping}, {@code RestartModule}, {@code GetModuleLogs}, and the uploads of {@link UploadMethods}
 * ({@code UploadModuleLogs}, {@code UploadSupportBundle}, {@code GetTaskStatus}). A payload that cannot
 * be served answers 400 naming the field.
 */
final class EdgeAgentMethods {

    static final int OK = 200;
    static final int BAD_REQUEST = 400;
    static final int PAYLOAD_TOO_LARGE = 413;
    /** What IoT Hub lets a direct method answer hold; the tree carries no more either. */
    static final int MAX_ANSWER_BYTES = 128 * 1024;

    private final EdgeAgent agent;
    private final ModuleLogs logs;
    private final UploadMethods uploads;
    private final Clock clock;

    EdgeAgentMethods(EdgeAgent agent, ModuleLogs logs, UploadMethods uploads, Clock clock) {
        this.agent = agent;
        this.logs = logs;
        this.uploads = uploads;
        this.clock = clock;
    }

    /** Every method by name, for the {@code $edgeAgent} module client. */
    Map<String, MethodHandler> handlers() {
        Map<String, MethodHandler> handlers = new LinkedHashMap<>();
        handlers.put("ping", (name, payload) -> ping());
        handlers.put(RestartModuleRequest.METHOD, (name, payload) -> answer(() -> restartModule(payload)));
        handlers.put(ModuleLogsRequest.METHOD, (name, payload) -> answer(() -> moduleLogs(payload)));
        handlers.put(UploadMethods.MODULE_LOGS, (name, payload) -> answer(() -> uploads.moduleLogs(payload)));
        handlers.put(UploadMethods.SUPPORT_BUNDLE, (name, payload) -> answer(() -> uploads.supportBundle(payload)));
        handlers.put(UploadMethods.TASK_STATUS, (name, payload) -> answer(() -> uploads.taskStatus(payload)));
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
        ArrayNode answer = Json.mapper().createArrayNode();
        for (ModuleLogs.Selected selected : logs.select(request)) {
            answer.add(moduleAnswer(selected, request));
        }
        String text = answer.toString();
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_ANSWER_BYTES) {
            return new MethodResult(PAYLOAD_TOO_LARGE, Json.message("The selected logs take " + size
                    + " bytes, more than the " + MAX_ANSWER_BYTES + " a method answer holds: select fewer lines with "
                    + "filter.tail, since, until, loglevel or regex, ask for encoding gzip, or upload them with "
                    + "UploadModuleLogs"));
        }
        return new MethodResult(OK, text);
    }

    private static ObjectNode moduleAnswer(ModuleLogs.Selected selected, ModuleLogsRequest request) {
        ObjectNode answer = Json.mapper().createObjectNode().put("id", selected.module());
        String content;
        if (request.json()) {
            ArrayNode entries = ModuleLogs.entries(selected.module(), selected.lines());
            if (!request.gzip()) {
                answer.set("payload", entries);
                return answer;
            }
            content = entries.toString();
        } else {
            content = ModuleLogs.text(selected.lines());
            if (!request.gzip()) {
                return answer.put("payload", content);
            }
        }
        return answer.put("payloadBytes", Base64.getEncoder().encodeToString(ModuleLogs.gzip(content)));
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
