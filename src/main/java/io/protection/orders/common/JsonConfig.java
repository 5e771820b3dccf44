package io.protection.orders.common;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON rules of the wire contract, in one place for every body. Integers (money in minor units,
 * quantities) are JSON integers or whole-number strings ({@code "3"}, {@code "1.0000"}: what PHP
 * clients read back from decimal columns); a fraction, in a number or a string, is a type error,
 * never silently rounded. A JSON integer where text is expected (an id) is taken as its decimal
 * text; any other scalar of the wrong type is an error. Instants are accepted as epoch seconds, epoch
 * milliseconds or ISO-8601, and durations as ISO-8601 or whole seconds.
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    /** Below this an epoch number is read as seconds (it is year 5138 in seconds, 1973 in millis). */
    static final long EPOCH_MILLIS_THRESHOLD = 100_000_000_000L;

    /** Applied after Quarkus's own customizers, so that these deserializers replace the JSR-310 ones. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    /**
     * The deepest nesting a body may have. No body of the contract goes past six levels; Jackson's own
     * limit (1,000) lets a payload through whose recursive handling (free-form maps read and written
     * again) overflows a thread's stack.
     */
    static final int MAX_NESTING = 64;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        // A key sent twice is ambiguous (which one counts?): refused, not silently the last.
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        SimpleModule module = new SimpleModule("protection-wire");
        module.addDeserializer(Instant.class, new FlexibleInstantDeserializer());
        module.addDeserializer(Duration.class, new FlexibleDurationDeserializer());
        module.addDeserializer(String.class, new TextDeserializer());
        module.addDeserializer(Integer.class, new WholeNumberDeserializer<>(Integer.class, BigDecimal::intValueExact));
        module.addDeserializer(Long.class, new WholeNumberDeserializer<>(Long.class, BigDecimal::longValueExact));
        module.setDeserializerModifier(new TypeErrors.Modifier());
        mapper.registerModule(module);
    }

    /** Reads an instant; returns null for anything that is not one. */
    public static Instant parseInstant(String text) {
        String value = text.trim();
        if (value.matches("-?\\d{1,18}")) {
            return fromEpoch(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // fall through to the date-only form
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The instants the service takes: years 1970 to 9999 (PostgreSQL stores more, ISO-8601 writes less). */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    static Instant fromEpoch(long value) {
        return Math.abs(value) < EPOCH_MILLIS_THRESHOLD ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }

    /** Reads a duration as ISO-8601 ({@code P14D}, {@code PT2H}) or whole seconds; null if neither. */
    public static Duration parseDuration(String text) {
        String value = text.trim();
        if (value.matches("\\d{1,12}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration parsed = Duration.parse(value);
            return parsed.isNegative() ? null : parsed;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Writes a duration as ISO-8601, in whole days where it is whole days ({@code P14D}). */
    public static String formatDuration(Duration duration) {
        if (!duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }

    /** Reads a whole-number string ({@code "3"}, {@code " 3 "}, {@code "1.0000"}); null if it is anything else. */
    public static BigDecimal parseWholeNumber(String text) {
        String value = text.trim();
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            return null;
        }
        return new BigDecimal(value).setScale(0, RoundingMode.UNNECESSARY);
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,19}(\\.0{1,10})?");

    /**
     * An Integer or Long (the wire records use no primitives) from a JSON integer or a whole-number
     * string. A JSON fraction fails, and so does a number out of range.
     */
    @SuppressWarnings("unchecked")
    static final class WholeNumberDeserializer<T extends Number> extends StdDeserializer<T> {
        private final transient Function<BigDecimal, T> exact;

        WholeNumberDeserializer(Class<T> type, Function<BigDecimal, T> exact) {
            super(type);
            this.exact = exact;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            BigDecimal value = switch (p.currentToken()) {
                case VALUE_NUMBER_INT -> new BigDecimal(p.getBigIntegerValue());
                case VALUE_STRING -> parseWholeNumber(p.getText());
                default -> null;
            };
            if (value == null) {
                return handledAsWrongType(p, ctx);
            }
            try {
                return exact.apply(value);
            } catch (ArithmeticException e) {
                return (T) ctx.handleWeirdNumberValue(handledType(), value, "is out of range");
            }
        }

        private T handledAsWrongType(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return (T) ctx.handleWeirdStringValue(handledType(), p.getText(), "expected a whole number");
            }
            return (T) ctx.handleUnexpectedToken(handledType(), p);
        }
    }

    public static final String NUL_MESSAGE = "must not contain a NUL character";
    static final String RANGE_MESSAGE = "must be between the years 1970 and 9999";
    /** What this class's deserializers say, which the problem lists as it is. */
    static final java.util.List<String> OWN_MESSAGES = java.util.List.of(NUL_MESSAGE, RANGE_MESSAGE);

    /** Whether text can be stored: PostgreSQL's text and JSON types can't hold a NUL character. */
    public static boolean storable(String text) {
        return text == null || text.indexOf('\u0000') < 0;
    }

    /** Whether a free-form JSON value (maps, lists, text) holds no NUL character, in keys or values. */
    public static boolean storable(Object value) {
        if (value instanceof String text) {
            return storable(text);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(e -> storable(e.getKey()) && storable(e.getValue()));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().allMatch(JsonConfig::storable);
        }
        return true;
    }

    /**
     * Text, as Jackson reads it (a JSON integer too, as its decimal text), refused when it holds a NUL
     * character: it could not be stored.
     */
    static final class TextDeserializer extends StdDeserializer<String> {
        private static final StringDeserializer STANDARD = StringDeserializer.instance;

        TextDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = STANDARD.deserialize(p, ctx);
            if (!storable(text)) {
                return (String) ctx.handleWeirdStringValue(String.class, text, NUL_MESSAGE);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    static final class FlexibleInstantDeserializer extends StdDeserializer<Instant> {
        FlexibleInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            Instant parsed = null;
            try {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    parsed = fromEpoch(p.getLongValue());
                } else if (p.currentToken() == JsonToken.VALUE_STRING) {
                    parsed = parseInstant(p.getText());
                }
            } catch (java.time.DateTimeException | ArithmeticException e) {
                parsed = null;
            }
            if (parsed != null && inRange(parsed)) {
                return parsed;
            }
            if (parsed != null) {
                return (Instant) ctx.handleWeirdStringValue(Instant.class, p.getText(), RANGE_MESSAGE);
            }
            return (Instant) ctx.handleWeirdStringValue(Instant.class, p.getText(),
                    "expected epoch seconds, epoch milliseconds or an ISO-8601 instant");
        }
    }

    static final class FlexibleDurationDeserializer extends StdDeserializer<Duration> {
        FlexibleDurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0) {
                return Duration.ofSeconds(p.getLongValue());
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Duration parsed = parseDuration(p.getText());
                if (parsed != null) {
                    return parsed;
                }
            }
            return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getText(),
                    "expected an ISO-8601 duration such as PT1H or a whole number of seconds");
        }
    }
}
