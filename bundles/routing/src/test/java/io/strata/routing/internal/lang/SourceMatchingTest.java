package io.strata.routing.internal.lang;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import java.util.Arrays;
import java.util.Collection;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Every source form against a device message, module messages with and without output, and a twin change. */
@RunWith(Parameterized.class)
public class SourceMatchingTest {
    private static final Message FROM_DEVICE = Message.builder().connectionDeviceId("sensor-1").build();
    private static final Message FROM_MODULE = Message.builder().connectionDeviceId("edge-1").connectionModuleId("filter").build();
    private static final Message FROM_OUTPUT = FROM_MODULE.toBuilder().outputName("alerts").build();
    private static final Message FROM_OTHER_OUTPUT = FROM_MODULE.toBuilder().outputName("other").build();
    private static final Message FROM_OTHER_MODULE = Message.builder().connectionDeviceId("edge-1").connectionModuleId("sensor")
            .outputName("alerts").build();

    @Parameters(name = "{0}")
    public static Collection<Object[]> sources() {
        // device, module without output, module through alerts, module through other, other module, twin change
        return Arrays.asList(new Object[][] {
                {"/*", true, true, true, true, true, true},
                {"/messages/*", true, true, true, true, true, false},
                {"/messages/modules/*", false, true, true, true, true, false},
                {"/messages/modules/filter/*", false, true, true, true, false, false},
                {"/messages/modules/FILTER/*", false, true, true, true, false, false},
                {"/messages/modules/filter/outputs/*", false, false, true, true, false, false},
                {"/messages/modules/filter/outputs/alerts", false, false, true, false, false, false},
                {"/Messages/Modules/filter/Outputs/alerts", false, false, true, false, false, false},
                {"/messages/modules/sensor/outputs/alerts", false, false, false, false, true, false},
                {"/twinChangeNotifications", false, false, false, false, false, true},
                {"/TWINCHANGENOTIFICATIONS", false, false, false, false, false, true},
        });
    }

    @Parameter(0)
    public String source;
    @Parameter(1)
    public boolean device;
    @Parameter(2)
    public boolean module;
    @Parameter(3)
    public boolean output;
    @Parameter(4)
    public boolean otherOutput;
    @Parameter(5)
    public boolean otherModule;
    @Parameter(6)
    public boolean twinChange;

    @Test
    public void matchesTheMessagesItNames() {
        Route route = RouteParser.parse("test", "FROM " + source + " INTO $upstream");

        assertThat("device", route.matches(MessageSource.TELEMETRY, FROM_DEVICE).isMatch(), is(device));
        assertThat("module", route.matches(MessageSource.TELEMETRY, FROM_MODULE).isMatch(), is(module));
        assertThat("output", route.matches(MessageSource.TELEMETRY, FROM_OUTPUT).isMatch(), is(output));
        assertThat("other output", route.matches(MessageSource.TELEMETRY, FROM_OTHER_OUTPUT).isMatch(), is(otherOutput));
        assertThat("other module", route.matches(MessageSource.TELEMETRY, FROM_OTHER_MODULE).isMatch(), is(otherModule));
        assertThat("twin change", route.matches(MessageSource.TWIN_CHANGE_NOTIFICATION, FROM_MODULE).isMatch(), is(twinChange));
    }
}
