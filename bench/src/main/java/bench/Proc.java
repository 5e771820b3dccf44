package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Readings from {@code /proc}: how much CPU processes other than this run's took, and a process's
 * resident set.
 */
final class Proc {

    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU ticks of every process that is not part of this run, at one instant. */
    record Sample(long nanos, Map<Long, Long> others) {

        /** Average cores other processes kept busy between two samples. */
        double otherCoresSince(Sample earlier) {
            long ticks = 0;
            for (Map.Entry<Long, Long> e : others.entrySet()) {
                ticks += e.getValue() - earlier.others.getOrDefault(e.getKey(), 0L);
            }
            return Math.max(0, ticks / TICKS_PER_SECOND / ((nanos - earlier.nanos) / 1e9));
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
        Map<Long, Long> others = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // after the name: state ppid ... utime(11) stime(12)
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(dir.getFileName().toString());
                    boolean ours = pid == self || Long.parseLong(f[1]) == self || pid == servicePid
                            || name.startsWith("postgres");
                    if (!ours) {
                        others.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Sample(System.nanoTime(), others);
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
