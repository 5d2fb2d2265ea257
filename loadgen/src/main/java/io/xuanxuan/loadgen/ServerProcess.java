package io.xuanxuan.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVPrinter;

/**
 * The standalone server as a child process, for one benchmark run: builds nothing, starts
 * {@code java -Xmx<heap> -jar <jar>} on 127.0.0.1 and a free port, with a fresh temporary data
 * directory, demo data off, a generated account file, the given bcrypt strength (default 4 in
 * {@link Options}: logins are cheap unless a scenario wants to measure their cost) and rate limits high
 * enough for a load generator (the gateway has no connection limit: the process's open-file limit is the
 * only bound on sessions, see {@link LocalJvm#requireSockets}). Its output goes
 * to a log file; {@link #stop()} ends it (SIGTERM, then SIGKILL after 30 s) and removes the data directory.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final ServerMetrics metrics;
    private final Thread shutdownHook;
    private boolean stopped;
    private long logOffsetAtReady;

    private ServerProcess(Process process, int port, int managementPort, Path dataDir, Path log) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        // actuator listens on its own port (management.server.port), not on the WebSocket's
        this.metrics = new ServerMetrics(URI.create("http://127.0.0.1:" + managementPort));
        this.shutdownHook = new Thread(() -> {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }, "stop-bench-server");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the server with {@code accounts} accounts {@link Accounts#name(int, int) u0001..uNNNN} that all
     * have {@code password}, and waits until {@code /actuator/health} is UP.
     *
     * @param jvmArgs   further JVM options (may be empty)
     * @param extraArgs further {@code --name=value} arguments for the server (may be empty)
     */
    public static ServerProcess start(Path jar, String heap, int accounts, String password, int bcryptStrength, Path log,
                                      List<String> jvmArgs, List<String> extraArgs, Duration startTimeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("server jar not found: " + jar.toAbsolutePath()
                    + " (build it: ./mvnw -B -q -DskipTests package -pl standalone -am)");
        }
        Path dataDir = Files.createTempDirectory("xx-bench-");
        Path csv = dataDir.resolve("accounts.csv");
        try (CSVPrinter accountsFile = new CSVPrinter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), Result.CSV)) {
            accountsFile.printRecord("account", "realname", "password");
            for (int i = 1; i <= accounts; i++) {
                String name = Accounts.name(i, accounts);
                accountsFile.printRecord(name, "Bench " + name, password);
            }
        }
        // a private copy: other builds may replace the jar under target/ while the server runs
        Path jarCopy = dataDir.resolve("server.jar");
        Files.copy(jar, jarCopy);
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(jvmArgs);
        command.addAll(List.of(
                "-jar", jarCopy.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--xuanxuan.data-dir=" + dataDir.resolve("data"),
                "--xuanxuan.presence.demo-data=false",
                "--xuanxuan.presence.import-file=" + csv,
                "--xuanxuan.presence.bcrypt-strength=" + bcryptStrength,
                "--xuanxuan.gateway.requests-per-second=1000000",
                "--xuanxuan.gateway.burst=1000000",
                // every bench client connects from 127.0.0.1, and a login storm waits longer than a user would
                "--xuanxuan.gateway.max-connections-per-address=0",
                "--xuanxuan.gateway.max-unauthenticated-connections=0",
                "--xuanxuan.gateway.login-timeout=1h",
                // the capacity of fan-out, not the per-sender protection: at its default (2,000 deliveries/s
                // per user) 5 senders to a group of 100 at 300 msg/s are refused from the first seconds
                "--xuanxuan.chat.deliveries-per-second=0"));
        command.addAll(extraArgs);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(process, port, managementPort, dataDir, log);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!server.metrics.healthy()) {
            if (!process.isAlive()) {
                server.stop();
                throw new IllegalStateException("server exited with " + process.exitValue() + " during start-up; see "
                        + log.toAbsolutePath());
            }
            if (System.nanoTime() > deadline) {
                server.stop();
                throw new IllegalStateException("server not healthy within " + startTimeout + "; see " + log.toAbsolutePath());
            }
            Thread.sleep(250);
        }
        server.logOffsetAtReady = Files.size(log);
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Cumulative CPU time of the child process in seconds, from the OS (NaN if unknown). */
    public double cpuTimeSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * Lines of the server's log at WARN or ERROR level (and exception heads) written after it became
     * healthy (start-up warnings are not the benchmark's business), at most {@code max}.
     */
    public List<String> warnings(int max) {
        return Accounts.warnings(log, logOffsetAtReady, max);
    }

    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        deleteTree(dataDir);
    }

    @Override
    public void close() {
        stop();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
