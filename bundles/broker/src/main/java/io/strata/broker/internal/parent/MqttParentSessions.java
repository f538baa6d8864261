package io.strata.broker.internal.parent;

import io.strata.api.node.ParentSession;
import io.strata.api.node.ParentSessionContext;
import io.strata.api.node.ParentSessionFactory;
import org.osgi.service.component.annotations.Component;

/** The MQTT sessions of the link to the parent ({@code upstreamProtocol = mqtt}), with Paho. */
@Component(property = ParentSessionFactory.PROTOCOL + "=mqtt")
public class MqttParentSessions implements ParentSessionFactory {

    @Override
    public ParentSession create(ParentSessionContext context, ParentSession.Events events) {
        return new MqttParentSession(context, events);
    }
}
