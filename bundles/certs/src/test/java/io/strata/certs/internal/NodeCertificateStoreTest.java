package io.strata.certs.internal;

import static io.strata.certs.internal.TestChains.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContainingInAnyOrder;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.Assert.assertThrows;

import io.strata.testing.MutableClock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.strata.api.certs.CertificateInfo;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;

public class NodeCertificateStoreTest {

    private static final Duration SERVER_VALIDITY = Duration.ofDays(90);
    private static final char[] PASSWORD = "secret".toCharArray();
    private static final char[] NO_PASSWORD = new char[0];

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    // The clock starts in the past so that certificates issued before and after a renewal are both
    // valid in real time, which the JDK's own trust manager checks against.
    private final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(80)));
    private final BouncyCastleCertificateAuthority authority = new BouncyCastleCertificateAuthority(clock);
    private IssuedCertificate root;
    private IssuedCertificate deviceCa;
    private NodeCertificateStore store;
    private SSLServerSocket listener;

    @Before
    public void configureStore() throws Exception {
        root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));
        deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), root);
        store = new NodeCertificateStore(authority, clock);
        store.configure(new NodeChain(List.of(root.certificate()), deviceCa, false), settings("localhost"));
    }

    @After
    public void closeListener() throws IOException {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    public void serverCertificateNamesTheHostAndChainsToTheRoot() throws Exception {
        List<X509Certificate> chain = store.serverCertificateChain();

        assertThat(chain.get(0).getSubjectX500Principal().getName(), is("CN=localhost"));
        assertThat(chain.subList(1, chain.size()), is(deviceCa.chain()));
        BouncyCastleCertificateAuthorityTest.trustingOnly(root.certificate())
                .checkServerTrusted(chain.toArray(X509Certificate[]::new), "ECDHE_ECDSA");
    }

    @Test
    public void isNotRenewedBeforeItsShareOfLifetimeHasPassed() throws Exception {
        X509Certificate original = store.serverCertificateChain().get(0);

        // Lifetime is 90 days plus 5 minutes of backdating; 80 % of it ends 72 days minus 1 minute after issue.
        clock.advance(Duration.ofDays(72).minusMinutes(2));

        assertThat(store.renewIfDue(), is(false));
        assertThat(store.serverCertificateChain().get(0), is(original));
    }

    @Test
    public void isRenewedOnceItsShareOfLifetimeHasPassed() throws Exception {
        X509Certificate original = store.serverCertificateChain().get(0);

        clock.advance(Duration.ofDays(72));

        assertThat(store.renewIfDue(), is(true));
        X509Certificate renewed = store.serverCertificateChain().get(0);
        assertThat(renewed, not(original));
        assertThat(renewed.getNotBefore().after(original.getNotBefore()), is(true));
        assertThat(store.renewalTime().isAfter(clock.instant()), is(true));
    }

    @Test
    public void newHandshakesGetTheRenewedCertificateWhileEstablishedConnectionsStay() throws Exception {
        SSLContext serverContext = store.serverSslContext();
        listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        startEchoServer(listener);
        X509Certificate original = store.serverCertificateChain().get(0);

        try (SSLSocket established = connect()) {
            assertThat(peerCertificate(established), is(original));

            clock.advance(Duration.ofDays(73));
            assertThat(store.renewIfDue(), is(true));
            X509Certificate renewed = store.serverCertificateChain().get(0);

            try (SSLSocket fresh = connect()) {
                assertThat(peerCertificate(fresh), is(renewed));
                assertThat(renewed, not(original));
            }
            assertThat(echo(established, 42), is(42));
        }
        assertThat(store.serverSslContext(), sameInstance(serverContext));
    }

    @Test
    public void listenersSpeakTls12And13Only() throws Exception {
        listener = (SSLServerSocket) store.serverSslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());

        assertThat(listener.getEnabledProtocols(), arrayContainingInAnyOrder("TLSv1.3", "TLSv1.2"));
        assertThat(store.serverSslContext().createSSLEngine().getEnabledProtocols(),
                arrayContainingInAnyOrder("TLSv1.3", "TLSv1.2"));
        assertThat(store.clientSslContext().getDefaultSSLParameters().getProtocols(),
                arrayContainingInAnyOrder("TLSv1.3", "TLSv1.2"));
    }

    @Test
    public void clientContextTrustsTheTrustBundle() throws Exception {
        listener = (SSLServerSocket) store.serverSslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        startEchoServer(listener);

        try (SSLSocket socket = (SSLSocket) store.clientSslContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            assertThat(echo(socket, 7), is(7));
        }
    }

    @Test
    public void clientCertificateContextPresentsThePemCertificateAndTrustsTheTrustBundle() throws Exception {
        IssuedCertificate child = authority.issue(request(CertificateRole.IDENTITY, "child-edge"), deviceCa);
        Path certificate = file("child.cert.pem");
        Path key = file("child.key.pem");
        PemFiles.writeCertificates(certificate, child.chain());
        PemFiles.writeEncryptedPrivateKey(key, child.privateKey(), PASSWORD, PemFiles.PASSWORD_ROUNDS);

        assertThat(presented(store.clientSslContext(certificate, key, PASSWORD)), is(child.certificate()));
    }

    @Test
    public void clientCertificateKeysMayBeTraditionalOpenSslRsaOrEcKeys() throws Exception {
        IssuedCertificate rsa = authority.issue(request(CertificateRole.IDENTITY, "rsa-edge", KeyAlgorithm.RSA_2048),
                deviceCa);
        IssuedCertificate ec = authority.issue(request(CertificateRole.IDENTITY, "ec-edge"), deviceCa);
        for (IssuedCertificate child : List.of(rsa, ec)) {
            Path certificate = file(child.certificate().getSubjectX500Principal().getName() + ".cert.pem");
            Path key = file(child.certificate().getSubjectX500Principal().getName() + ".key.pem");
            PemFiles.writeCertificates(certificate, child.chain());
            writeTraditional(key, child.privateKey());
            String header = child == rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----";
            assertThat(Files.readString(key).startsWith(header), is(true));

            assertThat(presented(store.clientSslContext(certificate, key, NO_PASSWORD)), is(child.certificate()));
        }
    }

    @Test
    public void clientCertificateMistakesAreNamedWithTheirFile() throws Exception {
        IssuedCertificate child = authority.issue(request(CertificateRole.IDENTITY, "child-edge"), deviceCa);
        Path certificate = file("child.cert.pem");
        Path key = file("child.key.pem");
        PemFiles.writeCertificates(certificate, child.chain());
        PemFiles.writeEncryptedPrivateKey(key, child.privateKey(), PASSWORD, PemFiles.PASSWORD_ROUNDS);
        Path missing = file("missing.key.pem");

        FileNotFoundException noFile = assertThrows(FileNotFoundException.class,
                () -> store.clientSslContext(certificate, missing, PASSWORD));
        assertThat(noFile.getMessage(), containsString(missing.toString()));
        IOException noKey = assertThrows(IOException.class,
                () -> store.clientSslContext(certificate, certificate, PASSWORD));
        assertThat(noKey.getMessage(), containsString(certificate + " holds no PEM private key"));
        UnrecoverableKeyException noPassword = assertThrows(UnrecoverableKeyException.class,
                () -> store.clientSslContext(certificate, key, NO_PASSWORD));
        assertThat(noPassword.getMessage(), containsString(key + " is encrypted, but no password was given"));
        UnrecoverableKeyException wrongPassword = assertThrows(UnrecoverableKeyException.class,
                () -> store.clientSslContext(certificate, key, "wrong".toCharArray()));
        assertThat(wrongPassword.getMessage(), containsString(key + ": wrong password"));
    }

    @Test
    public void hostnameLongerThan64CharactersIsRefused() {
        String hostname = "a".repeat(65);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> settings(hostname));
        assertThat(refused.getMessage(), containsString("'" + hostname + "'"));
        assertThat(refused.getMessage(), containsString("at most 64"));
    }

    @Test
    public void hostnameOf64CharactersIsAccepted() throws Exception {
        String hostname = "a".repeat(64);

        store.configure(new NodeChain(List.of(root.certificate()), deviceCa, false), settings(hostname));

        assertThat(store.serverCertificateChain().get(0).getSubjectX500Principal().getName(), is("CN=" + hostname));
    }

    @Test
    public void deviceCaOutsideTheTrustBundleIsRefusedAndTheOldCertificatesStay() throws Exception {
        X509Certificate original = store.serverCertificateChain().get(0);
        IssuedCertificate stranger = authority.createRootCa(request(CertificateRole.ROOT_CA, "Stranger"));
        IssuedCertificate strangeDeviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), stranger);

        CertificateException refused = assertThrows(CertificateException.class, () -> store.configure(
                new NodeChain(List.of(root.certificate()), strangeDeviceCa, false), settings("localhost")));

        assertThat(refused.getMessage(), containsString("not issued by a CA in the trust bundle"));
        assertThat(store.serverCertificateChain().get(0), is(original));
        assertThat(store.trustBundle(), contains(root.certificate()));
    }

    @Test
    public void deviceCaChainIsCompletedFromTheTrustBundle() throws Exception {
        IssuedCertificate intermediate = authority.issue(request(CertificateRole.INTERMEDIATE_CA, "Plant"), root);
        IssuedCertificate plantDeviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-2 CA"), intermediate);
        IssuedCertificate deviceCaAlone = new IssuedCertificate(List.of(plantDeviceCa.certificate()), plantDeviceCa.privateKey());

        store.configure(new NodeChain(List.of(root.certificate(), intermediate.certificate()), deviceCaAlone, false),
                settings("localhost"));

        assertThat(store.serverCertificateChain().subList(1, 4),
                contains(plantDeviceCa.certificate(), intermediate.certificate(), root.certificate()));
    }

    @Test
    public void listsEveryCertificateWithItsRoleAndThumbprints() {
        List<CertificateInfo> certificates = store.certificates();

        assertThat(certificates.stream().map(CertificateInfo::role).toList(),
                contains(CertificateRole.ROOT_CA, CertificateRole.DEVICE_CA, CertificateRole.SERVER));
        CertificateInfo server = certificates.get(2);
        assertThat(server.subject(), is("CN=localhost"));
        assertThat(server.issuer(), is("CN=edge-1 CA"));
        assertThat(server.sha256Thumbprint(), is(Thumbprints.sha256(store.serverCertificateChain().get(0))));
        assertThat(store.isDevelopmentChain(), is(false));
    }

    @Test
    public void validatesClientChainsAgainstTheTrustBundle() throws Exception {
        IssuedCertificate device = authority.issue(request(CertificateRole.IDENTITY, "sensor-7"), deviceCa);
        IssuedCertificate stranger = authority.createRootCa(request(CertificateRole.ROOT_CA, "Stranger"));
        IssuedCertificate strangeDevice = authority.issue(request(CertificateRole.IDENTITY, "sensor-8"), stranger);

        store.validateClientChain(device.chain());
        assertThrows(CertificateException.class, () -> store.validateClientChain(strangeDevice.chain()));
    }

    private static ServerCertificateSettings settings(String hostname) {
        return new ServerCertificateSettings(hostname, List.of(), List.of("127.0.0.1"), SERVER_VALIDITY,
                KeyAlgorithm.EC_P256, 0.8);
    }

    /** A client that trusts only the root, checks the host name, and never resumes a session. */
    private SSLSocket connect() throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {
                BouncyCastleCertificateAuthorityTest.trustingOnly(root.certificate())}, null);
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("localhost", listener.getLocalPort());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static X509Certificate peerCertificate(SSLSocket socket) throws Exception {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    private Path file(String name) {
        return folder.getRoot().toPath().resolve(name);
    }

    /**
     * The key as {@code openssl} writes it without PKCS#8: {@code BEGIN RSA PRIVATE KEY} or
     * {@code BEGIN EC PRIVATE KEY}, the latter naming its curve (BouncyCastle's own key encodes it
     * there, the JDK's only in the PKCS#8 wrapper).
     */
    private static void writeTraditional(Path file, PrivateKey key) throws Exception {
        PrivateKey withCurve = KeyFactory.getInstance(key.getAlgorithm(), new BouncyCastleProvider())
                .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
            writer.writeObject(withCurve);
        }
    }

    /** The certificate a client with this context presents to the node's listener. */
    private X509Certificate presented(SSLContext client) throws Exception {
        SSLServerSocket server = (SSLServerSocket) store.serverSslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        CompletableFuture<X509Certificate> seen = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try (SSLSocket connection = (SSLSocket) server.accept()) {
                connection.startHandshake();
                seen.complete((X509Certificate) connection.getSession().getPeerCertificates()[0]);
                connection.getOutputStream().write(1);
                connection.getOutputStream().flush();
            } catch (IOException | RuntimeException e) {
                seen.completeExceptionally(e);
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        try (server; SSLSocket socket = (SSLSocket) client.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            socket.startHandshake();
            socket.getInputStream().read();
            return seen.get(10, TimeUnit.SECONDS);
        }
    }

    private static int echo(Socket socket, int value) throws IOException {
        socket.getOutputStream().write(value);
        socket.getOutputStream().flush();
        return socket.getInputStream().read();
    }

    private static void startEchoServer(SSLServerSocket listener) {
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket connection = listener.accept();
                    Thread echo = new Thread(() -> echoUntilClosed(connection));
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void echoUntilClosed(Socket connection) {
        try (connection; InputStream in = connection.getInputStream()) {
            for (int value = in.read(); value >= 0; value = in.read()) {
                connection.getOutputStream().write(value);
                connection.getOutputStream().flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
