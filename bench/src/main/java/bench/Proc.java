package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU and memory readings from {@code /proc}: how much CPU the machine spent on anything other than
 * this run (the service, this process and its children, PostgreSQL), and a process's resident set.
 */
final class Proc {

    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds at one instant: the whole machine's busy time and the part this run accounts for. */
    record Sample(long nanos, double machineBusy, double ours) {

        /** Average cores other processes kept busy between two samples. */
        double otherCoresSince(Sample earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            double other = (machineBusy - earlier.machineBusy) - (ours - earlier.ours);
            return Math.max(0, other / seconds);
        }
    }

    private Proc() {
    }

    static Sample sample(long servicePid) {
        return new Sample(System.nanoTime(), machineBusy(), ours(servicePid));
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

    private static double machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = 0;
            for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
                busy += Long.parseLong(f[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This process with the children it has reaped (pgbench, psql), the service, and every PostgreSQL
     * process with the backends its postmaster has reaped.
     */
    private static double ours(long servicePid) {
        Map<Long, long[]> stats = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(dir.getFileName().toString());
                    // after the name: state ppid ... utime(11) stime(12) cutime(13) cstime(14)
                    stats.put(pid, new long[] { Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                            Long.parseLong(f[13]) + Long.parseLong(f[14]) });
                    names.put(pid, name);
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long self = ProcessHandle.current().pid();
        long ticks = 0;
        for (Map.Entry<Long, long[]> e : stats.entrySet()) {
            long pid = e.getKey();
            long[] s = e.getValue();
            boolean postgres = names.get(pid).startsWith("postgres");
            boolean postmaster = postgres && !names.getOrDefault(s[0], "").startsWith("postgres");
            boolean mine = pid == self || pid == servicePid || s[0] == self;
            if (pid == self || postmaster) {
                ticks += s[1] + s[2];
            } else if (postgres || mine) {
                ticks += s[1];
            }
        }
        return ticks / TICKS_PER_SECOND;
    }
}
