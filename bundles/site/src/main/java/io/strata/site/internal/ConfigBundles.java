package io.strata.site.internal;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.identity.AuthType;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityKind;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import io.strata.api.node.NodeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code edge:config-bundles} does, as the nested tutorial's config tool: checks the site against
 * this node and its registry, then creates or reuses the root CA and a device CA per node, registers every
 * identity at this node (the hub), sets each node's deployment and writes one config bundle per node.
 * Running it again reuses the PKI and the identities, so the archives carry the same keys.
 */
final class ConfigBundles {

    private final CertificateAuthority authority;
    private final IdentityRegistry registry;
    private final EdgeAgent agent;
    private final NodeNames thisNode;
    private final String thisNodesParent;

    /**
     * @param thisNodesParent this node's {@code parentHostname}, empty at the top of its tree
     */
    ConfigBundles(CertificateAuthority authority, IdentityRegistry registry, EdgeAgent agent, NodeNames thisNode,
            String thisNodesParent) {
        this.authority = authority;
        this.registry = registry;
        this.agent = agent;
        this.thisNode = thisNode;
        this.thisNodesParent = thisNodesParent;
    }

    /**
     * Builds the site's bundles into {@code outDir}, telling each step to {@code report}.
     *
     * @throws InvalidSiteException  when the site cannot be built here; nothing was changed
     * @throws IllegalStateException when a node's deployment is refused (the identities and certificates
     *                               made until then stay, a run after the fix reuses them)
     */
    List<Path> build(Path siteFile, Path outDir, char[] rootPassword, Consumer<String> report)
            throws IOException, GeneralSecurityException {
        Site site = SiteFile.read(siteFile);
        SitePki pki = new SitePki(authority, site.pkiFolder());
        Optional<IssuedCertificate> existingRoot = refuseWhatCannotBeBuiltHere(site, pki, outDir, rootPassword);

        IssuedCertificate root;
        if (existingRoot.isPresent()) {
            root = existingRoot.get();
            report.accept("Root CA: reused " + pki.rootCertificate());
        } else {
            root = pki.createRoot(site.rootCommonName(), rootPassword);
            report.accept("Root CA: created " + pki.rootCertificate());
        }
        List<SitePki.IssuedFiles> deviceCas = new ArrayList<>();
        Map<String, SitePki.IssuedFiles> identityCertificates = new HashMap<>();
        for (SiteNode node : site.nodes()) {
            SitePki.IssuedFiles deviceCa = pki.deviceCa(node.name(), root);
            report.accept(node.name() + ": device CA " + (deviceCa.created() ? "created " : "reused ") + deviceCa.fullChain());
            deviceCas.add(deviceCa);
            Credentials credentials = null;
            if (node.auth() == NodeAuth.X509) {
                SitePki.IssuedFiles identity = pki.identity(node.name(), root);
                report.accept(node.name() + ": identity certificate " + (identity.created() ? "created " : "reused ")
                        + identity.fullChain());
                identityCertificates.put(node.name(), identity);
                credentials = Credentials.thumbprints(thumbprint(identity.certificate()), null);
            }
            register(node, credentials, report);
        }
        for (SiteNode node : site.nodes()) {
            if (node.deployment().isPresent()) {
                DeploymentStatus status = node.isTop() ? agent.deploy(node.manifest())
                        : agent.deployTo(node.name(), node.manifest());
                if (!status.isSuccess()) {
                    throw new IllegalStateException(node.name() + ": its deployment is refused (" + status.code() + "): "
                            + status.description());
                }
                report.accept(node.name() + ": deployment set (" + status.code() + " " + status.description() + ")");
            }
        }
        Files.createDirectories(outDir);
        List<Path> archives = new ArrayList<>();
        for (int n = 0; n < site.nodes().size(); n++) {
            SiteNode node = site.nodes().get(n);
            String key = node.isTop() || node.auth() == NodeAuth.X509 ? null
                    : registry.find(IdentityId.device(node.name())).orElseThrow().credentials().get(KeySlot.PRIMARY);
            Path archive = outDir.resolve(node.name() + ".tar.gz");
            new NodeBundle(site, node, deviceCas.get(n), pki.rootCertificate(), key,
                    identityCertificates.get(node.name())).archive().write(archive);
            report.accept(node.name() + ": wrote " + archive);
            archives.add(archive);
        }
        return archives;
    }

    /** Every reason the site cannot be built on this node, before anything changes; the root CA if there is one. */
    private Optional<IssuedCertificate> refuseWhatCannotBeBuiltHere(Site site, SitePki pki, Path outDir,
            char[] rootPassword) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!thisNodesParent.isBlank()) {
            problems.add("this node has a parent (" + thisNodesParent + "): run edge:config-bundles on the top node");
        }
        if (!site.top().name().equals(thisNode.deviceId())) {
            problems.add("the top node '" + site.top().name() + "' is not this node, whose device id is '"
                    + thisNode.deviceId() + "': edge:config-bundles runs on the top of the site");
        }
        if (!site.top().hostname().equals(thisNode.hostname())) {
            problems.add("the top node's hostname " + site.top().hostname() + " is not this node's, "
                    + thisNode.hostname());
        }
        for (SiteNode node : site.nodes()) {
            requireKind(problems, IdentityId.device(node.name()), IdentityKind.EDGE_DEVICE,
                    !node.isTop() && node.auth() == NodeAuth.SAS);
            for (String leaf : node.leafDevices()) {
                requireKind(problems, IdentityId.device(leaf), IdentityKind.LEAF_DEVICE, false);
            }
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            problems.add("the output " + outDir + " is a file, not a folder");
        }
        Optional<IssuedCertificate> root = Optional.empty();
        try {
            root = pki.existingRoot(rootPassword);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new InvalidSiteException(site.file(), problems);
        }
        return root;
    }

    /** An identity already registered must be of the kind the site gives it, and a node's must have a key. */
    private void requireKind(List<String> problems, IdentityId id, IdentityKind kind, boolean needsKey) {
        registry.find(id).ifPresent(existing -> {
            if (existing.kind() != kind) {
                problems.add("'" + id + "' is registered as " + existing.kind() + ", the site makes it " + kind);
            } else if (needsKey && existing.credentials().type() != AuthType.SYMMETRIC_KEY) {
                problems.add("'" + id + "' authenticates with " + existing.credentials().type().label()
                        + "; a config bundle carries a shared access key");
            }
        });
    }

    /** @param credentials the node's certificate thumbprint; null for a key, made when it is new */
    private void register(SiteNode node, Credentials credentials, Consumer<String> report) {
        device(node.name(), true, node.parent(), credentials, report);
        for (String leaf : node.leafDevices()) {
            device(leaf, false, node.name(), null, report);
        }
        for (String module : node.modules()) {
            IdentityId id = IdentityId.module(node.name(), module);
            if (registry.find(id).isEmpty()) {
                registry.add(Identity.module(node.name(), module, Credentials.generateSymmetricKeys()));
                report.accept(id + ": module identity registered");
            }
        }
    }

    /**
     * Registers the device below its parent, or keeps the registered one (its keys) and sets its parent.
     *
     * @param credentials what it must authenticate with, replacing what it had; null for keys, new or kept
     */
    private void device(String deviceId, boolean edge, String parent, Credentials credentials,
            Consumer<String> report) {
        Optional<Identity> existing = registry.find(IdentityId.device(deviceId));
        String kind = edge ? "edge device" : "leaf device";
        String below = parent == null ? "" : " below " + parent;
        if (existing.isEmpty()) {
            registry.add(Identity.device(deviceId, edge, credentials == null ? Credentials.generateSymmetricKeys()
                    : credentials).withParent(parent));
            report.accept(deviceId + ": " + kind + " registered" + below);
            return;
        }
        if (parent != null && !parent.equals(existing.get().parentId())) {
            registry.setParent(deviceId, parent);
            report.accept(deviceId + ": " + kind + " moved" + below);
        }
        if (credentials != null && !credentials.equals(existing.get().credentials())) {
            registry.put(registry.find(IdentityId.device(deviceId)).orElseThrow().withCredentials(credentials));
            report.accept(deviceId + ": authenticates with its identity certificate (thumbprint "
                    + credentials.primary() + ")");
        }
    }

    /** The SHA-256 thumbprint of a certificate, as the registry takes it. */
    private static String thumbprint(X509Certificate certificate) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
}
