package io.protection.orders.common.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The writes of one change, sent to PostgreSQL as one statement: each write is a data-modifying
 * {@code WITH} query of it. One round trip, one parse and one execution instead of one per write; sent
 * one by one, even pipelined, each write cost a flush (a system call) in the service and an execution
 * in the database. Repositories add their writes ({@code insert}, {@code update}); the use case
 * executes them on its transaction's connection.
 * <p>
 * The writes all see the database as it was before the statement, not each other's rows: a write must
 * not depend on another's. Foreign keys between the rows written together are deferred (every such key
 * in the schema is {@code deferrable initially deferred}), so they are checked at the commit.
 */
public final class Writes {

    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

    /**
     * Each shape's statement, built once: a change of one kind sends the same text every time, so the
     * renumbering runs once and the pool finds its prepared statement by a string whose hash is kept.
     */
    private static final Map<Shape, String> STATEMENTS = new ConcurrentHashMap<>();

    /** The writes of a statement as their repositories wrote them, and the checked one. */
    private record Shape(List<String> parts, int checked) {
    }

    private final List<String> parts = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private int checked = -1;

    /**
     * Adds a write whose parameters are numbered from {@code $1}, as if it were sent alone. The statement
     * is a repository's constant: every shape made of them is kept, so they must be finite.
     */
    public Writes add(String statement, Object... parameters) {
        parts.add(statement);
        values.addAll(Arrays.asList(parameters));
        return this;
    }

    /**
     * Adds a write that must change exactly one row ({@code update ... returning 1}), such as an order's
     * row at its expected version; {@link #execute} fails when it changed none.
     */
    public Writes addChangingOne(String statement, Object... parameters) {
        if (checked >= 0) {
            throw new IllegalStateException("One write of a statement is checked at most");
        }
        checked = parts.size();
        return add(statement, parameters);
    }

    /** The statement as it is sent. */
    String sql() {
        return STATEMENTS.computeIfAbsent(new Shape(List.copyOf(parts), checked), Writes::build);
    }

    private static String build(Shape shape) {
        StringBuilder sql = new StringBuilder();
        int offset = 0;
        for (int i = 0; i < shape.parts().size(); i++) {
            int shift = offset;
            String part = shape.parts().get(i);
            sql.append(i == 0 ? "with " : ",\n").append('w').append(i).append(" as (")
                    .append(PARAMETER.matcher(part).replaceAll(m -> "\\$" + (Integer.parseInt(m.group(1)) + shift)))
                    .append(')');
            // A write sent alone uses each of its parameters: its highest number is how many it has.
            offset += PARAMETER.matcher(part).results().mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
        }
        return sql.append("\nselect ").append(shape.checked() >= 0 ? "count(*) from w" + shape.checked() : "1").toString();
    }

    /** Sends the writes in one statement on the connection of the caller's transaction. */
    public Uni<Void> execute(SqlClient tx) {
        if (parts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(sql()).execute(Tuple.from(values)).map(rows -> {
            long changed = rows.iterator().next().getLong(0);
            if (checked >= 0 && changed != 1) {
                throw new IllegalStateException("A write expected to change one row changed " + changed + ": "
                        + parts.get(checked));
            }
            return null;
        });
    }
}
