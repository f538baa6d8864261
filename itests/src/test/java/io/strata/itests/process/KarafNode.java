package io.strata.itests.process;

import io.strata.itests.StrataContainer;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Strata node as users run it: the built assembly unpacked into its own folder, configured
 * through its {@code etc/} files, started with {@code bin/karaf server} and driven through its
 * remote shell. Tests use it where a real process matters: restarts, kills, hierarchies.
 */
public final class KarafNode implements AutoCloseable {

    /** The admin user every node gets. */
    public static final String USER = "itest";
    public static final String PASSWORD = "itest-password";
    /** Three nodes booting at once on two busy cores took over two minutes; a hung boot still fails. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** Needs the identity registry, which every node runs from its first start, configured or not. */
    private static final String READY_COMMAND = "edge:devices";

    private final String name;
    private final Path home;
    private final int sshPort;
    private Process process;

    private KarafNode(String name, Path home, int sshPort) {
        this.name = name;
        this.home = home;
        this.sshPort = sshPort;
    }

    /** Unpacks a fresh copy of the assembly under {@code target/nodes/<name>}, on free ports. */
    public static KarafNode create(String name) throws IOException, InterruptedException {
        Path parent = Path.of("target", "nodes", name).toAbsolutePath();
        deleteRecursively(parent);
        Files.createDirectories(parent);
        run(parent, List.of("tar", "xzf", System.getProperty("strata.assembly"), "-C", parent.toString()));
        Path home;
        try (var entries = Files.list(parent)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        int sshPort = Integer.parseInt(StrataContainer.freePort());
        KarafNode node = new KarafNode(name, home, sshPort);
        node.setProperty("org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort));
        node.setProperty("org.apache.karaf.management.cfg", "rmiRegistryPort", StrataContainer.freePort());
        node.setProperty("org.apache.karaf.management.cfg", "rmiServerPort", StrataContainer.freePort());
        // Every node opens AMQP and HTTPS; nodes side by side on one machine need a port each.
        node.setProperty("io.strata.amqp.cfg", "port", StrataContainer.freePort());
        node.setProperty("io.strata.apiproxy.cfg", "port", StrataContainer.freePort());
        Files.writeString(home.resolve("etc/users.properties"),
                "\n" + USER + " = " + PASSWORD + ",_g_:admingroup\n"
                        + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                StandardOpenOption.APPEND);
        return node;
    }

    public Path home() {
        return home;
    }

    /** Adds a user of the karaf realm (shell, JMX) with the roles given, e.g. {@code viewer}; before {@link #start()}. */
    public void addUser(String user, String password, String... roles) throws IOException {
        String group = user + "group";
        Files.writeString(home.resolve("etc/users.properties"), "\n" + user + " = " + password + ",_g_:" + group + "\n"
                + "_g_\\:" + group + " = group," + String.join(",", roles) + "\n", StandardOpenOption.APPEND);
    }

    /** The node's JMX connector on loopback, as {@code etc/org.apache.karaf.management.cfg} places it. */
    public String jmxServiceUrl() throws IOException {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                + etcProperties("org.apache.karaf.management.cfg").getProperty("rmiRegistryPort").trim() + "/karaf-"
                + etcProperties("system.properties").getProperty("karaf.name").trim();
    }

    private Properties etcProperties(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("etc").resolve(file))) {
            properties.load(reader);
        }
        return properties;
    }

    /** Sets {@code key = value} in an {@code etc/} file, replacing the key's line or adding one. */
    public void setProperty(String etcFile, String key, String value) throws IOException {
        Path file = home.resolve("etc").resolve(etcFile);
        String text = Files.exists(file) ? Files.readString(file) : "";
        Matcher line = Pattern.compile("(?m)^\\s*#?\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String entry = Matcher.quoteReplacement(key + " = " + value);
        text = line.find() ? line.replaceFirst(entry) : text + "\n" + key + " = " + value + "\n";
        Files.writeString(file, text);
    }

    /**
     * Starts the node and returns once its shell answers with the node's own commands: Karaf's shell is up
     * before the node's services are, and a command whose service is not there yet is "not found".
     */
    public void start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try {
                execute(READY_COMMAND);
                return;
            } catch (IllegalStateException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited during start, see " + home.resolve("console.log"));
                }
                if (Instant.now().isAfter(deadline)) {
                    dumpThreads();
                    throw new IllegalStateException(name + " did not answer within " + START_TIMEOUT
                            + "; its threads are in " + home.resolve("console.log"), notYet);
                }
                Thread.sleep(500);
            }
        }
    }

    /** Appends a thread dump of the node's JVM to console.log, so that a node that hangs can be diagnosed. */
    private void dumpThreads() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (ProcessHandle jvm : process.descendants().toList()) {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()))
                    .start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
            }
        }
    }

    /**
     * Runs one shell command through the node's remote shell (SSH, as {@code bin/client} does) and returns
     * what it printed.
     *
     * @throws IllegalStateException when the command fails, with its output
     */
    public String execute(String command) throws IOException, InterruptedException {
        return succeeded(command, run(command));
    }

    /** The same through the node's own {@code bin/client}, for tests of what an operator sees with it. */
    public String executeWithBinClient(String command) throws IOException, InterruptedException {
        return succeeded(command, runWithBinClient(command));
    }

    /**
     * Runs one shell command that should fail and returns what it printed.
     *
     * @throws IllegalStateException when the command succeeds
     */
    public String executeExpectingFailure(String command) throws IOException, InterruptedException {
        RemoteShell.Outcome outcome = run(command);
        if (outcome.succeeded()) {
            throw new IllegalStateException(name + ": '" + command + "' succeeded:\n" + outcome.output());
        }
        return outcome.output();
    }

    /** Runs one shell command and returns what it printed, whether it failed or not. */
    public String outputOf(String command) throws IOException, InterruptedException {
        return run(command).output();
    }

    private String succeeded(String command, RemoteShell.Outcome outcome) {
        if (!outcome.succeeded()) {
            throw new IllegalStateException(name + ": '" + command + "' failed:\n" + outcome.output());
        }
        return outcome.output();
    }

    private RemoteShell.Outcome run(String command) {
        try {
            return failedIfItSaysSo(RemoteShell.run(sshPort, USER, PASSWORD, command, COMMAND_TIMEOUT));
        } catch (IOException notAnswering) {
            return new RemoteShell.Outcome(false, "the remote shell of " + name + " did not answer: " + notAnswering);
        }
    }

    private RemoteShell.Outcome runWithBinClient(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-a", Integer.toString(sshPort), "-h", "127.0.0.1", "-u", USER, "-p", PASSWORD, "-r", "1", command)
                .directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // Each node gets its own known_hosts: ports are reused across nodes with new host keys.
        builder.environment().put("JAVA_OPTS", "-Duser.home=" + home);
        Process client = builder.start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            client.destroyForcibly();
            return new RemoteShell.Outcome(false, output + "\n(no answer within " + COMMAND_TIMEOUT.toSeconds() + " s)");
        }
        return failedIfItSaysSo(new RemoteShell.Outcome(client.exitValue() == 0, output));
    }

    /** Karaf's shell reports some failures in the output only. */
    private static RemoteShell.Outcome failedIfItSaysSo(RemoteShell.Outcome outcome) {
        String output = outcome.output();
        return new RemoteShell.Outcome(outcome.succeeded() && !output.contains("Error executing command")
                && !output.contains("Command not found"), output);
    }

    /** Stops the node gracefully and waits for its process to end. */
    public void stop() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        run(home, List.of(home.resolve("bin/stop").toString()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Ends the node at once, as a power cut or {@code kill -9} would. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            kill();
        }
    }

    private static void run(Path directory, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
