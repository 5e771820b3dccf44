package io.protection.orders.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class PreparedStatementCacheTest {

    @Inject
    Pool pool;

    @Test
    void aStatementOfSeveralKilobytesIsPreparedOncePerConnection() throws Throwable {
        // As long as a change's writes in one statement, and longer than the driver's default limit (2 KB).
        String sql = "select $1::int + 1 as n /* " + "x".repeat(6000) + " */";
        long kept = VertxContextSupport.subscribeAndAwait(() -> pool.withConnection(c -> c.preparedQuery(sql)
                .execute(Tuple.of(1))
                .chain(() -> c.preparedQuery(sql).execute(Tuple.of(2)))
                // Named (kept) statements are listed; the unnamed one of an uncached statement is not.
                .chain(() -> c.query("select count(*) from pg_prepared_statements where statement like 'select $1::int + 1 as n /*%'")
                        .execute())
                .map(rows -> rows.iterator().next().getLong(0))));
        assertEquals(1, kept);
    }
}
