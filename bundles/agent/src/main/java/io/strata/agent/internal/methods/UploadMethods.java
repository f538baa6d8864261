package io.strata.agent.internal.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;
import io.strata.api.module.MethodResult;
import io.strata.api.support.SupportBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * IoT Edge's upload methods of the agent: {@code UploadModuleLogs} and {@code UploadSupportBundle}
 * answer at once with a task's {@code status} and {@code correlationId} and upload in the background
 * to the container of their {@code sasUrl}; {@code GetTaskStatus} tells how a task stands
 * (NotStarted, Running, Completed, Failed with a message naming why, Cancelled). Blobs are named as
 * IoT Edge names them, {@code <device>/<module>-<yyyy-MM-dd--HH-mm-ss>.<log|json|gz>} and
 * {@code <device>/support-bundle-<yyyy-MM-dd--HH-mm-ss>.zip}.
 */
final class UploadMethods {

    static final String MODULE_LOGS = "UploadModuleLogs";
    static final String SUPPORT_BUNDLE = "UploadSupportBundle";
    static final String TASK_STATUS = "GetTaskStatus";

    private static final int SERVICE_UNAVAILABLE = 503;
    private static final DateTimeFormatter BLOB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd--HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    private final String deviceId;
    private final ModuleLogs logs;
    private final Supplier<Optional<SupportBundles>> supportBundles;
    private final BlobUploader uploader;
    private final UploadTasks tasks;
    private final Clock clock;

    UploadMethods(String deviceId, ModuleLogs logs, Supplier<Optional<SupportBundles>> supportBundles,
            BlobUploader uploader, UploadTasks tasks, Clock clock) {
        this.deviceId = deviceId;
        this.logs = logs;
        this.supportBundles = supportBundles;
        this.uploader = uploader;
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * {@code {"schemaVersion":"1.0","sasUrl":"...","items":[...],"encoding":"none|gzip","contentType":"text|json"}}:
     * one blob per module selected, as GetModuleLogs selects them.
     */
    MethodResult moduleLogs(String payload) throws BadPayloadException {
        ObjectNode request = Payloads.request(MODULE_LOGS, payload);
        SasUrl url = sasUrl(request);
        ModuleLogsRequest selection = ModuleLogsRequest.of(request, clock.instant());
        String extension = selection.gzip() ? "gz" : selection.json() ? "json" : "log";
        String contentType = selection.gzip() ? "application/gzip"
                : selection.json() ? "application/json" : "text/plain; charset=utf-8";
        return answer(tasks.start(MODULE_LOGS + " to " + url, () -> {
            for (ModuleLogs.Selected selected : logs.select(selection)) {
                String content = selection.json() ? ModuleLogs.entries(selected.module(), selected.lines()).toString()
                        : ModuleLogs.text(selected.lines());
                byte[] bytes = selection.gzip() ? ModuleLogs.gzip(content) : content.getBytes(StandardCharsets.UTF_8);
                Path file = Files.createTempFile("strata-module-logs-", "." + extension);
                try {
                    Files.write(file, bytes);
                    uploader.upload(url, blobName(selected.module(), extension), file, contentType);
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }));
    }

    /**
     * {@code {"schemaVersion":"1.0","sasUrl":"...","since":"...","until":"...","edgeRuntimeOnly":false}}:
     * the node's support bundle, its log lines between {@code since} and {@code until} when given. The
     * bundle holds the whole node either way: there are no module containers to leave out.
     */
    MethodResult supportBundle(String payload) throws BadPayloadException {
        ObjectNode request = Payloads.request(SUPPORT_BUNDLE, payload);
        SasUrl url = sasUrl(request);
        Instant now = clock.instant();
        Instant since = LogFilter.time("since", request.get("since"), now);
        Instant until = LogFilter.time("until", request.get("until"), now);
        JsonNode runtimeOnly = request.get("edgeRuntimeOnly");
        if (runtimeOnly != null && !runtimeOnly.isNull() && !runtimeOnly.isBoolean()) {
            throw new BadPayloadException("edgeRuntimeOnly must be true or false, not " + runtimeOnly);
        }
        SupportBundles bundles = supportBundles.get().orElse(null);
        if (bundles == null) {
            return new MethodResult(SERVICE_UNAVAILABLE, Json.message("This node writes no support bundles: the "
                    + "feature strata-support is not running"));
        }
        String blobName = blobName("support-bundle", "zip");
        return answer(tasks.start(SUPPORT_BUNDLE + " to " + url, () -> {
            Path folder = Files.createTempDirectory("strata-support-bundle-");
            Path zip = folder.resolve("support-bundle.zip");
            try {
                bundles.write(zip, since, until);
                uploader.upload(url, blobName, zip, "application/zip");
            } finally {
                Files.deleteIfExists(zip);
                Files.deleteIfExists(folder);
            }
        }));
    }

    /** {@code {"schemaVersion":"1.0","correlationId":"..."}}: the task's status, 404 for a task not known. */
    MethodResult taskStatus(String payload) throws BadPayloadException {
        ObjectNode request = Payloads.request(TASK_STATUS, payload);
        String id = Payloads.requiredText(request.get("correlationId"), "correlationId");
        return tasks.status(id).map(UploadMethods::answer).orElseGet(() -> new MethodResult(MethodResult.NOT_FOUND,
                Json.message("No task has correlationId " + id + ": this agent knows the last " + UploadTasks.KEPT
                        + " tasks since it started")));
    }

    private static SasUrl sasUrl(ObjectNode request) throws BadPayloadException {
        return SasUrl.parse("sasUrl", Payloads.requiredText(request.get("sasUrl"), "sasUrl"));
    }

    private String blobName(String name, String extension) {
        return deviceId + "/" + name + "-" + BLOB_TIME.format(clock.instant()) + "." + extension;
    }

    private static MethodResult answer(UploadTasks.Task task) {
        return new MethodResult(EdgeAgentMethods.OK, Json.mapper().createObjectNode()
                .put("status", task.status().name()).put("message", task.message())
                .put("correlationId", task.correlationId()).toString());
    }
}
