package io.strata.broker.internal.moquette;

import io.moquette.broker.Server;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.strata.broker.internal.topics.InboundPublishes;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Puts the edge hub's handlers ({@link ClientChannel}, {@link InboundPublishHandler},
 * {@link InflightResend}) into every client connection, right before Moquette's MQTT handler. Moquette 0.17 has no public hook for
 * that; its acceptor adds one optional handler there, meant for metrics, whose field is set here by
 * reflection. Installed in that slot, this handler replaces itself with fresh ones per connection,
 * and takes Moquette's per-message logger and metrics handlers out: they cost every packet a pass
 * (and the logger a string) that nothing here reads.
 */
@Sharable
final class ClientPipeline extends ChannelInboundHandlerAdapter {

    /** Moquette's handlers, by their names in its acceptor's pipeline, that nothing here reads. */
    private static final List<String> UNUSED_MOQUETTE_HANDLERS = List.of("bytemetrics", "metrics", "messageLogger");

    private final ConnectedClients clients;
    private final ConnectingClients connecting;
    private final IotHubAuthenticator authenticator;
    private final Duration connectTimeout;
    private final List<InboundPublishes> taken;
    private final SessionDelivery sessions;

    private ClientPipeline(ConnectedClients clients, ConnectingClients connecting, IotHubAuthenticator authenticator,
            Duration connectTimeout, List<InboundPublishes> taken, SessionDelivery sessions) {
        this.clients = clients;
        this.connecting = connecting;
        this.authenticator = authenticator;
        this.connectTimeout = connectTimeout;
        this.taken = taken;
        this.sessions = sessions;
    }

    /**
     * Installs the handlers for every connection accepted from now on. Moquette's listener is bound
     * before this runs, so a client connecting in between gets no handlers: its telemetry and
     * node-topic publishes are refused (IotHubAuthorizer) and routed messages do not reach it; it
     * only needs to connect again.
     *
     * @throws IllegalStateException when this Moquette is not built as 0.17 is
     */
    static void install(Server server, ConnectedClients clients, ConnectingClients connecting,
            IotHubAuthenticator authenticator, Duration connectTimeout, List<InboundPublishes> taken,
            SessionDelivery sessions) {
        try {
            Object acceptor = accessible(Server.class.getDeclaredField("acceptor")).get(server);
            Field slot = accessible(acceptor.getClass().getDeclaredField("metrics"));
            Optional<ChannelInboundHandler> handler = Optional.of(new ClientPipeline(clients, connecting, authenticator,
                    connectTimeout, taken, sessions));
            slot.set(acceptor, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Moquette " + Server.MOQUETTE_VERSION
                    + " has no place for the edge hub's connection handlers: " + e, e);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelHandler place = connecting.admit(ctx.channel());
        if (place == null) {
            ctx.pipeline().remove(this);
            return;
        }
        UNUSED_MOQUETTE_HANDLERS.stream().filter(name -> ctx.pipeline().get(name) != null)
                .forEach(ctx.pipeline()::remove);
        ctx.pipeline().addAfter(ctx.name(), "strata-client",
                new ClientChannel(clients, authenticator, connectTimeout, ClientChannel.ACKNOWLEDGE_TIMEOUT, sessions));
        ctx.pipeline().addAfter("strata-client", "strata-inbound", new InboundPublishHandler(taken));
        ctx.pipeline().addAfter("strata-inbound", "strata-resend", new InflightResend(InflightResend.PERIOD));
        ctx.pipeline().addAfter("strata-resend", "strata-connecting", place);
        ctx.pipeline().remove(this);
    }

    static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }
}
