package io.protection.orders.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WritesTest {

    @Test
    void eachWriteIsAQueryOfOneStatementWithItsParametersNumberedAfterThoseBefore() {
        Writes writes = new Writes()
                .add("insert into a (x, y) values ($1, $2)", 1, 2)
                .addChangingOne("update b set x = $2 where id = $1 returning 1", 3, 4)
                .add("insert into c (x) select * from unnest(cast(cast($1 as text) as int[]))", "{5}");
        assertEquals("""
                with w0 as (insert into a (x, y) values ($1, $2)),
                w1 as (update b set x = $4 where id = $3 returning 1),
                w2 as (insert into c (x) select * from unnest(cast(cast($5 as text) as int[])))
                select count(*) from w1""", writes.sql());
    }

    @Test
    void withoutACheckedWriteTheStatementAnswersOneRow() {
        Writes writes = new Writes().add("delete from a where id = $1 and v = $10", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
                .add("delete from b where id = $1", 11);
        assertEquals("""
                with w0 as (delete from a where id = $1 and v = $10),
                w1 as (delete from b where id = $11)
                select 1""", writes.sql());
        assertThrows(IllegalStateException.class, () -> writes.addChangingOne("update a set v = 1 returning 1")
                .addChangingOne("update b set v = 1 returning 1"));
    }
}
