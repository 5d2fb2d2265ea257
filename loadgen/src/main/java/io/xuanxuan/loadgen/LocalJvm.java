package io.xuanxuan.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process on this machine, by pid: its heap after a forced GC ({@code jcmd <pid> GC.run}, then
 * {@code jcmd <pid> GC.heap_info}), its resident set ({@code /proc/<pid>/status} VmRSS), its CPU time and
 * its open-file limit ({@code /proc/<pid>/limits}). Every reading is empty when it cannot be taken.
 */
final class LocalJvm {

    /** Sockets a process can hold: its open-file limit minus this many for jars, logs, epoll, ... */
    static final int FD_MARGIN = 500;

    private static final Pattern USED = Pattern.compile("\\bused\\s+(\\d+)([KMG]?)\\b");

    private LocalJvm() {
    }

    /** Forces a full GC in the JVM {@code pid} and returns its heap used afterwards in MB. */
    static OptionalDouble heapUsedAfterGcMb(long pid) {
        if (jcmd(pid, "GC.run") == null) {
            return OptionalDouble.empty();
        }
        String info = jcmd(pid, "GC.heap_info");
        return info == null ? OptionalDouble.empty() : parseHeapUsedMb(info);
    }

    /**
     * The heap used in {@code GC.heap_info} output, in MB: the sum of the "used" figures of every line but
     * Metaspace and class space (G1 prints one heap line; Serial/Parallel one per generation; ZGC its heap).
     */
    static OptionalDouble parseHeapUsedMb(String heapInfo) {
        double kb = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space") || trimmed.startsWith("region size")) {
                continue;
            }
            Matcher m = USED.matcher(trimmed);
            if (m.find()) {
                long value = Long.parseLong(m.group(1));
                kb += switch (m.group(2)) {
                    case "" -> value / 1024.0;
                    case "K" -> value;
                    case "M" -> value * 1024.0;
                    default -> value * 1024.0 * 1024.0;
                };
                found = true;
            }
        }
        return found ? OptionalDouble.of(kb / 1024.0) : OptionalDouble.empty();
    }

    /** VmRSS of the process in MB. */
    static OptionalDouble rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalDouble.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not readable: empty
        }
        return OptionalDouble.empty();
    }

    /** Cumulative CPU seconds of the process (NaN if unknown). */
    static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** The soft "Max open files" limit of a process ({@code self} for this one), if readable. */
    static OptionalLong openFilesLimit(String pid) {
        try {
            return parseOpenFilesLimit(Files.readString(Path.of("/proc/" + pid + "/limits")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parseOpenFilesLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return f[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(f[0]));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Fails early when {@code connections} sockets do not fit into this process's open-file limit (the load
     * generator holds one per connection) or the server's ({@code serverPid}, or, for a server this process
     * starts, the same limit as this one's: a child inherits it).
     */
    static void requireSockets(int connections, Long serverPid) {
        OptionalLong self = openFilesLimit("self");
        check(connections, "the load generator", self);
        if (serverPid != null) {
            check(connections, "the server (pid " + serverPid + ")", openFilesLimit(String.valueOf(serverPid)));
        }
    }

    private static void check(int connections, String who, OptionalLong limit) {
        if (limit.isPresent() && connections > limit.getAsLong() - FD_MARGIN) {
            long fits = Math.max(0, limit.getAsLong() - FD_MARGIN);
            throw new IllegalStateException(String.format(
                    "%d connections do not fit: %s may hold at most %d open files (\"Max open files\" in /proc/<pid>/limits,"
                            + " a hard limit here: raising it needs CAP_SYS_RESOURCE), one per socket plus ~%d for"
                            + " everything else. Largest count that fits: %d (extrapolate per-session figures from it,"
                            + " or spread the connections over several processes/machines).",
                    connections, who, limit.getAsLong(), FD_MARGIN, fits));
        }
    }

    /** Runs {@code jcmd <pid> <command>}; its output, or null if it failed. */
    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String exe = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        try {
            Process p = new ProcessBuilder(List.of(exe, String.valueOf(pid), command)).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                System.err.println("jcmd " + pid + " " + command + " failed: " + text.trim());
                return null;
            }
            return text;
        } catch (IOException e) {
            System.err.println("jcmd " + pid + " " + command + " failed: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
