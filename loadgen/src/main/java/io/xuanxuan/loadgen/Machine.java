package io.xuanxuan.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whole-machine figures from /proc (Linux), to tell how much of the CPU other processes took. */
final class Machine {

    /** Linux's USER_HZ: /proc/stat counts in hundredths of a second on every common platform. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Machine() {
    }

    /** CPU seconds all processes spent busy (user, nice, system, irq, softirq, steal) since boot, or NaN. */
    static double busyCpuSeconds() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The 1-minute load average, or NaN. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
