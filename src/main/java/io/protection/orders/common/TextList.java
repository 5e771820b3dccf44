package io.protection.orders.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * A list of ids sent either as a JSON array or as one comma-separated string ({@code "12,34"}, as
 * WooCommerce sends a shipment's {@code productIds}). Blank entries ({@code [""]}, {@code "12,,34"})
 * are dropped: they name nothing.
 */
public class TextList extends StdDeserializer<List<String>> {

    public TextList() {
        super(List.class);
    }

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        List<String> values;
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            values = Arrays.asList(p.getText().split(","));
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            JavaType type = ctx.getTypeFactory().constructCollectionType(List.class, String.class);
            values = ctx.readValue(p, type);
        } else {
            @SuppressWarnings("unchecked")
            List<String> failed = (List<String>) ctx.handleUnexpectedToken(List.class, p);
            return failed;
        }
        List<String> ids = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                ids.add(value.trim());
            }
        }
        return ids;
    }
}
