package io.strata.agent.internal.methods;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strata.agent.internal.runtime.ModuleBundles;
import io.strata.api.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The log entries of the modules a GetModuleLogs or UploadModuleLogs request selects, read from the
 * node's log files as far back as its filters need, and their content as IoT Edge writes it.
 */
final class ModuleLogs {

    /** One module an item selected, with the entries its filter selected. */
    record Selected(String module, List<LogLine> lines) {
    }

    private final ModuleBundles modules;
    private final KarafLogFile log;

    ModuleLogs(ModuleBundles modules, KarafLogFile log) {
        this.modules = modules;
        this.log = log;
    }

    /** Each module each item's id matches, in the items' order, with the entries of the item's filter. */
    List<Selected> select(ModuleLogsRequest request) {
        Map<String, Set<String>> bundles = modules.symbolicNames();
        Set<String> wanted = new HashSet<>();
        bundles.values().forEach(wanted::addAll);
        List<LogLine> lines;
        try {
            lines = log.read(wanted, (read, readFrom) -> request.items().stream().allMatch(item ->
                    bundles.entrySet().stream().filter(module -> item.id().matcher(module.getKey()).find())
                            .allMatch(module -> item.filter().complete(own(read, module.getValue()), readFrom))));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + log.file(), e);
        }
        List<Selected> selected = new ArrayList<>();
        for (ModuleLogsRequest.Item item : request.items()) {
            for (Map.Entry<String, Set<String>> module : bundles.entrySet()) {
                if (item.id().matcher(module.getKey()).find()) {
                    selected.add(new Selected(module.getKey(), item.filter().select(own(lines, module.getValue()))));
                }
            }
        }
        return selected;
    }

    private static List<LogLine> own(List<LogLine> lines, Set<String> bundles) {
        return lines.stream().filter(line -> bundles.contains(line.bundle())).toList();
    }

    /** The entries as lines of text, as they stand in the log. */
    static String text(List<LogLine> lines) {
        return lines.stream().map(LogLine::line).collect(Collectors.joining("\n"));
    }

    /** The entries as IoT Edge's JSON log entries. */
    static ArrayNode entries(String module, List<LogLine> lines) {
        ArrayNode entries = Json.mapper().createArrayNode();
        lines.forEach(line -> entries.addObject().put("timestamp", line.timestamp().toString())
                .put("logLevel", line.syslogLevel()).put("level", line.level()).put("moduleId", module)
                .put("bundle", line.bundle()).put("logger", line.logger()).put("text", line.text()));
        return entries;
    }

    static byte[] gzip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
            zip.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not on a byte array
        }
        return bytes.toByteArray();
    }
}
