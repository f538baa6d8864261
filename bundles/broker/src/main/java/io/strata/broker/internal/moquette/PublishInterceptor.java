package io.strata.broker.internal.moquette;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;

/**
 * An interceptor of publishes that always releases the payload: Moquette hands every interceptor its
 * own retained duplicate, and a forgotten release leaks Netty buffers.
 */
abstract class PublishInterceptor extends AbstractInterceptHandler {

    private final String id;

    PublishInterceptor(String id) {
        this.id = id;
    }

    @Override
    public final String getID() {
        return id;
    }

    @Override
    public final Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptPublishMessage.class};
    }

    @Override
    public final void onPublish(InterceptPublishMessage publish) {
        ByteBuf payload = publish.getPayload();
        try {
            onPublish(publish, payload);
        } finally {
            payload.release();
        }
    }

    /** Handles one publish; the payload is released afterwards. */
    abstract void onPublish(InterceptPublishMessage publish, ByteBuf payload);
}
