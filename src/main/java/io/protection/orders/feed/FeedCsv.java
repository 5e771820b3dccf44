package io.protection.orders.feed;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
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
import io.protection.orders.common.Violations;

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

    /** The most rows one CSV feed may have (domain.md, Limits). */
    public static final int MAX_ROWS = 20_000;

    private static final List<String> INTEGERS = List.of("quantity", "fulfilled_quantity", "refunded_quantity");
    private static final List<String> INSTANTS = List.of("placed_at", "cancelled_at", "fulfilled_at", "refunded_at");
    private static final CsvMapper MAPPER = new CsvMapper();

    private FeedCsv() {
    }

    public static List<HakunaOrder> parse(String csv) {
        return parse(new StringReader(csv));
    }

    /**
     * Reads a feed row by row, checking each as it comes: a feed over {@value #MAX_ROWS} rows is refused at
     * the first row past it, and reading stops at the {@value Violations#MAX_ERRORS}th bad field, so that
     * a large feed of bad rows costs no more than its first rows and answers a problem of bounded size.
     */
    public static List<HakunaOrder> parse(Reader csv) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, List<Map<String, String>>> byOrder = new LinkedHashMap<>();
        int row = 1;
        try (MappingIterator<Map<String, String>> it = MAPPER.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            if (!header(it, errors)) {
                throw ProblemException.validation(errors);
            }
            for (Map<String, String> values = next(it, row + 1, errors); values != null && errors.size() < Violations.MAX_ERRORS;
                    values = next(it, row + 1, errors)) {
                row++;
                if (row - 1 > MAX_ROWS) {
                    throw ProblemException.validation("body", "must have at most " + MAX_ROWS + " rows");
                }
                if (check(values, "row " + row, errors)) {
                    byOrder.computeIfAbsent(values.get("order_id").trim(), k -> new ArrayList<>()).add(values);
                }
            }
        } catch (IOException e) {
            throw ProblemException.validation("body", "is not CSV with a header row");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.subList(0, Math.min(errors.size(), Violations.MAX_ERRORS)));
        }
        List<HakunaOrder> orders = new ArrayList<>();
        byOrder.forEach((id, lines) -> orders.add(order(id, lines)));
        return orders;
    }

    /** Whether the header row names the two columns every row needs. */
    private static boolean header(MappingIterator<Map<String, String>> it, List<FieldError> errors) {
        try {
            // Reading ahead reads the header row.
            it.hasNextValue();
        } catch (IOException | RuntimeException e) {
            errors.add(new FieldError("body", "is not CSV with a header row"));
            return false;
        }
        if (!(it.getParserSchema() instanceof CsvSchema schema) || schema.column("order_id") == null
                || schema.column("line_item_id") == null) {
            errors.add(new FieldError("body", "must start with a header row that names order_id and line_item_id"));
            return false;
        }
        return true;
    }

    /** The next row, or null after the last; a row that can't be read is listed and ends the reading. */
    private static Map<String, String> next(MappingIterator<Map<String, String>> it, int row, List<FieldError> errors) {
        try {
            return it.hasNextValue() ? it.nextValue() : null;
        } catch (IOException | RuntimeException e) {
            errors.add(new FieldError("row " + row, "is not well-formed CSV (more cells than the header, or an open quote)"));
            return null;
        }
    }

    /** Lists what is wrong with one row; returns whether it is fit to apply. */
    private static boolean check(Map<String, String> row, String at, List<FieldError> errors) {
        int before = errors.size();
        for (Map.Entry<String, String> cell : row.entrySet()) {
            if (!JsonConfig.storable(cell.getValue()) || !JsonConfig.storable(cell.getKey())) {
                errors.add(new FieldError(at + "." + cell.getKey().replace("\u0000", ""), JsonConfig.NUL_MESSAGE));
                return false;
            }
        }
        if (blank(row.get("order_id")) || blank(row.get("line_item_id"))) {
            errors.add(new FieldError(at, "needs order_id and line_item_id"));
            return false;
        }
        for (String column : INTEGERS) {
            String value = row.get(column);
            if (!blank(value) && !(value.trim().matches("\\d{1,10}") && Long.parseLong(value.trim()) <= Integer.MAX_VALUE)) {
                errors.add(new FieldError(at + "." + column, "must be a non-negative integer of at most " + Integer.MAX_VALUE));
            }
        }
        String amount = row.get("price_amount");
        if (!blank(amount) && !amount.trim().matches("\\d{1,15}")) {
            errors.add(new FieldError(at + ".price_amount", "must be a non-negative integer of at most 15 digits (minor units)"));
        }
        for (String column : INSTANTS) {
            String value = row.get(column);
            if (!blank(value)) {
                Instant instant = JsonConfig.parseInstant(value);
                if (instant == null) {
                    errors.add(new FieldError(at + "." + column, "must be an ISO-8601 instant or epoch seconds"));
                } else if (!JsonConfig.inRange(instant)) {
                    errors.add(new FieldError(at + "." + column, "must be between the years 1970 and 9999"));
                }
            }
        }
        return errors.size() == before;
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
