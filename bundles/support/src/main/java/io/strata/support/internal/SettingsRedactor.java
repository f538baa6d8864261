package io.strata.support.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A settings file as support may read it: the value of every secret key replaced by {@value #REMOVED},
 * and credentials in URLs removed. The values it removed are kept, so that the rest of the bundle (a
 * log line that quoted a bad value, say) can be scrubbed of them too.
 *
 * <p>A key is secret when its Metatype says it is a password, or when its name ends in {@code Key},
 * {@code Password} or {@code Secret} (or their plurals, {@code remotePasswords}), whatever the case.
 * A commented-out entry is treated like a live one: it often holds the old secret.
 */
final class SettingsRedactor {

    static final String REMOVED = "<removed>";

    /**
     * Shorter values, numbers and booleans are not scrubbed from free text: they would mangle it (a
     * JSON {@code true}), and are no secret worth the name.
     */
    private static final int SHORTEST_SCRUBBED = 6;
    private static final Pattern NOT_A_SECRET = Pattern.compile("(?i)true|false|\\d+");

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|password|secret)s?");
    // indentation, key, separator, value: the properties syntax Config Admin reads
    private static final Pattern ENTRY = Pattern.compile("^(\\s*)([^=:\\s#!]+)(\\s*[=:]\\s*|\\s+)(.*)$");
    // a commented-out entry, with = or : (a comment's words are separated by spaces)
    private static final Pattern COMMENTED_ENTRY = Pattern.compile("^(\\s*[#!]\\s*)([^=:\\s#!]+)(\\s*[=:]\\s*)(.*)$");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s,]+)@");
    private static final Pattern SAS_SIGNATURE = Pattern.compile("(?i)(\\bsig=)[^&\\s\"',]+");

    private final PasswordKeys passwordKeys;
    private final Set<String> removed = new HashSet<>();

    SettingsRedactor(PasswordKeys passwordKeys) {
        this.passwordKeys = passwordKeys;
    }

    /**
     * @param pid  the configuration the file holds ({@code io.strata.node} for {@code io.strata.node.cfg})
     * @param text the file's text
     */
    String redact(String pid, String text) {
        Set<String> passwords = passwordKeys.of(pid);
        StringBuilder out = new StringBuilder(text.length());
        boolean continuation = false;
        boolean secret = false;
        for (String line : text.split("\n", -1)) {
            if (continuation) {
                if (secret) {
                    remember(stripContinuation(line)); // the rest of a secret value goes with it
                } else {
                    out.append(withoutUrlCredentials(line)).append('\n');
                }
            } else {
                Matcher entry = (isComment(line) ? COMMENTED_ENTRY : ENTRY).matcher(line);
                secret = entry.matches() && isSecret(entry.group(2), passwords);
                if (secret) {
                    remember(stripContinuation(entry.group(4)));
                    out.append(entry.group(1)).append(entry.group(2)).append(entry.group(3))
                            .append(entry.group(4).isBlank() ? "" : REMOVED).append('\n');
                } else {
                    out.append(withoutUrlCredentials(line)).append('\n');
                }
            }
            continuation = continues(line) && (continuation || !isComment(line));
        }
        out.setLength(out.length() - 1); // the split added one line break too many
        return out.toString();
    }

    /**
     * {@code text} without any secret this redactor removed from a settings file, nor credentials in
     * URLs, nor the signatures of SAS tokens.
     */
    String scrub(String text) {
        String scrubbed = text;
        for (String secret : removed) {
            if (scrubbed.contains(secret)) {
                scrubbed = scrubbed.replace(secret, REMOVED);
            }
        }
        return SAS_SIGNATURE.matcher(withoutUrlCredentials(scrubbed)).replaceAll("$1" + REMOVED);
    }

    private static boolean isSecret(String key, Set<String> passwords) {
        return passwords.contains(key) || isSecretName(key);
    }

    /** Whether a key's name says it holds a secret, whatever declares it. */
    static boolean isSecretName(String key) {
        return SECRET_NAME.matcher(key).matches();
    }

    private String withoutUrlCredentials(String line) {
        Matcher url = URL_CREDENTIALS.matcher(line);
        if (!url.find()) {
            return line;
        }
        StringBuilder out = new StringBuilder();
        do {
            String userInfo = url.group(2);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                remember(userInfo.substring(colon + 1));
            }
            url.appendReplacement(out, Matcher.quoteReplacement(url.group(1) + REMOVED + "@"));
        } while (url.find());
        url.appendTail(out);
        return out.toString();
    }

    /** Keeps a removed value, and each of its comma-separated parts (a list of passwords). */
    private void remember(String value) {
        List<String> parts = new ArrayList<>(List.of(value.split(",")));
        parts.add(value);
        for (String part : parts) {
            String secret = part.strip();
            if (secret.length() >= SHORTEST_SCRUBBED && !NOT_A_SECRET.matcher(secret).matches()) {
                removed.add(secret);
            }
        }
    }

    /** A comment ends on its line, whatever it ends with. */
    private static boolean isComment(String line) {
        String stripped = line.strip();
        return stripped.startsWith("#") || stripped.startsWith("!");
    }

    /** A line ending in an odd number of backslashes goes on on the next line. */
    private static boolean continues(String line) {
        String stripped = line.stripTrailing();
        int backslashes = 0;
        for (int index = stripped.length() - 1; index >= 0 && stripped.charAt(index) == '\\'; index--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripContinuation(String value) {
        String stripped = value.strip();
        return continues(stripped) ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
