package io.strata.api.node;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.Test;

public class NodeNamesTest {

    @Test
    public void theConfiguredHostnameIsUsedInLowerCase() {
        assertThat(NodeNames.of(" Edge-A.Plant ", "").hostname(), is("edge-a.plant"));
    }

    @Test
    public void anEmptyHostnameIsTheMachineName() {
        String hostname = NodeNames.of("", null).hostname();
        assertThat(hostname.isEmpty(), is(false));
        assertThat(hostname, is(hostname.toLowerCase()));
    }

    @Test
    public void theDeviceIdDefaultsToTheHostname() {
        assertThat(NodeNames.of("Edge-A", " ").deviceId(), is("edge-a"));
        assertThat(NodeNames.of(null, null).deviceId(), is(NodeNames.of(null, null).hostname()));
    }

    @Test
    public void aConfiguredDeviceIdIsKeptAsWritten() {
        assertThat(NodeNames.of("edge-a", " Line-1 ").deviceId(), is("Line-1"));
        assertThat(NodeNames.of("edge-a", "line-1").hostname(), not("line-1"));
    }
}
