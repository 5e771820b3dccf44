package io.protection.orders.common.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** What PostgreSQL reads back from the literals: every element as it was, whatever its characters. */
@QuarkusTest
class SqlArraysTest {

    @Inject
    Pool pool;

    @Test
    void textOfAnyKindComesBackAsItWas() {
        String[] values = { "plain", "", " spaced ", "a,b", "{braces}", "\"quoted\"", "back\\slash", "NULL", null,
                "{\"id\":\"x\",\"note\":\"a \\\"b\\\" c\",\"list\":[1,2]}", "Grüße ✓", "line\nbreak\ttab" };
        String[] read = pool.preparedQuery("select cast(cast($1 as text) as text[]) as a")
                .execute(Tuple.of(SqlArrays.literal(Arrays.stream(values)))).await().indefinitely()
                .iterator().next().getArrayOfStrings("a");
        assertArrayEquals(values, read);
    }

    @Test
    void idsComeBackAsIds() {
        UUID[] ids = { UUID.randomUUID(), UUID.randomUUID() };
        UUID[] read = pool.preparedQuery("select cast(cast($1 as text) as uuid[]) as a")
                .execute(Tuple.of(SqlArrays.literal(Arrays.stream(ids)))).await().indefinitely()
                .iterator().next().getArrayOfUUIDs("a");
        assertArrayEquals(ids, read);
    }
}
