package io.xuanxuan.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone server as a separate JVM (the test JVM's class path, {@link StandaloneApplication}) on
 * 127.0.0.1 and a port of its own choosing, with a data directory the test gives: so a test can kill it
 * with SIGKILL ({@link Process#destroyForcibly()} on Linux) and start it again on the same data. Its output
 * goes to {@code target/kill-nine/<name>.log}. {@link #close()} kills it; call it in a finally.
 */
final class StandaloneProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private StandaloneProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the server on {@code dataDir} with these extra {@code --name=value} arguments and waits until
     * its health endpoint says UP.
     */
    static StandaloneProcess start(Path dataDir, String logName, String... extraArgs) {
        return startOnPort(dataDir, logName, 0, extraArgs);
    }

    /** As {@link #start}, on a given public port (0: any free one): a restart on the same port keeps a browser's origin. */
    static StandaloneProcess startOnPort(Path dataDir, String logName, int port, String... extraArgs) {
        Path log = Path.of("target", "kill-nine", logName + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small and quick to start: the tests send hundreds of requests, not millions
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(),
                StandaloneApplication.class.getName(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--management.server.port=0", // several servers side by side; readiness is on the public port
                "--xuanxuan.data-dir=" + dataDir.toAbsolutePath(),
                "--xuanxuan.presence.bcrypt-strength=6",
                "--xuanxuan.gateway.requests-per-second=2000",
                "--xuanxuan.gateway.burst=2000"));
        command.addAll(List.of(extraArgs));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandaloneProcess server = null;
        try {
            server = new StandaloneProcess(process, log, awaitPort(process, log));
            server.awaitHealthy();
            return server;
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Surefire may start the test JVM through a manifest-only jar; its real class path is in this property. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static int awaitPort(Process process, Path log) {
        int[] port = new int[1];
        boolean started = Waits.within(START_TIMEOUT, Duration.ofMillis(100), () -> {
            Matcher matcher = STARTED.matcher(read(log));
            if (matcher.find()) {
                port[0] = Integer.parseInt(matcher.group(1));
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + tail(log));
            }
            return false;
        });
        if (started) {
            return port[0];
        }
        throw new AssertionError("the server did not start within " + START_TIMEOUT + ":\n" + tail(log));
    }

    private void awaitHealthy() {
        boolean healthy = Waits.within(START_TIMEOUT, Duration.ofMillis(100), () -> {
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/readyz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + tail(log));
            }
            return false;
        });
        if (healthy) {
            return;
        }
        throw new AssertionError("the server was not healthy within " + START_TIMEOUT + ":\n" + tail(log));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The server's output so far. */
    String output() {
        return read(log);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to any client; waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the server (pid " + process.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        String text = read(log);
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }
}
