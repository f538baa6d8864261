package io.strata.broker.internal.moquette;

import io.moquette.broker.Server;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette 0.17 shuts its listener's Netty groups down with Netty's default quiet period, so every broker stop
 * (a node stopping, a listener setting or the hostname changing) waited 2 s with nothing left to do. Shut down
 * here first without one, they are already terminating when Moquette's own call comes, and it waits only for that.
 */
final class AcceptorShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptorShutdown.class);
    private static final List<String> GROUPS = List.of("workerGroup", "bossGroup");

    private AcceptorShutdown() {
    }

    static void withoutQuietPeriod(Server server) {
        try {
            Object acceptor = ClientPipeline.accessible(Server.class.getDeclaredField("acceptor")).get(server);
            for (String name : GROUPS) {
                Object group = ClientPipeline.accessible(acceptor.getClass().getDeclaredField(name)).get(acceptor);
                if (group instanceof EventLoopGroup loops) {
                    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Moquette {}'s listener shuts down with its own quiet period: {}", Server.MOQUETTE_VERSION,
                    e.toString());
        }
    }
}
