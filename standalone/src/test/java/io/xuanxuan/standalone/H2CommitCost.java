package io.xuanxuan.standalone;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What durable commits cost the embedded database: N committed inserts (one auto-commit statement each, a row
 * shaped like a chat message) through an R2DBC pool of 16 on an H2 file, one at a time (latency) and 16 at a
 * time (throughput), with the standalone server's URL before ({@code WRITE_DELAY} default, 500 ms) and after
 * ({@code WRITE_DELAY=0}), and with a {@code CHECKPOINT SYNC} (fsync) after each insert, what covering a power
 * loss would cost. Variants alternate over several rounds; medians are printed. Not a test: run it with
 * <pre>
 *   ./mvnw -B -q -o -pl standalone -am test-compile
 *   java -cp "standalone/target/test-classes:$(cat /tmp/cp.txt)" io.xuanxuan.standalone.H2CommitCost [N] [rounds] [dir]
 * </pre>
 * where {@code /tmp/cp.txt} is written by {@code ./mvnw -q -o -pl standalone dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt}.
 */
public final class H2CommitCost {

    private static final String BASE = "MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;"
            + "QUERY_CACHE_SIZE=256;MAX_LENGTH_INPLACE_LOB=65536";

    private record Variant(String name, String settings, boolean syncEach) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("h2-commit-cost");
        List<Variant> variants = List.of(
                new Variant("before (WRITE_DELAY default 500 ms)", "", false),
                new Variant("after (WRITE_DELAY=0)", ";WRITE_DELAY=0", false),
                new Variant("WRITE_DELAY=0 + CHECKPOINT SYNC per insert (fsync)", ";WRITE_DELAY=0", true));
        double[][] sequential = new double[variants.size()][rounds];
        double[][] concurrent = new double[variants.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v);
                String url = "file:" + dir.resolve("db-" + v + "-" + round).toAbsolutePath() + "/x;" + BASE
                        + variant.settings();
                ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(new H2ConnectionFactory(
                        H2ConnectionConfiguration.builder().url(url).username("sa").build())).maxSize(16).build());
                try {
                    execute(pool, "CREATE TABLE m (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, gid VARCHAR(64) "
                            + "NOT NULL, cgid VARCHAR(64) NOT NULL, content MEDIUMTEXT NOT NULL, UNIQUE (gid))").block();
                    insert(pool, 200, 1, false).block(); // warm-up
                    int count = variant.syncEach() ? Math.max(1, n / 10) : n;
                    long start = System.nanoTime();
                    insert(pool, count, 1, variant.syncEach()).block();
                    sequential[v][round] = (System.nanoTime() - start) / 1e3 / count;
                    start = System.nanoTime();
                    insert(pool, count, 16, variant.syncEach()).block();
                    concurrent[v][round] = count / ((System.nanoTime() - start) / 1e9);
                } finally {
                    pool.dispose();
                }
                System.out.printf("round %d %-55s one at a time: %8.1f µs/insert   16 at a time: %8.0f inserts/s%n",
                        round + 1, variant.name(), sequential[v][round], concurrent[v][round]);
            }
        }
        System.out.println();
        System.out.printf("medians over %d rounds of %d inserts (fsync variant: %d inserts)%n", rounds, n,
                Math.max(1, n / 10));
        for (int v = 0; v < variants.size(); v++) {
            System.out.printf("%-55s one at a time: %8.1f µs/insert   16 at a time: %8.0f inserts/s%n",
                    variants.get(v).name(), median(sequential[v]), median(concurrent[v]));
        }
    }

    private static Mono<Void> insert(ConnectionPool pool, int count, int concurrency, boolean syncEach) {
        String content = "x".repeat(100);
        return Flux.range(0, count)
                .flatMap(i -> execute(pool, "INSERT INTO m (gid, cgid, content) VALUES ('" + UUID.randomUUID()
                        + "', 'chat', '" + content + "')")
                        .then(syncEach ? execute(pool, "CHECKPOINT SYNC") : Mono.empty()), concurrency)
                .then();
    }

    private static Mono<Void> execute(ConnectionPool pool, String sql) {
        return Mono.usingWhen(pool.create(),
                (Connection connection) -> Flux.from(connection.createStatement(sql).execute())
                        .flatMap(result -> result.getRowsUpdated()).then(),
                Connection::close);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private H2CommitCost() {
    }
}
