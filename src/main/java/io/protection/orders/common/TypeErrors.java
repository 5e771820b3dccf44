package io.protection.orders.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Collects every JSON type error of a body instead of stopping at the first. Each value that has the
 * wrong type is noted with its field path and read as absent; when the whole body has been read, the
 * errors are thrown at once, with what could be read, so that the 400 can also list the fields the
 * body's own validation finds missing or invalid (see {@link Validated}).
 */
public final class TypeErrors {

    private static final String KEY = TypeErrors.class.getName();
    static final int MAX_ERRORS = 100;

    private TypeErrors() {
    }

    /** Every type error of one body, and the value read without the mistyped fields. */
    public static final class Collected extends MismatchedInputException {

        private final transient List<FieldError> errors;
        private final transient Object value;

        Collected(JsonParser parser, List<FieldError> errors, Object value) {
            super(parser, errors.get(0).field() + ": " + errors.get(0).message());
            this.errors = List.copyOf(errors);
            this.value = value;
        }

        /** The type errors, then the body's own violations of the fields that were read. */
        public List<FieldError> allErrors() {
            Map<String, FieldError> byField = new LinkedHashMap<>();
            errors.forEach(error -> byField.putIfAbsent(error.field(), error));
            List<FieldError> all = new ArrayList<>(byField.values());
            if (value instanceof Validated validated) {
                validated.violations().stream().filter(error -> !byField.containsKey(error.field())).forEach(all::add);
            }
            return all.size() > MAX_ERRORS ? all.subList(0, MAX_ERRORS) : all;
        }
    }

    /** Wraps every deserializer of the application's mapper: beans, scalars, collections, maps, arrays, enums. */
    static final class Modifier extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            return wrap(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config,
                com.fasterxml.jackson.databind.type.CollectionType type, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            return wrap(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyMapDeserializer(DeserializationConfig config,
                com.fasterxml.jackson.databind.type.MapType type, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            return wrap(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyArrayDeserializer(DeserializationConfig config,
                com.fasterxml.jackson.databind.type.ArrayType type, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            return wrap(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config,
                com.fasterxml.jackson.databind.JavaType type, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            return wrap(deserializer);
        }

        private static JsonDeserializer<?> wrap(JsonDeserializer<?> deserializer) {
            return deserializer instanceof Collecting ? deserializer : new Collecting(deserializer);
        }
    }

    static final class Collecting extends DelegatingDeserializer {

        Collecting(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Collecting(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonStreamContext entry = p.getParsingContext();
            Object value;
            try {
                value = _delegatee.deserialize(p, ctxt);
            } catch (Collected e) {
                throw e;
            } catch (MismatchedInputException e) {
                List<FieldError> errors = errors(ctxt);
                // Only a value that failed where it starts can be skipped; a failure from further in (a
                // deserializer that is not wrapped) leaves the parser where this one can't resume.
                if (errors.size() >= MAX_ERRORS || p.getParsingContext() != entry) {
                    throw e;
                }
                errors.add(new FieldError(path(p), ProblemMappers.expected(e)));
                if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                value = null;
            }
            List<FieldError> errors = existing(ctxt);
            if (errors != null && !errors.isEmpty() && p.getParsingContext().inRoot()) {
                ctxt.setAttribute(KEY, null);
                throw new Collected(p, errors, value);
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        private static List<FieldError> existing(DeserializationContext ctxt) {
            return (List<FieldError>) ctxt.getAttribute(KEY);
        }

        private static List<FieldError> errors(DeserializationContext ctxt) {
            List<FieldError> errors = existing(ctxt);
            if (errors == null) {
                errors = new ArrayList<>();
                ctxt.setAttribute(KEY, errors);
            }
            return errors;
        }

        /** The failing value's place, as {@code lineItems[2].plan.purchasePrice}. */
        static String path(JsonParser p) {
            JsonStreamContext context = p.getParsingContext();
            JsonToken token = p.currentToken();
            if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && context.getParent() != null) {
                context = context.getParent();
            }
            List<String> parts = new ArrayList<>();
            for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inObject() && c.getCurrentName() != null) {
                    parts.add(0, "." + c.getCurrentName());
                } else if (c.inArray()) {
                    parts.add(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
                }
            }
            String path = String.join("", parts);
            path = path.startsWith(".") ? path.substring(1) : path;
            return path.isEmpty() ? "body" : path;
        }
    }
}
