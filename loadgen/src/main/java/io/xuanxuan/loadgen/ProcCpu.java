package io.xuanxuan.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of processes on this machine from {@code /proc/<pid>/stat} (utime + stime, all threads of the
 * process), in seconds: the clock ticks per second come from {@code getconf CLK_TCK} (100 if it cannot be
 * run). Used for every process of the measured system at the edges of the measuring window, so that the
 * CPU of a distributed system is counted whole (broker, database and every service JVM), not just the
 * process the load generator talks to.
 */
final class ProcCpu {

    private static volatile double ticksPerSecond = Double.NaN;

    private ProcCpu() {
    }

    /** {@code getconf CLK_TCK}, once; 100 (Linux's USER_HZ everywhere common) if it cannot be read. */
    static double ticksPerSecond() {
        double t = ticksPerSecond;
        if (Double.isNaN(t)) {
            t = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    t = Double.parseDouble(out);
                }
            } catch (IOException | RuntimeException e) {
                // keep 100
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticksPerSecond = t;
        }
        return t;
    }

    /** Cumulative user + system CPU seconds of the process, or NaN if it is gone or not readable. */
    static double cpuSeconds(long pid) {
        try {
            long ticks = parseStatTicks(Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8));
            return ticks < 0 ? Double.NaN : ticks / ticksPerSecond();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * utime + stime (fields 14 and 15 of proc(5)) of a {@code /proc/<pid>/stat} line, in clock ticks, or -1.
     * The command name (field 2) is in parentheses and may itself hold spaces and parentheses: the fields
     * are counted from the last ')'.
     */
    static long parseStatTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14 -> f[11], stime field 15 -> f[12]
        if (f.length < 13) {
            return -1;
        }
        try {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** CPU seconds of each named process now (NaN for one that cannot be read), in the given order. */
    static Map<String, Double> sample(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds.put(name, cpuSeconds(pid)));
        return seconds;
    }
}
