package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * pgbench running one of the {@code bench/sql} scripts: the SQL the service issues for a call, in
 * the same order and the same transactions, over as many connections as the service's pool.
 */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private final Path sqlDir;
    private final Path work;
    private final String database;

    Pgbench(Path sqlDir, Path work, String database) {
        this.sqlDir = sqlDir;
        this.work = work;
        this.database = database;
    }

    /** As many transactions as the connections allow. */
    Load.Result ceiling(String script, int clients, double seconds, Map<String, Object> vars) {
        List<String> out = run(command(script, clients, seconds, vars));
        return new Load.Result(tps(out), 0, failed(out), Map.of(), null);
    }

    /** Transactions started on a schedule; latency counts from the scheduled start. */
    Load.Result rate(String script, int clients, double perSecond, double seconds, Map<String, Object> vars) {
        Path logs = work.resolve("pgbench-log");
        Sh.deleteTree(logs);
        Sh.mkdirs(logs);
        List<String> command = command(script, clients, seconds, vars);
        command.addAll(List.of("-R", String.format("%.1f", perSecond), "-l", "--log-prefix=" + logs.resolve("tx")));
        List<String> out = run(command);
        Histogram latency = new Histogram(120_000_000L, 3);
        long count = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    // client_id transaction_no time script_no time_epoch time_us schedule_lag
                    String[] f = line.split(" ");
                    if (f.length < 7 || f[2].equals("skipped") || f[2].equals("failed")) {
                        continue;
                    }
                    latency.recordValue(Math.max(1, Long.parseLong(f[2]) + Long.parseLong(f[6])));
                    count++;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Load.Result(tps(out), count, failed(out), Map.of(), latency);
    }

    private List<String> command(String script, int clients, double seconds, Map<String, Object> vars) {
        List<String> command = new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n",
                "-M", "prepared", "-c", String.valueOf(clients), "-j", "2", "-T", String.valueOf((int) Math.ceil(seconds)),
                "-f", sqlDir.resolve(script).toString()));
        vars.forEach((name, value) -> command.addAll(List.of("-D", name + "=" + value)));
        command.add(database);
        return command;
    }

    private static List<String> run(List<String> command) {
        Sh.Output output = Sh.run(command);
        if (output.exit() != 0) {
            throw new IllegalStateException("pgbench failed: " + output.text());
        }
        return output.text().lines().toList();
    }

    private static double tps(List<String> out) {
        for (String line : out) {
            Matcher m = TPS.matcher(line);
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new IllegalStateException("pgbench printed no tps: " + String.join("\n", out));
    }

    private static long failed(List<String> out) {
        for (String line : out) {
            Matcher m = FAILED.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return 0;
    }
}
