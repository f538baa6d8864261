package io.strata.itests.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * A node's remote shell reached over SSH from the test's own JVM, as {@code bin/client} reaches it, but
 * without starting a JVM per command: the tree tests poll their nodes hundreds of times, and a JVM each
 * cost more CPU than the nodes under test on a two-core machine.
 */
final class RemoteShell {

    /** One client for every node: it holds only an I/O thread pool; sessions are per command. */
    private static final SshClient CLIENT = started();

    private RemoteShell() {
    }

    /** The command's output (standard output and error, as bin/client shows them) and whether it succeeded. */
    record Outcome(boolean succeeded, String output) {
    }

    static Outcome run(int port, String user, String password, String command, Duration timeout) throws IOException {
        try (ClientSession session = CLIENT.connect(user, "127.0.0.1", port).verify(timeout).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(timeout);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (ClientChannel channel = session.createExecChannel(command)) {
                channel.setOut(output);
                channel.setErr(output);
                channel.open().verify(timeout);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
                String text = output.toString(StandardCharsets.UTF_8);
                if (!events.contains(ClientChannelEvent.CLOSED)) {
                    return new Outcome(false, text + "\n(no answer within " + timeout.toSeconds() + " s)");
                }
                Integer status = channel.getExitStatus();
                return new Outcome(status != null && status == 0, text);
            }
        }
    }

    private static SshClient started() {
        SshClient client = SshClient.setUpDefaultClient();
        // Every node makes a new host key on its first start, on ports other nodes had before.
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        return client;
    }
}
