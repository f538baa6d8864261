package io.strata.ssh.internal;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractDelegatingCommandFactory;
import org.apache.sshd.server.command.CommandFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Makes every command run through Karaf's remote shell ({@code bin/client}, {@code ssh -p 8101})
 * deliver its whole output before the SSH session closes; see {@link OutputDeliveringCommand}.
 *
 * <p>Karaf registers its SSH server as a service once it has set the server's command factory. With
 * SFTP enabled that factory is SCP's, which hands every other command to Karaf's; only Karaf's shell
 * commands are wrapped, SCP keeps its own streams.
 */
@Component(immediate = true, service = {})
public class RemoteShellOutputDelivery {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindServer(SshServer server) {
        CommandFactory factory = server.getCommandFactory();
        if (factory instanceof AbstractDelegatingCommandFactory scp) {
            scp.setDelegateCommandFactory(wrap(scp.getDelegateCommandFactory()));
        } else {
            server.setCommandFactory(wrap(factory));
        }
    }

    void unbindServer(SshServer server) {
        CommandFactory factory = server.getCommandFactory();
        if (factory instanceof AbstractDelegatingCommandFactory scp) {
            scp.setDelegateCommandFactory(unwrap(scp.getDelegateCommandFactory()));
        } else {
            server.setCommandFactory(unwrap(factory));
        }
    }

    private static CommandFactory wrap(CommandFactory factory) {
        return factory == null || factory instanceof OutputDeliveringCommandFactory
                ? factory : new OutputDeliveringCommandFactory(factory);
    }

    private static CommandFactory unwrap(CommandFactory factory) {
        return factory instanceof OutputDeliveringCommandFactory delivering ? delivering.wrapped() : factory;
    }
}
