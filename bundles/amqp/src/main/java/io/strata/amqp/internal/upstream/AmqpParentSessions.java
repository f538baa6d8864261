package io.strata.amqp.internal.upstream;

import io.strata.amqp.internal.engine.AmqpClient;
import io.strata.api.node.ParentSession;
import io.strata.api.node.ParentSessionContext;
import io.strata.api.node.ParentSessionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The AMQP sessions of the link to the parent ({@code upstreamProtocol = amqp}), on one Netty event
 * loop for as long as this bundle runs.
 */
@Component(property = ParentSessionFactory.PROTOCOL + "=amqp")
public class AmqpParentSessions implements ParentSessionFactory {

    private AmqpClient client;

    @Activate
    public void activate() {
        client = new AmqpClient();
    }

    @Deactivate
    public void deactivate() {
        client.close();
    }

    @Override
    public ParentSession create(ParentSessionContext context, ParentSession.Events events) {
        return new UpstreamSession(context, client, events);
    }
}
