package io.protection.orders.customer;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** How the customer's email and page write languages, dates, prices and products. Pure. */
public final class CustomerText {

    /** The languages there are texts in; the first is the fallback. */
    public static final List<String> LANGUAGES = List.of("en", "de");

    private CustomerText() {
    }

    /** {@code de} for a German-speaking customer ({@code de}, {@code de-DE}, {@code de_AT}...), else {@code en}. */
    public static String language(String locale) {
        return locale != null && locale.trim().toLowerCase(Locale.ROOT).startsWith("de") ? "de" : "en";
    }

    /** A language asked for by name ({@code ?lang=de}), or null when it is not one there are texts in. */
    public static String requested(String lang) {
        String wanted = lang == null ? null : lang.trim().toLowerCase(Locale.ROOT);
        return wanted != null && LANGUAGES.contains(wanted) ? wanted : null;
    }

    /** A date in the language's long form (UTC): {@code March 5, 2026}, {@code 5. März 2026}. */
    public static String date(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    /** An amount in minor units as the language writes money: {@code $49.99}, {@code 49,99 $}. */
    public static String money(long minorUnits, String currencyCode, Locale locale) {
        Currency currency = Currency.getInstance(currencyCode);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        // The locale's own digits otherwise: yen would show as ¥500.00 in English.
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minorUnits, digits));
    }

    /** The names of a contract's covered products ({@code name}, else {@code title}, else the id). */
    public static List<String> productNames(JsonNode products) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : products) {
            String name = text(p, "name");
            if (name == null) {
                name = text(p, "title");
            }
            if (name == null) {
                name = text(p, "id");
            }
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** A field's text, or null when absent, null or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
