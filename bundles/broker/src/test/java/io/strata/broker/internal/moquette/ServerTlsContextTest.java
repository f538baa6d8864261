package io.strata.broker.internal.moquette;

import static org.junit.Assert.assertEquals;

import io.netty.buffer.ByteBufAllocator;
import io.strata.broker.internal.moquette.TestTls.SelfSigned;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.Test;

public class ServerTlsContextTest {

    private static final String AES_128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String AES_256 = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";

    @Test
    public void aTls12ClientThatListsAes256FirstGetsAes128() throws Exception {
        SelfSigned server = SelfSigned.of("node");
        SSLEngine serverEngine = new ServerTlsContext(TestTls.context(server, server), 8883)
                .newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine client = TestTls.context(null, server).createSSLEngine("127.0.0.1", 8883);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {"TLSv1.2"});
        client.setEnabledCipherSuites(new String[] {AES_256, AES_128});

        handshake(client, serverEngine);

        assertEquals(AES_128, client.getSession().getCipherSuite());
    }

    @Test
    public void movesEachAes128SuiteJustBeforeItsAes256Sibling() {
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                        AES_128, AES_256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
                ServerTlsContext.aes128BeforeAes256(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                        "TLS_CHACHA20_POLY1305_SHA256", AES_256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                        AES_128, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384")));
    }

    /** Runs both ends' handshake in memory until neither has anything left to do. */
    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        int size = client.getSession().getPacketBufferSize();
        ByteBuffer toServer = ByteBuffer.allocate(size);
        ByteBuffer toClient = ByteBuffer.allocate(size);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer plain = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 100 && !(done(client) && done(server)); step++) {
            client.wrap(empty, toServer);
            toServer.flip();
            server.unwrap(toServer, plain);
            toServer.compact();
            runTasks(server);
            server.wrap(empty, toClient);
            toClient.flip();
            client.unwrap(toClient, plain);
            toClient.compact();
            runTasks(client);
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }
}
