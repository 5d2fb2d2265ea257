package io.xuanxuan.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The generated accounts' names, and small helpers around the server log. */
public final class Accounts {

    private static final Pattern WARN_OR_ERROR = Pattern.compile("\\b(WARN|ERROR)\\b|^\\S*(Exception|Error)\\b");

    private Accounts() {
    }

    /** Account number i (1-based) of n: {@code u0001}; wider when n has more than 4 digits. */
    public static String name(int i, int n) {
        int width = Math.max(4, String.valueOf(n).length());
        return "u" + String.format("%0" + width + "d", i);
    }

    /** WARN/ERROR lines of a log file from a byte offset (first {@code max}), and how many more there were. */
    static List<String> warnings(Path log, long fromByte, int max) {
        List<String> found = new ArrayList<>();
        int total = 0;
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(fromByte, Files.size(log)));
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (WARN_OR_ERROR.matcher(line).find()) {
                    total++;
                    if (found.size() < max) {
                        found.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            found.add("(log not readable: " + e.getMessage() + ")");
        }
        if (total > found.size()) {
            found.add("... " + (total - found.size()) + " more");
        }
        return found;
    }
}
