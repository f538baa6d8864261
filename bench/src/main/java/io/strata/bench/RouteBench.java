package io.strata.bench;

import io.strata.api.agent.ModuleConfiguration;
import io.strata.api.message.Message;
import io.strata.api.module.ModuleClient;
import io.strata.api.module.ModuleClientFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module that measures a route between in-process module clients: it sends {@code Messages} JSON
 * messages of {@code Bytes} bytes on output {@code out}, at most {@code InFlight} unacknowledged, {@code Batch} per
 * send (one by one through {@code sendOutput} when 1, the default, else through {@code sendOutputs}),
 * and a route of the deployment brings them back to its input {@code in}; {@code WarmUp} messages
 * go the same way first, unmeasured. With {@code Rate} (messages per second, 0 for as fast as the window allows)
 * the measured messages are paced, each timed from when its schedule said to send it, so a sender held back by
 * the window counts its wait as latency. Then it drains: with no input handler set it sends {@code DrainMessages}
 * on output {@code fill}, which a route brings to its input {@code drain}, waits until all are stored, and
 * sets that input's handler; the time from then until the last arrives gives the drain rate. The results
 * go to its reported properties ({@code result}, {@code drain}) and the log.
 */
@Component(configurationPid = RouteBench.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class RouteBench {

    static final String PID = "io.strata.bench.route";

    private static final Logger LOG = LoggerFactory.getLogger(RouteBench.class);

    @Reference
    private ModuleClientFactory modules;

    private ModuleClient client;
    private int batch;
    private long rate;
    private Thread run;

    @Activate
    void activate(Map<String, Object> properties) {
        int messages = Integer.parseInt(String.valueOf(properties.getOrDefault("Messages", "10000")));
        int inFlight = Integer.parseInt(String.valueOf(properties.getOrDefault("InFlight", "32")));
        int bytes = Integer.parseInt(String.valueOf(properties.getOrDefault("Bytes", "256")));
        int warmUp = Integer.parseInt(String.valueOf(properties.getOrDefault("WarmUp", "0")));
        int drainMessages = Integer.parseInt(String.valueOf(properties.getOrDefault("DrainMessages", "0")));
        batch = Integer.parseInt(String.valueOf(properties.getOrDefault("Batch", "1")));
        rate = Long.parseLong(String.valueOf(properties.getOrDefault("Rate", "0")));
        if (batch < 1 || batch > inFlight) {
            throw new IllegalArgumentException("Batch " + batch + " must be between 1 and InFlight (" + inFlight + ")");
        }
        client = modules.connect(String.valueOf(properties.get(ModuleConfiguration.MODULE_ID)));
        run = new Thread(() -> {
            measure(warmUp, messages, inFlight, bytes);
            if (drainMessages > 0) {
                measureDrain(drainMessages, inFlight, bytes);
            }
        }, "route-bench");
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
                run(warmUp, inFlight, bytes, 0, new Latencies(warmUp), new Latencies(warmUp), SlowIntervals.NONE);
            }
            Latencies latencies = new Latencies(messages);
            Latencies stored = new Latencies(messages);
            // when paced, the intervals with messages slower than 5 ms, up to twice the run's planned length
            SlowIntervals slow = rate > 0 ? new SlowIntervals(5_000_000L, 2 * messages * 1_000_000_000L / rate)
                    : SlowIntervals.NONE;
            ProcessCpu node = new ProcessCpu("self");
            long start = System.nanoTime();
            Run run = run(messages, inFlight, bytes, rate, latencies, stored, slow);
            long end = System.nanoTime();
            long received = messages - run.received().getCount();
            boolean all = received == messages;
            long sent = run.sentNanos();
            String result = String.format("%d of %d messages in %.1f s: sent %.0f msg/s, routed %.0f msg/s, output -> input %s, "
                    + "output -> stored %s, node CPU %.1f us/msg", received, messages, (end - start) / 1e9,
                    messages / ((sent - start) / 1e9), received / ((end - start) / 1e9), latencies.summary(),
                    stored.summary(), node.microsPer(received));
            LOG.info("Route bench: {}{}", result, all ? "" : " (timed out)");
            slow.lines().forEach(line -> LOG.info("Route bench, slow interval: {}", line));
            client.patchReported("{\"result\":\"" + result + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void measureDrain(int messages, int inFlight, int bytes) {
        try {
            client.setInputHandler("in", null);
            long fillStart = System.nanoTime();
            send("fill", messages, inFlight, bytes, 0, new Latencies(0));
            long filled = System.nanoTime();
            CountDownLatch received = new CountDownLatch(messages);
            ProcessCpu node = new ProcessCpu("self");
            long start = System.nanoTime();
            client.setInputHandler("drain", message -> received.countDown());
            received.await(10, TimeUnit.MINUTES);
            long end = System.nanoTime();
            long drained = messages - received.getCount();
            String result = String.format("%d of %d messages queued in %.1f s, drained in %.1f s: drained %.0f msg/s, "
                    + "node CPU %.1f us/msg", drained, messages, (filled - fillStart) / 1e9, (end - start) / 1e9,
                    drained / ((end - start) / 1e9), node.microsPer(drained));
            LOG.info("Route bench drain: {}{}", result, drained == messages ? "" : " (timed out)");
            client.patchReported("{\"drain\":\"" + result + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Run(CountDownLatch received, long sentNanos) {
    }

    /** Sends the messages and waits (10 minutes at most) until they are back at the input. */
    private Run run(int messages, int inFlight, int bytes, long perSecond, Latencies latencies, Latencies stored,
            SlowIntervals slow) throws InterruptedException {
        CountDownLatch received = new CountDownLatch(messages);
        client.setInputHandler("in", message -> {
            long arrived = System.nanoTime();
            long latency = arrived - TimedBodies.sentAt(message.bodyBuffer());
            latencies.record(latency);
            slow.record(arrived, latency);
            received.countDown();
        });
        send("out", messages, inFlight, bytes, perSecond, stored);
        long sent = System.nanoTime();
        received.await(10, TimeUnit.MINUTES);
        return new Run(received, sent);
    }

    /**
     * Sends the messages on the output, at most {@code inFlight} unacknowledged and {@code perSecond} paced (0: not
     * paced), and waits until all are stored; {@code stored} gets each message's time from its schedule until its
     * sender heard that it is on disk.
     */
    private void send(String output, int messages, int inFlight, int bytes, long perSecond, Latencies stored)
            throws InterruptedException {
        Semaphore window = new Semaphore(inFlight);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i += batch) {
            int size = Math.min(batch, messages - i);
            long due = perSecond > 0 ? start + i * 1_000_000_000L / perSecond : System.nanoTime();
            for (long early = due - System.nanoTime(); early > 0; early = due - System.nanoTime()) {
                LockSupport.parkNanos(early);
            }
            window.acquire(size);
            long sentAt = perSecond > 0 ? due : System.nanoTime();
            if (size == 1) {
                client.sendOutput(output, message(i, sentAt, bytes)).whenComplete((ok, failure) -> {
                    stored.record(System.nanoTime() - sentAt);
                    window.release();
                });
            } else {
                List<Message> sent = new ArrayList<>(size);
                for (int j = i; j < i + size; j++) {
                    sent.add(message(j, sentAt, bytes));
                }
                client.sendOutputs(output, sent).whenComplete((ok, failure) -> {
                    stored.record(System.nanoTime() - sentAt, size);
                    window.release(size);
                });
            }
        }
        window.acquire(inFlight);
    }

    private static Message message(int index, long sentAt, int bytes) {
        return Message.builder().takeBody(TimedBodies.body(index, sentAt, bytes))
                .contentType("application/json").contentEncoding("utf-8").build();
    }
}
