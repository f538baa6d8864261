package io.strata.agent.internal.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A GetModuleLogs request, as IoT Edge's agent takes it:
 * {@code {"schemaVersion":"1.0","items":[{"id":"<module regex>","filter":{...}}],"encoding":"none",
 * "contentType":"text"}}. An item's {@code id} is a regular expression found in the module names it
 * selects ({@code edge} selects edgeAgent and edgeHub); {@code encoding} is {@code none} (the
 * default) or {@code gzip}, {@code contentType} {@code text} (the default) or {@code json}.
 */
record ModuleLogsRequest(List<Item> items, boolean gzip, boolean json) {

    record Item(Pattern id, LogFilter filter) {
    }

    static final String METHOD = "GetModuleLogs";

    /** @throws BadPayloadException naming the field that is wrong */
    static ModuleLogsRequest parse(String payload, Instant now) throws BadPayloadException {
        return of(Payloads.request(METHOD, payload), now);
    }

    /** The log selection of a GetModuleLogs or UploadModuleLogs request. */
    static ModuleLogsRequest of(ObjectNode request, Instant now) throws BadPayloadException {
        JsonNode items = request.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw new BadPayloadException("items must be a non-empty array of {\"id\":\"<module regex>\",\"filter\":{...}}, not "
                    + (items == null ? "missing" : items.toString()));
        }
        List<Item> parsed = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            String field = "items[" + index + "]";
            JsonNode item = items.get(index);
            if (!item.isObject()) {
                throw new BadPayloadException(field + " must be an object with id and filter, not " + item);
            }
            Pattern id = pattern(field + ".id", Payloads.requiredText(item.get("id"), field + ".id").trim());
            parsed.add(new Item(id, LogFilter.parse(field + ".filter", item.get("filter"), now)));
        }
        boolean gzip = Payloads.oneOf(request, "encoding", "none", "none", "gzip").equals("gzip");
        boolean json = Payloads.oneOf(request, "contentType", "text", "text", "json").equals("json");
        return new ModuleLogsRequest(List.copyOf(parsed), gzip, json);
    }

    static Pattern pattern(String field, String regex) throws BadPayloadException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new BadPayloadException(field + " '" + regex + "' is no regular expression: " + e.getDescription());
        }
    }
}
