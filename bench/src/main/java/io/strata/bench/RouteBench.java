package io.strata.bench;

import io.strata.api.agent.ModuleConfiguration;
import io.strata.api.message.Message;
import io.strata.api.module.ModuleClient;
import io.strata.api.module.ModuleClientFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module that measures a route between in-process module clients: it sends {@code Messages} JSON
 * messages of {@code Bytes} bytes on output {@code out}, at most {@code InFlight} unacknowledged,
 * and a route of the deployment brings them back to its input {@code in}; {@code WarmUp} messages
 * go the same way first, unmeasured. The result goes to its
 * reported properties ({@code result}) and the log.
 */
@Component(configurationPid = RouteBench.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class RouteBench {

    static final String PID = "io.strata.bench.route";

    private static final Logger LOG = LoggerFactory.getLogger(RouteBench.class);

    @Reference
    private ModuleClientFactory modules;

    private ModuleClient client;
    private Thread run;

    @Activate
    void activate(Map<String, Object> properties) {
        int messages = Integer.parseInt(String.valueOf(properties.getOrDefault("Messages", "10000")));
        int inFlight = Integer.parseInt(String.valueOf(properties.getOrDefault("InFlight", "32")));
        int bytes = Integer.parseInt(String.valueOf(properties.getOrDefault("Bytes", "256")));
        int warmUp = Integer.parseInt(String.valueOf(properties.getOrDefault("WarmUp", "0")));
        client = modules.connect(String.valueOf(properties.get(ModuleConfiguration.MODULE_ID)));
        run = new Thread(() -> measure(warmUp, messages, inFlight, bytes), "route-bench");
        run.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        run.interrupt();
        run.join(5000);
        client.close();
    }

    private void measure(int warmUp, int messages, int inFlight, int bytes) {
        try {
            if (warmUp > 0) {
                run(warmUp, inFlight, bytes, new Latencies(warmUp));
            }
            Latencies latencies = new Latencies(messages);
            ProcessCpu node = new ProcessCpu("self");
            long start = System.nanoTime();
            Run run = run(messages, inFlight, bytes, latencies);
            long end = System.nanoTime();
            long received = messages - run.received().getCount();
            boolean all = received == messages;
            long sent = run.sentNanos();
            String result = String.format("%d of %d messages in %.1f s: sent %.0f msg/s, routed %.0f msg/s, output -> input %s, "
                    + "node CPU %.1f us/msg", received, messages, (end - start) / 1e9, messages / ((sent - start) / 1e9),
                    received / ((end - start) / 1e9), latencies.summary(), node.microsPer(received));
            LOG.info("Route bench: {}{}", result, all ? "" : " (timed out)");
            client.patchReported("{\"result\":\"" + result + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Run(CountDownLatch received, long sentNanos) {
    }

    /** Sends the messages and waits (10 minutes at most) until they are back at the input. */
    private Run run(int messages, int inFlight, int bytes, Latencies latencies) throws InterruptedException {
        CountDownLatch received = new CountDownLatch(messages);
        client.setInputHandler("in", message -> {
            latencies.record(System.nanoTime() - TimedBodies.sentAt(message.body()));
            received.countDown();
        });
        Semaphore window = new Semaphore(inFlight);
        for (int i = 0; i < messages; i++) {
            window.acquire();
            Message message = Message.builder().body(TimedBodies.body(i, System.nanoTime(), bytes))
                    .contentType("application/json").contentEncoding("utf-8").build();
            client.sendOutput("out", message).whenComplete((ok, failure) -> window.release());
        }
        long sent = System.nanoTime();
        received.await(10, TimeUnit.MINUTES);
        return new Run(received, sent);
    }
}
