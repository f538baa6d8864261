package io.strata.samples.tempsensor.internal;

import io.strata.api.agent.ModuleConfiguration;
import io.strata.api.message.Message;
import io.strata.api.module.ModuleClient;
import io.strata.api.module.ModuleClientFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated temperature sensor module: one instance per configuration the agent writes for a
 * module of a deployment (factory PID {@value #PID}), sending a reading on output
 * {@value #OUTPUT} every {@code SendInterval} seconds until {@code MessageCount} are sent.
 */
@Component(configurationPid = TemperatureSensor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class TemperatureSensor {

    static final String PID = "io.strata.samples.tempsensor";
    static final String OUTPUT = "temperatureOutput";

    private static final Logger LOG = LoggerFactory.getLogger(TemperatureSensor.class);

    private final AtomicLong sent = new AtomicLong();
    private final MachineSimulation machine = new MachineSimulation(new Random());

    @Reference
    private ModuleClientFactory modules;

    private SensorSettings settings;
    private ModuleClient client;
    private ScheduledExecutorService schedule;

    public TemperatureSensor() {
    }

    TemperatureSensor(ModuleClientFactory modules) {
        this.modules = modules;
    }

    @Activate
    void activate(Map<String, Object> properties) {
        settings = SensorSettings.from(properties);
        String moduleId = String.valueOf(properties.get(ModuleConfiguration.MODULE_ID));
        client = modules.connect(moduleId);
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "sensor-" + moduleId));
        long period = settings.sendInterval().toNanos();
        schedule.scheduleAtFixedRate(this::sendOne, period, period, TimeUnit.NANOSECONDS);
        LOG.info("Sensor {} sends every {} ({} messages)", moduleId, settings.sendInterval(),
                settings.messageCount() > 0 ? settings.messageCount() : "no end");
    }

    @Deactivate
    void deactivate() {
        schedule.shutdownNow();
        client.close();
    }

    /** Sends the next reading, or reports that it is done once all are sent. */
    void sendOne() {
        long count = settings.messageCount();
        if (count > 0 && sent.get() >= count) {
            client.patchReported("{\"sent\":" + sent.get() + ",\"done\":true}");
            schedule.shutdown();
            return;
        }
        Message reading = Message.builder().body(machine.next(Clock.systemUTC().instant()))
                .contentType("application/json").contentEncoding("utf-8").build();
        sent.incrementAndGet();
        client.sendOutput(OUTPUT, reading).whenComplete((accepted, failure) -> {
            if (failure != null) {
                LOG.debug("Reading not accepted by the edge hub: {}", failure.getMessage());
            }
        });
    }
}
