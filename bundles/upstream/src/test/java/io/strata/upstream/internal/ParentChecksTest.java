package io.strata.upstream.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.check.CheckResult;
import io.strata.api.check.CheckResult.Status;
import io.strata.api.check.HealthCheck;
import io.strata.api.node.UpstreamStatus;
import io.strata.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.After;
import org.junit.Test;

/** The parent checks of edge:check against real sockets on loopback standing in for the parent. */
public class ParentChecksTest {

    private static final String PARENT = "line-1.plant";

    private ServerSocket parent;

    @After
    public void closeTheParent() throws IOException {
        if (parent != null) {
            parent.close();
        }
    }

    private static UpstreamSettings settings(String hostname, int port) {
        return new UpstreamSettings("amqp", hostname, "127.0.0.1", port, "line-2", "a2V5", null, null, "");
    }

    /** A TLS listener presenting {@code pki}'s certificate that completes every handshake, as a parent does. */
    private int tlsParent(TestPki pki) throws Exception {
        SSLServerSocket server = (SSLServerSocket) pki.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        parent = server;
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                } catch (IOException e) {
                    // a refused handshake or the closed listener: the test reads the client's side
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private static CheckResult run(String id, ParentProbe probe) {
        List<HealthCheck> checks = ParentChecks.of(() -> Optional.ofNullable(probe));
        return checks.stream().filter(check -> check.id().equals(id)).findFirst().orElseThrow().check();
    }

    @Test
    public void onTheTopNodeEveryParentCheckIsSkipped() {
        for (HealthCheck check : ParentChecks.of(Optional::empty)) {
            assertEquals(check.id(), Status.SKIPPED, check.check().status());
        }
    }

    @Test
    public void aParentThatAnswersIsReachableAndOneThatDoesNotIsAnErrorNamingThePort() throws Exception {
        TestPki pki = new TestPki(PARENT);
        int port = tlsParent(pki);
        assertEquals(Status.OK, run("parent-reachable", new ParentProbe(settings(PARENT, port), null, null)).status());
        int closedPort;
        try (ServerSocket vacated = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = vacated.getLocalPort();
        }
        CheckResult closed = run("parent-reachable", new ParentProbe(settings(PARENT, closedPort), null, null));
        assertEquals(Status.ERROR, closed.status());
        assertTrue(closed.detail(), closed.detail().contains("port " + closedPort + " does not answer"));
    }

    @Test
    public void theParentsCertificateMustBeTrustedAndNameParentHostname() throws Exception {
        TestPki pki = new TestPki(PARENT);
        int port = tlsParent(pki);
        CheckResult trusted = run("parent-tls", new ParentProbe(settings(PARENT, port), () -> {
            try {
                return pki.clientContext();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, null));
        assertEquals(trusted.detail(), Status.OK, trusted.status());

        CheckResult otherName = run("parent-tls", new ParentProbe(settings("line-9.plant", port), () -> {
            try {
                return pki.clientContext();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, null));
        assertEquals(Status.ERROR, otherName.status());
        assertTrue(otherName.detail(), otherName.detail().contains("does not name line-9.plant"));

        TestPki stranger = new TestPki("stranger");
        CheckResult untrusted = run("parent-tls", new ParentProbe(settings(PARENT, port), () -> {
            try {
                return stranger.clientContext();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, null));
        assertEquals(Status.ERROR, untrusted.status());
        assertTrue(untrusted.detail(), untrusted.detail().startsWith("no TLS session with 127.0.0.1:" + port));
    }

    @Test
    public void theLinkCheckReportsTheLinksStateAndItsLastError() {
        AtomicReference<UpstreamStatus> status = new AtomicReference<>(new UpstreamStatus(PARENT, "127.0.0.1:5671",
                "amqp", UpstreamStatus.State.CONNECTING, Instant.EPOCH, "amqp:unauthorized-access: bad token"));
        ParentProbe probe = new ParentProbe(settings(PARENT, 5671), null, status::get);
        CheckResult refused = run("parent-link", probe);
        assertEquals(Status.ERROR, refused.status());
        assertTrue(refused.detail(), refused.detail().contains("bad token"));
        assertTrue(refused.fix(), refused.fix().contains(".upstreamSharedAccessKey"));
        status.set(new UpstreamStatus(PARENT, "127.0.0.1:5671", "amqp", UpstreamStatus.State.CONNECTED, Instant.EPOCH,
                null));
        assertEquals(Status.OK, run("parent-link", probe).status());
    }
}
