package io.strata.check.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.check.CheckResult;
import io.strata.api.check.CheckResult.Status;
import io.strata.api.node.NodeConfiguration;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.Test;

public class HostnameCheckTest {

    private static CheckResult check(String hostname, boolean resolves) {
        NodeConfiguration node = (NodeConfiguration) Proxy.newProxyInstance(NodeConfiguration.class.getClassLoader(),
                new Class<?>[] {NodeConfiguration.class},
                (proxy, method, args) -> method.getName().equals("hostname") ? hostname : "");
        return new HostnameCheck(() -> node, name -> {
            if (!resolves) {
                throw new UnknownHostException(name);
            }
            return InetAddress.getByAddress(name, new byte[] {10, 0, 0, 7});
        }).check();
    }

    @Test
    public void aLowerCaseNameThatResolvesIsOk() {
        CheckResult result = check("line-1.plant.example", true);
        assertEquals(result.detail(), Status.OK, result.status());
        assertTrue(result.detail(), result.detail().contains("10.0.0.7"));
    }

    @Test
    public void aNameWithUpperCaseWarnsThatItIsUsedInLowerCase() {
        CheckResult result = check("Line-1.Plant", true);
        assertEquals(Status.WARNING, result.status());
        assertTrue(result.detail(), result.detail().contains("line-1.plant"));
    }

    @Test
    public void aNameLongerThan64CharactersIsAnError() {
        CheckResult result = check("a".repeat(40) + "." + "b".repeat(30), true);
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail(), result.detail().contains("71 characters"));
    }

    @Test
    public void anInvalidLabelIsAnErrorNamingIt() {
        CheckResult result = check("line_1.plant", true);
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail(), result.detail().contains("'line_1'"));
        assertEquals(Status.ERROR, check("-edge.plant", true).status());
        assertEquals(Status.ERROR, check("edge..plant", true).status());
    }

    @Test
    public void aNameThatDoesNotResolveWarns() {
        CheckResult result = check("line-1.plant", false);
        assertEquals(Status.WARNING, result.status());
        assertTrue(result.fix(), result.fix().contains("parentAddress"));
    }
}
