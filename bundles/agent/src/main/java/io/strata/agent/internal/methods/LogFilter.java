package io.strata.agent.internal.methods;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code filter} of one GetModuleLogs item, as IoT Edge reads it: entries logged from
 * {@code since} and before {@code until}, at {@code loglevel} or more severe (syslog severities,
 * 3 error ... 7 debug), whose text matches {@code regex} somewhere; then the last {@code tail} of
 * them. Each field is optional (null).
 */
record LogFilter(Integer tail, Instant since, Instant until, Integer logLevel, Pattern regex) {

    static final LogFilter NONE = new LogFilter(null, null, null, null, null);

    private static final Set<String> FIELDS = Set.of("tail", "since", "until", "loglevel", "regex");

    List<LogLine> select(List<LogLine> lines) {
        List<LogLine> selected = lines.stream()
                .filter(line -> since == null || !line.timestamp().isBefore(since))
                .filter(line -> until == null || line.timestamp().isBefore(until))
                .filter(line -> logLevel == null || line.syslogLevel() <= logLevel)
                .filter(line -> regex == null || regex.matcher(line.text()).find())
                .toList();
        return tail == null || selected.size() <= tail ? selected : selected.subList(selected.size() - tail, selected.size());
    }

    /**
     * Whether a module's entries read so far ({@code own}, oldest first) hold all this filter selects,
     * so that older log files need not be read: the reading reached back to {@code since}, or there are
     * {@code tail} selected entries already.
     *
     * @param readFrom the time of the oldest entry read, of any module; null when nothing was read
     */
    boolean complete(List<LogLine> own, Instant readFrom) {
        return since != null && readFrom != null && !readFrom.isAfter(since)
                || tail != null && select(own).size() >= tail;
    }

    /**
     * @param field the filter's place in the payload, e.g. {@code items[0].filter}, for the errors
     * @param now   what durations in {@code since} and {@code until} count back from
     * @throws BadPayloadException naming the field that is wrong
     */
    static LogFilter parse(String field, JsonNode filter, Instant now) throws BadPayloadException {
        if (filter == null || filter.isNull()) {
            return NONE;
        }
        if (!filter.isObject()) {
            throw new BadPayloadException(field + " must be an object, not " + filter);
        }
        for (Iterator<String> names = filter.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadPayloadException(field + "." + name + " is unknown: a filter has tail, since, until, "
                        + "loglevel and regex");
            }
        }
        return new LogFilter(tail(field + ".tail", filter.get("tail")),
                time(field + ".since", filter.get("since"), now), time(field + ".until", filter.get("until"), now),
                level(field + ".loglevel", filter.get("loglevel")), regex(field + ".regex", filter.get("regex")));
    }

    private static Integer tail(String field, JsonNode value) throws BadPayloadException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0) {
            return value.intValue();
        }
        if (value.isTextual() && value.asText().matches("\\d{1,9}")) {
            return Integer.parseInt(value.asText());
        }
        throw new BadPayloadException(field + " must be a number of lines, 0 or more, not " + value);
    }

    /** A point in time of a payload: RFC 3339, UNIX seconds (as a number or text) or a duration back from now. */
    static Instant time(String field, JsonNode value, Instant now) throws BadPayloadException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochSecond(value.longValue());
        }
        if (!value.isTextual()) {
            throw new BadPayloadException(field + " must be a timestamp, UNIX seconds or a duration, not " + value);
        }
        return PointInTime.parse(field, value.asText(), now);
    }

    private static Integer level(String field, JsonNode value) throws BadPayloadException {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        if (text.matches("[0-7]")) {
            return Integer.parseInt(text);
        }
        if (value.isTextual()) {
            try {
                return LogLine.syslogLevel(text);
            } catch (IllegalArgumentException e) {
                throw new BadPayloadException(field + " " + e.getMessage());
            }
        }
        throw new BadPayloadException(field + " must be a syslog severity 0-7 or a level name, not " + value);
    }

    private static Pattern regex(String field, JsonNode value) throws BadPayloadException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadPayloadException(field + " must be a regular expression in a string, not " + value);
        }
        return ModuleLogsRequest.pattern(field, value.asText());
    }
}
