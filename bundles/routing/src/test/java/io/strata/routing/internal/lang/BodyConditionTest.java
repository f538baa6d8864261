package io.strata.routing.internal.lang;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.strata.api.message.Message;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** {@code $body} references read JSON bodies only, and say why when they cannot. */
public class BodyConditionTest {
    private static final String TEMPERATURE = "{\"temp\":21}";

    private static Message body(String json, Charset charset, String contentType, String contentEncoding) {
        return Message.builder().body(json.getBytes(charset)).contentType(contentType).contentEncoding(contentEncoding).build();
    }

    @Test
    public void readsJsonInAnyCaseOfContentTypeAndEncoding() {
        assertThat(Conditions.evaluate("$body.temp = 21", body(TEMPERATURE, StandardCharsets.UTF_8, "application/json", "utf-8")), is("true"));
        assertThat(Conditions.evaluate("$body.temp = 21", body(TEMPERATURE, StandardCharsets.UTF_8, "Application/JSON", "UTF-8")), is("true"));
        assertThat(Conditions.evaluate("$body.temp = 21",
                body(TEMPERATURE, StandardCharsets.UTF_8, "application/json; charset=utf-8", "utf-8")), is("true"));
    }

    @Test
    public void readsUtf16AndUtf32Bodies() {
        assertThat(Conditions.evaluate("$body.temp = 21", body(TEMPERATURE, StandardCharsets.UTF_16, "application/json", "utf-16")), is("true"));
        assertThat(Conditions.evaluate("$body.temp = 21", body(TEMPERATURE, Charset.forName("UTF-32"), "application/json", "UTF-32")), is("true"));
    }

    @Test
    public void isUndefinedForOtherContentTypes() {
        assertThat(Conditions.evaluate("$body.temp", body(TEMPERATURE, StandardCharsets.UTF_8, "text/plain", "utf-8")),
                is("undefined: $body.temp is undefined because the content type is text/plain"));
        assertThat(Conditions.evaluate("$body.temp", Message.builder().body(TEMPERATURE.getBytes(StandardCharsets.UTF_8)).build()),
                is("undefined: $body.temp is undefined because the message has no content type"));
    }

    @Test
    public void isUndefinedWithoutASupportedEncoding() {
        assertThat(Conditions.evaluate("$body.temp", body(TEMPERATURE, StandardCharsets.UTF_8, "application/json", null)),
                is("undefined: $body.temp is undefined because the message has no content encoding"));
        assertThat(Conditions.evaluate("$body.temp", body(TEMPERATURE, StandardCharsets.ISO_8859_1, "application/json", "latin1")),
                is("undefined: $body.temp is undefined because the content encoding is latin1"));
    }

    @Test
    public void isUndefinedForABodyThatIsNotJson() {
        assertThat(Conditions.evaluate("$body.temp", body("{\"temp\":", StandardCharsets.UTF_8, "application/json", "utf-8")),
                is("undefined: $body.temp is undefined because the body is not valid JSON"));
        assertThat(Conditions.evaluate("$body.temp", body("{\"temp\":1} trailing", StandardCharsets.UTF_8, "application/json", "utf-8")),
                is("undefined: $body.temp is undefined because the body is not valid JSON"));
    }

    @Test
    public void namesWhereAPathLeadsNowhere() {
        Message message = Conditions.jsonMessage().build();

        assertThat(Conditions.evaluate("$body.weather.history[2].month", message),
                is("undefined: $body.weather.history[2].month is undefined because the body has nothing at $body.weather.history[2]"));
        assertThat(Conditions.evaluate("$body.weather.city.name", message),
                is("undefined: $body.weather.city.name is undefined because the body has nothing at $body.weather.city.name"));
        assertThat(Conditions.evaluate("$body.weather", message),
                is("undefined: $body.weather is undefined because it is an object, not a single value"));
        assertThat(Conditions.evaluate("$body.weather.history", message),
                is("undefined: $body.weather.history is undefined because it is an array, not a single value"));
    }

    @Test
    public void aJsonStringIsAStringAndNotANumber() {
        Message message = body("{\"temp\":\"21\"}", StandardCharsets.UTF_8, "application/json", "utf-8");

        assertThat(Conditions.evaluate("$body.temp = '21'", message), is("true"));
        assertThat(Conditions.evaluate("$body.temp = 21", message).startsWith("undefined: "), is(true));
    }

    @Test
    public void aBodyArrayCannotBeIndexedAtTheTop() {
        Message message = body("[\"Feb\"]", StandardCharsets.UTF_8, "application/json", "utf-8");

        assertThat(Conditions.evaluate("is_defined($body[0])", message), is("false"));
        assertThat(Conditions.evaluate("$body[0]", message), is("undefined: $body[0] is undefined because "
                + "property names cannot contain [ or ], and only members of the body can be queried"));
    }
}
