package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Readings from {@code /proc}: how much CPU the processes of a measurement took (the service, PostgreSQL,
 * and the load generator: this process and its children, such as pgbench and wrk), how much the processes
 * other than this run's took, and a process's resident set.
 */
final class Proc {

    private static final double TICKS_PER_SECOND = 100.0;

    /**
     * CPU ticks at one instant: of the service, of PostgreSQL, of the load generator (this process and
     * its children: pgbench, wrk, psql) and of every process that is not part of this run. A process that
     * ended counts in its parent's ticks of waited-for children (a PostgreSQL backend in the postmaster's,
     * pgbench in this process's), so a backend that lived only between two samples still counts.
     */
    record Sample(long nanos, long service, long postgres, long loadGenerator, Map<Long, Long> others) {

        /** Average cores other processes kept busy between two samples. */
        double otherCoresSince(Sample earlier) {
            long ticks = 0;
            for (Map.Entry<Long, Long> e : others.entrySet()) {
                ticks += e.getValue() - earlier.others.getOrDefault(e.getKey(), 0L);
            }
            return Math.max(0, ticks / TICKS_PER_SECOND / ((nanos - earlier.nanos) / 1e9));
        }

        /** Average cores each part of the run kept busy between two samples. */
        Cores coresSince(Sample earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return new Cores((service - earlier.service) / TICKS_PER_SECOND / seconds,
                    (postgres - earlier.postgres) / TICKS_PER_SECOND / seconds,
                    (loadGenerator - earlier.loadGenerator) / TICKS_PER_SECOND / seconds);
        }
    }

    /** Cores kept busy by the service, PostgreSQL and the load generator (pgbench, wrk, or this process's Vert.x client). */
    record Cores(double service, double postgres, double loadGenerator) {

        /** CPU microseconds per call of each part, at {@code perSecond} calls a second. */
        Map<String, Double> microsPerCall(double perSecond, boolean http) {
            Map<String, Double> m = new LinkedHashMap<>();
            if (http) {
                m.put("service", perCall(service, perSecond));
            }
            m.put("postgres", perCall(postgres, perSecond));
            m.put(http ? "loadGenerator" : "pgbench", perCall(loadGenerator, perSecond));
            return m;
        }

        private static double perCall(double cores, double perSecond) {
            return perSecond <= 0 ? 0 : Math.round(cores / perSecond * 1e6 * 10) / 10.0;
        }
    }

    private Proc() {
    }

    /**
     * Every process but this run's: this process and its children (pgbench, psql), the service and
     * PostgreSQL. A process that ends between two samples is not seen: a busy machine shows in the
     * long-running ones.
     */
    static Sample sample(long servicePid) {
        long self = ProcessHandle.current().pid();
        long service = 0;
        long postgres = 0;
        long loadGenerator = 0;
        Map<Long, Long> others = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // after the name: state ppid ... utime(11) stime(12) cutime(13) cstime(14)
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(dir.getFileName().toString());
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    long waitedFor = Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    boolean child = Long.parseLong(f[1]) == self;
                    if (pid == servicePid) {
                        service += ticks + waitedFor;
                    } else if (pid == self || child) {
                        loadGenerator += ticks + waitedFor;
                    } else if (name.startsWith("postgres")) {
                        postgres += ticks + waitedFor;
                    } else {
                        others.put(pid, ticks);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Sample(System.nanoTime(), service, postgres, loadGenerator, others);
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
