package io.strata.site.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.strata.api.certs.CertificateRequest;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.node.NodeNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a site's YAML file and refuses it, naming every problem, when it does not describe one tree of
 * nodes with valid names, protocols, ports and readable deployment manifests.
 *
 * <pre>
 * pki:                      # optional
 *   folder: pki             # relative to this file; default pki
 *   rootCommonName: Plant 1 root CA
 * nodes:
 *   - name: hub             # the top: the node that runs edge:config-bundles
 *     hostname: hub.plant.example
 *   - name: line-1
 *     hostname: line-1.plant.example
 *     parent: hub
 *     protocol: amqp        # or mqtt; default amqp
 *     auth: sas             # or x509: an identity certificate from the site's root CA; default sas
 *     port: 5671            # the parent's port; default the parent's listener for the protocol
 *     deployment: line-1.json   # a file relative to this one, or the manifest inline
 *     leafDevices: [sensor-1]
 *     modules: [observer]
 * </pre>
 */
final class SiteFile {

    static final String DEFAULT_PKI_FOLDER = "pki";
    static final String DEFAULT_ROOT_COMMON_NAME = "Strata site root CA";
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private SiteFile() {
    }

    /** The file's content as it is written. */
    record Document(Pki pki, List<Node> nodes) {
    }

    record Pki(String folder, String rootCommonName) {
    }

    record Listeners(Integer mqtt, Integer amqp) {
    }

    record Node(String name, String hostname, String parent, String protocol, String auth, Integer port,
            String address,
            Listeners listeners, List<String> dnsNames, List<String> ipAddresses, JsonNode deployment,
            List<String> leafDevices, List<String> modules) {
    }

    /**
     * @throws InvalidSiteException naming the file and every problem in it
     * @throws IOException          when the file cannot be read
     */
    static Site read(Path file) throws IOException {
        Path site = file.toAbsolutePath().normalize();
        Document document;
        try {
            document = YAML.readValue(Files.readString(site, StandardCharsets.UTF_8), Document.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidSiteException(site, List.of(path(e) + ": unknown key; known there: " + e.getKnownPropertyIds()));
        } catch (JsonProcessingException e) {
            throw new InvalidSiteException(site, List.of(e.getOriginalMessage() + " (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")"));
        }
        if (document == null || document.nodes() == null || document.nodes().isEmpty()) {
            throw new InvalidSiteException(site, List.of("it names no nodes: add a 'nodes' list"));
        }
        return new Reader(site).site(document);
    }

    /** One reading: collects the problems of every node before refusing the file. */
    private static final class Reader {

        private final Path file;
        private final List<String> problems = new ArrayList<>();

        Reader(Path file) {
            this.file = file;
        }

        Site site(Document document) {
            Map<String, Node> byName = new LinkedHashMap<>();
            Map<String, String> hostnames = new HashMap<>();
            Set<String> identities = new HashSet<>();
            for (Node node : document.nodes()) {
                if (node == null || blank(node.name())) {
                    problems.add("a node has no name");
                    continue;
                }
                if (byName.putIfAbsent(node.name(), node) != null) {
                    problems.add("node '" + node.name() + "' is named twice");
                    continue;
                }
                requireId("node '" + node.name() + "'", node.name(), null);
                int longestName = CertificateRequest.MAX_COMMON_NAME_LENGTH - SitePki.DEVICE_CA_SUFFIX.length();
                if (node.name().length() > longestName) {
                    problems.add("node '" + node.name() + "': the name has " + node.name().length() + " characters; "
                            + "its device CA's common name allows " + longestName);
                }
                identities.add(node.name());
                String hostname = hostnameOf(node);
                if (hostnames.containsValue(hostname)) {
                    problems.add("node '" + node.name() + "': hostname " + hostname + " is another node's too");
                }
                hostnames.put(node.name(), hostname);
            }
            for (Node node : byName.values()) {
                for (String leaf : list(node.leafDevices())) {
                    if (requireId("node '" + node.name() + "': leaf device", leaf, null) && !identities.add(leaf)) {
                        problems.add("node '" + node.name() + "': leaf device '" + leaf + "' is named twice in the site");
                    }
                }
                for (String module : list(node.modules())) {
                    requireId("node '" + node.name() + "': module", node.name(), module);
                }
            }
            List<Node> tops = byName.values().stream().filter(node -> blank(node.parent())).toList();
            if (tops.size() != 1) {
                problems.add(tops.isEmpty() ? "no node is the top: one node has no parent"
                        : "more than one node has no parent: " + tops.stream().map(Node::name).toList()
                                + "; a site has one top");
            }
            List<Node> ordered = treeOrder(byName, tops);
            List<SiteNode> nodes = new ArrayList<>();
            Map<String, SiteNode> done = new HashMap<>();
            for (Node node : ordered) {
                SiteNode siteNode = siteNode(node, hostnames.get(node.name()), done.get(node.parent()));
                done.put(node.name(), siteNode);
                nodes.add(siteNode);
            }
            Pki pki = document.pki() == null ? new Pki(null, null) : document.pki();
            if (!problems.isEmpty()) {
                throw new InvalidSiteException(file, problems);
            }
            return new Site(file, file.resolveSibling(blank(pki.folder()) ? DEFAULT_PKI_FOLDER : pki.folder()).normalize(),
                    blank(pki.rootCommonName()) ? DEFAULT_ROOT_COMMON_NAME : pki.rootCommonName(), nodes);
        }

        /** The nodes from the top down; a node whose parent is unknown, or that is in a cycle, is a problem. */
        private List<Node> treeOrder(Map<String, Node> byName, List<Node> tops) {
            for (Node node : byName.values()) {
                if (!blank(node.parent()) && !byName.containsKey(node.parent())) {
                    problems.add("node '" + node.name() + "': unknown parent '" + node.parent() + "'");
                }
            }
            List<Node> ordered = new ArrayList<>(tops.size() == 1 ? tops : List.of());
            for (int next = 0; next < ordered.size(); next++) {
                String parent = ordered.get(next).name();
                byName.values().stream().filter(node -> parent.equals(node.parent())).forEach(ordered::add);
            }
            if (tops.size() == 1) {
                for (Node node : byName.values()) {
                    if (!ordered.contains(node) && byName.containsKey(node.parent())) {
                        problems.add("node '" + node.name() + "' does not lead to the top '" + tops.get(0).name()
                                + "': its parents form a cycle");
                    }
                }
            }
            return ordered;
        }

        private SiteNode siteNode(Node node, String hostname, SiteNode parent) {
            String what = "node '" + node.name() + "'";
            Listeners listeners = node.listeners() == null ? new Listeners(null, null) : node.listeners();
            requirePort(what + ": listeners.mqtt", listeners.mqtt());
            requirePort(what + ": listeners.amqp", listeners.amqp());
            UpstreamProtocol protocol = null;
            NodeAuth auth = null;
            Integer parentPort = null;
            if (parent == null) {
                if (node.protocol() != null || node.port() != null) {
                    problems.add(what + " is the top: it has no parent to give a protocol or port for");
                }
                if (node.auth() != null) {
                    problems.add(what + " is the top: it has no parent to authenticate at, so no auth");
                }
            } else {
                try {
                    auth = node.auth() == null ? NodeAuth.SAS : choice(NodeAuth.class, "auth", node.auth());
                } catch (IllegalArgumentException e) {
                    problems.add(what + ": " + e.getMessage());
                }
                try {
                    protocol = node.protocol() == null ? UpstreamProtocol.AMQP : choice(UpstreamProtocol.class, "protocol", node.protocol());
                } catch (IllegalArgumentException e) {
                    problems.add(what + ": " + e.getMessage());
                    protocol = UpstreamProtocol.AMQP;
                }
                requirePort(what + ": port", node.port());
                parentPort = node.port() != null ? node.port() : parent.portFor(protocol);
            }
            return new SiteNode(node.name(), hostname, parent == null ? null : parent.name(), protocol, auth,
                    parentPort, blank(node.address()) ? null : node.address().strip(), listeners.mqtt(),
                    listeners.amqp(), list(node.dnsNames()), list(node.ipAddresses()), manifest(what, node.deployment()),
                    list(node.leafDevices()), list(node.modules()));
        }

        /**
         * The constant the value names, ignoring case.
         *
         * @throws IllegalArgumentException naming the key, the value and the two there are
         */
        private static <E extends Enum<E>> E choice(Class<E> type, String key, String value) {
            E[] constants = type.getEnumConstants();
            for (E constant : constants) {
                if (constant.name().equalsIgnoreCase(value.strip())) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(key + " '" + value + "' is neither "
                    + Arrays.stream(constants).map(constant -> constant.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(" nor ")));
        }

        /** The hostname, lower case, the node's name when none is given; a problem when it breaks the rules. */
        private String hostnameOf(Node node) {
            String hostname = (blank(node.hostname()) ? node.name() : node.hostname().strip()).toLowerCase(Locale.ROOT);
            NodeNames.hostnameProblem(hostname).ifPresent(problem -> problems.add("node '" + node.name() + "': " + problem));
            return hostname;
        }

        /** The manifest's JSON: inline, or read from a file relative to the site file. */
        private String manifest(String what, JsonNode deployment) {
            if (deployment == null || deployment.isNull()) {
                return null;
            }
            String text;
            String source;
            if (deployment.isTextual()) {
                Path manifest = file.resolveSibling(deployment.asText()).normalize();
                source = "deployment " + manifest;
                try {
                    text = Files.readString(manifest, StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    problems.add(what + ": " + source + " cannot be read (" + e + ")");
                    return null;
                }
            } else if (deployment.isObject()) {
                source = "the inline deployment";
                text = Json.write(deployment);
            } else {
                problems.add(what + ": deployment is neither a file name nor a manifest");
                return null;
            }
            try {
                JsonNode manifest = Json.mapper().readTree(text);
                if (manifest == null || !manifest.path("modulesContent").isObject()) {
                    problems.add(what + ": " + source + " has no modulesContent object");
                }
            } catch (JsonProcessingException e) {
                problems.add(what + ": " + source + " is not JSON: " + e.getOriginalMessage());
            }
            return text;
        }

        private boolean requireId(String what, String deviceId, String moduleId) {
            try {
                new IdentityId(deviceId, moduleId);
                return true;
            } catch (IllegalArgumentException e) {
                problems.add(what + ": " + e.getMessage());
                return false;
            }
        }

        private void requirePort(String what, Integer port) {
            if (port != null && (port < 1 || port > 65535)) {
                problems.add(what + " = " + port + " is no port (1-65535)");
            }
        }
    }

    /** Where in the document an error is, as {@code nodes[1].prtocol}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).map(String::strip).toList();
    }
}
