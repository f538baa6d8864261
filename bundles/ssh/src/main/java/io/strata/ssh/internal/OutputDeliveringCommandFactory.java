package io.strata.ssh.internal;

import java.io.IOException;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/** Creates the commands of another factory, each one returning from its exit only once its channel has closed. */
final class OutputDeliveringCommandFactory implements CommandFactory {

    private final CommandFactory factory;

    OutputDeliveringCommandFactory(CommandFactory factory) {
        this.factory = factory;
    }

    CommandFactory wrapped() {
        return factory;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) throws IOException {
        return new OutputDeliveringCommand(channel, factory.createCommand(channel, command));
    }
}
