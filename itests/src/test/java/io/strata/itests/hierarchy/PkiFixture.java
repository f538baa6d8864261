package io.strata.itests.hierarchy;

import io.strata.itests.process.KarafNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The PKI of a hierarchy as its operator builds it with a node's {@code edge:certs-create-*} commands:
 * one root CA for the whole tree, and a device CA per node signed by it. Each node receives the root
 * certificate and its own device CA in {@code etc/certs}, nothing else; the root key stays here.
 */
final class PkiFixture {

    private static final String ROOT_PASSWORD = "root-password";
    private static final String CA_PASSWORD = "device-ca-password";

    private final KarafNode shell;
    private final Path directory;
    private SSLContext trust;

    private PkiFixture(KarafNode shell, Path directory) {
        this.shell = shell;
        this.directory = directory;
    }

    /** Creates the root CA in a fresh folder under {@code target/}, from the shell of a running node. */
    static PkiFixture createRoot(KarafNode shell, String commonName) throws Exception {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        PkiFixture pki = new PkiFixture(shell, Files.createTempDirectory(target, "hierarchy-pki-"));
        shell.execute("edge:certs-create-root --out " + pki.directory + " --password " + ROOT_PASSWORD
                + " --cn '" + commonName + "'");
        return pki;
    }

    /**
     * The PKI in a folder that holds the root CA already, e.g. the site's that {@code edge:config-bundles}
     * made; for its root only ({@link #install} needs a fixture from {@link #createRoot}).
     */
    static PkiFixture existing(Path directory) {
        return new PkiFixture(null, directory);
    }

    Path rootCertificate() {
        return directory.resolve("root-ca.cert.pem");
    }

    /**
     * Issues the node's device CA and installs it with the root in the node's {@code etc/certs}, pointing
     * {@code etc/io.strata.certs.cfg} at the files; a running node takes them without a restart.
     */
    void install(EdgeNode node) throws Exception {
        String id = node.deviceId();
        shell.execute("edge:certs-create-device-ca --ca-cert " + rootCertificate()
                + " --ca-key " + directory.resolve("root-ca.key.pem") + " --ca-password " + ROOT_PASSWORD
                + " --out " + directory + " --password " + CA_PASSWORD + " " + id);
        Path certs = Files.createDirectories(node.home().resolve("etc/certs"));
        Path root = copy(rootCertificate(), certs);
        Path chain = copy(directory.resolve("device-ca-" + id + ".full-chain.cert.pem"), certs);
        Path key = copy(directory.resolve("device-ca-" + id + ".key.pem"), certs);
        // The password before the key: a running node reads each state of the file, and would log a
        // key without its password as unusable.
        node.karaf().setProperty("io.strata.certs.cfg", "trustBundle", root.toString());
        node.karaf().setProperty("io.strata.certs.cfg", "deviceCaCert", chain.toString());
        node.karaf().setProperty("io.strata.certs.cfg", "deviceCaKeyPassword", CA_PASSWORD);
        node.karaf().setProperty("io.strata.certs.cfg", "deviceCaKey", key.toString());
    }

    /** The SHA-256 thumbprint of the root certificate, in upper-case hex as {@code edge:certs} shows it. */
    String rootThumbprint() throws Exception {
        try (InputStream pem = Files.newInputStream(rootCertificate())) {
            Certificate root = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
        }
    }

    /** A TLS context trusting the root only, as a leaf device of the tree is set up. */
    synchronized SSLContext trust() throws Exception {
        if (trust == null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (InputStream pem = Files.newInputStream(rootCertificate())) {
                store.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            }
            TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(store);
            trust = SSLContext.getInstance("TLS");
            trust.init(null, managers.getTrustManagers(), null);
        }
        return trust;
    }

    private static Path copy(Path file, Path folder) throws Exception {
        return Files.copy(file, folder.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
