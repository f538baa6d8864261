package io.strata.routing.internal.lang;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import org.junit.Test;

/** The parts of a route: optional SELECT, source, sink; keywords in any case; comments. */
public class RouteParserTest {
    private static final Message FROM_FILTER = Message.builder().connectionDeviceId("edge-1").connectionModuleId("filter")
            .outputName("out1").applicationProperty("level", "high").build();

    @Test
    public void readsTheRouteOfTheDeploymentManifest() {
        Route route = RouteParser.parse("sensorToFilter",
                "FROM /messages/modules/tempSensor/outputs/temperatureOutput INTO BrokeredEndpoint(\"/modules/filtermodule/inputs/input1\")");

        assertThat(route.name(), is("sensorToFilter"));
        assertThat(route.source().toString(), is("/messages/modules/tempSensor/outputs/temperatureOutput"));
        assertThat(route.sink(), is(new RouteSink("BrokeredEndpoint", "/modules/filtermodule/inputs/input1")));
        assertThat(route.sink().toString(), is("BrokeredEndpoint(\"/modules/filtermodule/inputs/input1\")"));
    }

    @Test
    public void readsUpstream() {
        RouteSink sink = RouteParser.parse("up", "FROM /messages/* INTO $upstream").sink();

        assertThat(sink.name(), is("$upstream"));
        assertThat(sink.argument(), is(nullValue()));
    }

    @Test
    public void spellsBuiltInSinksOneWay() {
        assertThat(RouteParser.parse("up", "FROM /* INTO $UPSTREAM").sink(), is(new RouteSink("$upstream", null)));
        assertThat(RouteParser.parse("module", "FROM /* INTO brokeredendpoint('/modules/m/inputs/i')").sink(),
                is(new RouteSink("BrokeredEndpoint", "/modules/m/inputs/i")));
    }

    @Test
    public void keepsOtherSinksForTheirFactories() {
        assertThat(RouteParser.parse("log", "FROM /* INTO eventLog").sink(), is(new RouteSink("eventLog", null)));
        assertThat(RouteParser.parse("export", "FROM /* INTO export(\"s3://bucket/path\")").sink(),
                is(new RouteSink("export", "s3://bucket/path")));
        assertThat(RouteParser.parse("local", "FROM /* INTO $local('a \\'b\\'')").sink(), is(new RouteSink("$local", "a 'b'")));
    }

    @Test
    public void acceptsSelectStarAndKeywordsInAnyCase() {
        for (String text : new String[] {
                "SELECT * FROM /messages/* WHERE level = 'high' AND NOT false INTO $upstream",
                "select * from /messages/* where level = 'high' and not false into $upstream",
                "Select * From /messages/* Where level = 'high' And Not False Into $upstream",
                "from /messages/* where level = 'high' and not false into $upstream"}) {
            Route route = RouteParser.parse("case", text);

            assertThat(text, route.matches(MessageSource.TELEMETRY, FROM_FILTER).isMatch(), is(true));
            assertThat(text, route.text(), is(text));
        }
    }

    @Test
    public void skipsCommentsAndLineBreaks() {
        Route route = RouteParser.parse("commented", "/* alerts only */ FROM /messages/modules/filter/*\n"
                + "  WHERE level /* set by the filter */ = 'high' /* and nothing else */\n"
                + "  INTO /* the parent */ $upstream /* done */");

        assertThat(route.source().toString(), is("/messages/modules/filter/*"));
        assertThat(route.sink(), is(new RouteSink("$upstream", null)));
        assertThat(route.matches(MessageSource.TELEMETRY, FROM_FILTER).isMatch(), is(true));
        assertThat(route.matches(MessageSource.TELEMETRY, FROM_FILTER.toBuilder().applicationProperty("level", "low").build())
                .isMatch(), is(false));
    }

    @Test
    public void aSourceEndingInAStarIsNotAComment() {
        Route route = RouteParser.parse("star", "FROM /messages/* WHERE level = 'high' /* a comment */ INTO $upstream");

        assertThat(route.matches(MessageSource.TELEMETRY, FROM_FILTER).isMatch(), is(true));
    }

    @Test
    public void acceptsEverySourceForm() {
        for (String source : new String[] {"/*", "/messages/*", "/messages/modules/*", "/messages/modules/filter/*",
                "/messages/modules/filter/outputs/*", "/messages/modules/filter/outputs/out1", "/twinChangeNotifications"}) {
            assertThat(RouteParser.parse("source", "FROM " + source + " INTO $upstream").source().toString(), is(source));
        }
    }
}
