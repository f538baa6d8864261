package io.strata.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote shell command whose exit returns only once its SSH channel has closed.
 *
 * <p>Karaf's exec command reports its exit and then at once closes the whole SSH session. The exit
 * starts the channel's graceful close, but that close waits until the channel's EOF has been written,
 * which is after every byte of output still queued for the socket. A session that starts closing
 * meanwhile refuses the channel's CLOSE message and drops the socket while the client is still
 * reading, and the client loses the output's tail. Holding the exit until the client has answered the
 * channel's CLOSE lets the session close only after the client has received everything.
 */
final class OutputDeliveringCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(OutputDeliveringCommand.class);

    private final ChannelSession channel;
    private final Command command;

    OutputDeliveringCommand(ChannelSession channel, Command command) {
        this.channel = channel;
        this.command = command;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        command.setExitCallback((exitValue, exitMessage, closeImmediately) -> {
            callback.onExit(exitValue, exitMessage, closeImmediately);
            if (!closeImmediately) {
                awaitChannelClosed();
            }
        });
    }

    /** Waits as long as the server waits for an idle client: a client that stops answering is cut off by then anyway. */
    private void awaitChannelClosed() {
        CountDownLatch closed = new CountDownLatch(1);
        channel.addCloseFutureListener(future -> closed.countDown());
        Duration patience = CoreModuleProperties.IDLE_TIMEOUT.getRequired(channel);
        try {
            if (!closed.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not close within {} after its command exited; the client may miss the end of the output",
                        channel, patience);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        command.start(channel, env);
    }

    @Override
    public void destroy(ChannelSession channel) throws Exception {
        command.destroy(channel);
    }

    @Override
    public void setInputStream(InputStream in) {
        command.setInputStream(in);
    }

    @Override
    public void setOutputStream(OutputStream out) {
        command.setOutputStream(out);
    }

    @Override
    public void setErrorStream(OutputStream err) {
        command.setErrorStream(err);
    }
}
