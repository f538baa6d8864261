package io.strata.broker.internal.moquette;

import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptSubscribeMessage;
import io.strata.api.identity.IdentityId;
import io.strata.api.routing.Router;
import io.strata.broker.internal.topics.DeliveryTopics;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells the router when a module subscribes to its inputs, so the messages queued for them go out at
 * once instead of at the router's next look. Moquette calls this after the subscription is in the
 * module's session, so a delivery sent now reaches it.
 */
public final class ModuleInputSubscriptions extends AbstractInterceptHandler {

    private final Supplier<Optional<Router>> router;

    public ModuleInputSubscriptions(Supplier<Optional<Router>> router) {
        this.router = router;
    }

    @Override
    public String getID() {
        return "strata-module-input-subscriptions";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptSubscribeMessage.class};
    }

    @Override
    public void onSubscribe(InterceptSubscribeMessage subscription) {
        IdentityId client;
        try {
            client = IdentityId.parse(subscription.getClientID());
        } catch (IllegalArgumentException notAnIdentity) {
            return;
        }
        if (client.isModule()
                && new Topic(DeliveryTopics.anyInput(client)).match(new Topic(subscription.getTopicFilter()))) {
            router.get().ifPresent(current -> current.receiversChanged(Router.BROKERED_ENDPOINT));
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // IotHubRequestInterceptor logs it: Moquette tells every interceptor.
    }
}
