package io.protection.orders.feed;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.protection.orders.common.FieldError;
import io.protection.orders.common.JsonConfig;
import io.protection.orders.common.ProblemException;

/**
 * The CSV form of a feed: a header row, then one row per line item; the rows of one order share its
 * {@code order_id} and repeat its columns. Columns: {@value #COLUMNS}. A row's
 * {@code fulfilled_quantity}/{@code fulfilled_at} and {@code refunded_quantity}/{@code refunded_at}
 * are one fulfillment and one refund of that line; prices are integers in minor units.
 */
public final class FeedCsv {

    public static final String COLUMNS = "order_id, status, placed_at, cancelled_at, customer_first_name, "
            + "customer_last_name, customer_email, customer_phone, line_item_id, quantity, product_id, product_title, "
            + "product_brand, product_category, price_amount, price_currency, protection_line_item_id, plan_id, "
            + "fulfilled_quantity, fulfilled_at, refunded_quantity, refunded_at";

    private static final CsvMapper MAPPER = new CsvMapper();

    private FeedCsv() {
    }

    public static List<HakunaOrder> parse(String csv) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = MAPPER.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        } catch (IOException | RuntimeException e) {
            throw ProblemException.validation("body", "is not CSV with a header row");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, List<Map<String, String>>> byOrder = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String at = "row " + (i + 2);
            if (blank(row.get("order_id")) || blank(row.get("line_item_id"))) {
                errors.add(new FieldError(at, "needs order_id and line_item_id"));
                continue;
            }
            for (String column : List.of("quantity", "price_amount", "fulfilled_quantity", "refunded_quantity")) {
                if (!blank(row.get(column)) && !row.get(column).trim().matches("\\d{1,12}")) {
                    errors.add(new FieldError(at + "." + column, "must be a non-negative integer"));
                }
            }
            for (String column : List.of("placed_at", "cancelled_at", "fulfilled_at", "refunded_at")) {
                if (!blank(row.get(column)) && JsonConfig.parseInstant(row.get(column)) == null) {
                    errors.add(new FieldError(at + "." + column, "must be an ISO-8601 instant or epoch seconds"));
                }
            }
            byOrder.computeIfAbsent(row.get("order_id").trim(), k -> new ArrayList<>()).add(row);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        List<HakunaOrder> orders = new ArrayList<>();
        byOrder.forEach((id, lines) -> orders.add(order(id, lines)));
        return orders;
    }

    private static HakunaOrder order(String id, List<Map<String, String>> rows) {
        Map<String, String> first = rows.get(0);
        List<HakunaOrder.Line> lines = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Integer quantity = integer(row.get("quantity"));
            List<HakunaOrder.Fulfillment> fulfillments = blank(row.get("fulfilled_quantity")) ? null
                    : List.of(new HakunaOrder.Fulfillment(integer(row.get("fulfilled_quantity")), instant(row.get("fulfilled_at"))));
            List<HakunaOrder.Refund> refunds = blank(row.get("refunded_quantity")) ? null
                    : List.of(new HakunaOrder.Refund(integer(row.get("refunded_quantity")), instant(row.get("refunded_at"))));
            Map<String, Object> custom = new HashMap<>();
            for (String column : List.of("protection_line_item_id", "plan_id")) {
                if (!blank(row.get(column))) {
                    custom.put(column, row.get(column).trim());
                }
            }
            Long amount = blank(row.get("price_amount")) ? null : Long.parseLong(row.get("price_amount").trim());
            lines.add(new HakunaOrder.Line(row.get("line_item_id").trim(), quantity, new HakunaOrder.ProductData(
                    text(row.get("product_id")), new HakunaOrder.Price(amount, text(row.get("price_currency"))),
                    text(row.get("product_brand")), text(row.get("product_title")), text(row.get("product_category"))),
                    custom.isEmpty() ? null : custom, fulfillments, refunds));
        }
        return new HakunaOrder(id, text(first.get("status")), instant(first.get("placed_at")),
                instant(first.get("cancelled_at")), new HakunaOrder.Customer(text(first.get("customer_first_name")),
                        text(first.get("customer_last_name")), text(first.get("customer_email")),
                        text(first.get("customer_phone"))), null, lines);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(String value) {
        return blank(value) ? null : value.trim();
    }

    private static Integer integer(String value) {
        return blank(value) ? null : Integer.parseInt(value.trim());
    }

    private static Instant instant(String value) {
        return blank(value) ? null : JsonConfig.parseInstant(value);
    }
}
