package bench;

/**
 * Orders cloned in SQL from one the service created, with ids that pgbench scripts can compute:
 * {@code fx(kind, n)} is {@code <kind as 8 hex digits>-0000-7000-8000-<n as 12 hex digits>}. The
 * kind says what the row is: an order, the line at a position, or that line's fulfillment.
 */
final class Fixtures {

    /** Orders to read and fulfill. */
    static final int ORDER = 1;
    /** Orders waiting for release. */
    static final int RELEASE = 2;
    /** Orders the release job drains first, unmeasured. */
    static final int RELEASE_WARMUP = 3;
    /** Outbox messages for the dispatcher to deliver. */
    static final int OUTBOX = 64;

    static final String FUNCTIONS = """
            create or replace function fx(kind int, n bigint) returns uuid language sql immutable as
            $$ select (lpad(to_hex(kind), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$""";

    private Fixtures() {
    }

    static String id(int kind, long n) {
        return String.format("%08x-0000-7000-8000-%012x", kind, n);
    }

    static int lineKind(int orderKind, int position) {
        return orderKind * 16 + position;
    }

    private static String fulfillmentKind(int orderKind) {
        return orderKind * 16 + 8 + " + l.position";
    }

    /** Clones the template order, its lines and their fulfillments {@code count} times. */
    static String clone(String template, int kind, int count, String orderOverrides) {
        return """
                insert into orders select (jsonb_populate_record(null::orders, to_jsonb(o) || jsonb_build_object(
                    'id', fx(%1$d, g), 'transaction_id', 'fx-%1$d-' || g %4$s))).*
                from orders o, generate_series(1, %3$d) g where o.id = '%2$s';
                insert into line_item select (jsonb_populate_record(null::line_item, to_jsonb(l) || jsonb_build_object(
                    'id', fx(%5$d + l.position, g), 'order_id', fx(%1$d, g), 'lead_token', null))).*
                from line_item l, generate_series(1, %3$d) g where l.order_id = '%2$s';
                insert into fulfillment select (jsonb_populate_record(null::fulfillment, to_jsonb(f) || jsonb_build_object(
                    'id', fx(%6$s, g), 'line_item_id', fx(%5$d + l.position, g)))).*
                from fulfillment f join line_item l on l.id = f.line_item_id, generate_series(1, %3$d) g
                where l.order_id = '%2$s';
                """.formatted(kind, template, count, orderOverrides, lineKind(kind, 0), fulfillmentKind(kind));
    }

    /** {@code count} pending clones of one outbox message, ids {@code fx(OUTBOX, n)}, oldest first, in one statement. */
    static String outbox(String template, int count) {
        return """
                insert into outbox_message (id, store_id, type, data, created_at)
                select fx(%1$d, g), m.store_id, m.type, m.data, now() - (%3$d - g) * interval '1 microsecond'
                from outbox_message m, generate_series(1, %3$d) g where m.id = '%2$s'
                """.formatted(OUTBOX, template, count);
    }

    /** Puts the read-and-fulfill fixtures back as they were cloned, so every fulfill run starts alike. */
    static String reset(int count) {
        String orders = "between fx(%d, 1) and fx(%d, %d)".formatted(ORDER, ORDER, count);
        String lines = "between fx(%d, 1) and fx(%d, %d)".formatted(lineKind(ORDER, 0), lineKind(ORDER, 7), count);
        return """
                begin;
                delete from contract where order_id %1$s;
                delete from fulfillment where line_item_id %2$s;
                delete from order_event where order_id %1$s;
                update line_item set fulfilled_quantity = 0, status = 'UNFULFILLED' where id %2$s and fulfilled_quantity > 0;
                update orders set version = 0 where id %1$s and version > 0;
                delete from outbox_message where fanned_out_at is null;
                commit;
                """.formatted(orders, lines);
    }
}
