package io.strata.registry.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * This node's Maven resolver's list of remote repositories ({@code org.ops4j.pax.url.mvn.repositories}
 * through Config Admin): the registry's own entry goes first, so that Karaf resolves through the
 * registry before anything else it is configured with, and leaves again when the registry stops. The
 * other entries stay as they are.
 */
final class ResolverRepositories {

    static final String PID = "org.ops4j.pax.url.mvn";
    static final String REPOSITORIES = PID + ".repositories";

    private static final Pattern OURS = Pattern.compile("@id=" + Pattern.quote(ResolverRepository.ID) + "(@|$)");

    private final ConfigurationAdmin configurations;

    ResolverRepositories(ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    /** Puts {@code entry} (one with {@code @id=} {@link ResolverRepository#ID}) first, replacing an earlier one. */
    void add(String entry) throws IOException {
        update(Optional.of(entry));
    }

    void remove() throws IOException {
        update(Optional.empty());
    }

    private void update(Optional<String> entry) throws IOException {
        Configuration configuration = configurations.getConfiguration(PID, null);
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        Object current = properties.get(REPOSITORIES);
        String updated = withEntry(current == null ? "" : current.toString(), entry);
        if (!updated.equals(current == null ? "" : current.toString())) {
            properties.put(REPOSITORIES, updated);
            configuration.update(properties);
        }
    }

    /** {@code repositories} with the registry's entry, if any, first and any earlier one of it gone. */
    static String withEntry(String repositories, Optional<String> entry) {
        List<String> entries = new ArrayList<>();
        entry.ifPresent(entries::add);
        for (String existing : repositories.split(",")) {
            String trimmed = existing.trim();
            if (!trimmed.isEmpty() && !OURS.matcher(trimmed).find()) {
                entries.add(trimmed);
            }
        }
        return String.join(", ", entries);
    }
}
