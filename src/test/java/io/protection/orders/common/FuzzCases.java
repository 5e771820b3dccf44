package io.protection.orders.common;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Malformed and hostile requests for one operation of the OpenAPI document, drawn from a seeded
 * {@link Random}: its examples with wrong types, huge strings and numbers, NUL characters and invalid
 * UTF-8, deep nesting, repeated keys, boundary instants, fields dropped or multiplied past the limits,
 * bodies that are not JSON (or not CSV), hostile query strings, path ids and headers, and missing or
 * foreign credentials.
 */
final class FuzzCases {

    /** One operation: {@code METHOD /path/{param}} with what the document says it takes. */
    record Operation(String method, String path, List<String> pathParams, List<String> queryParams,
            List<String> headerParams, Map<String, List<JsonNode>> examples) {

        String name() {
            return method + " " + path;
        }

        boolean admin() {
            return path.startsWith("/admin/");
        }
    }

    /** One request to send, and what was done to it (for the report of a failure). */
    record Case(String method, String target, Map<String, String> headers, byte[] body, String what) {
    }

    /** The ids of the fuzzed store's own data, and another store's, that path parameters and bodies name. */
    record Ids(String storeId, String apiKey, String keyId, String spareKeyId, String orderId, String transactionId,
            String lineId, String contractId, String leadToken, String planId, String feedRequestId, String webhookId,
            String otherStoreId, String otherApiKey, String otherOrderId, String otherContractId, String adminToken) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String BIG = "9".repeat(400);
    /** Stands for a deep nesting until the body is written. */
    private static final String DEEP = "~deep~";

    /** Values of every wrong type and size, and the boundary instants. */
    static final List<Function<Random, JsonNode>> HOSTILE_VALUES = List.of(
            r -> NODES.textNode(""), r -> NODES.textNode(" "), r -> NODES.nullNode(), r -> NODES.booleanNode(r.nextBoolean()),
            r -> NODES.numberNode(0), r -> NODES.numberNode(-1), r -> NODES.numberNode(r.nextInt()),
            r -> NODES.numberNode(Long.MAX_VALUE), r -> NODES.numberNode(Long.MIN_VALUE),
            r -> NODES.numberNode(new java.math.BigInteger("9223372036854775808")),
            r -> NODES.numberNode(new java.math.BigInteger(BIG)), r -> NODES.numberNode(1.5), r -> NODES.numberNode(-0.0),
            r -> NODES.numberNode(1e308), r -> NODES.numberNode(new java.math.BigDecimal("1e-400")),
            r -> NODES.numberNode(2_147_483_648L), r -> NODES.numberNode(1_000_000_000_000L),
            r -> NODES.textNode("2147483648"), r -> NODES.textNode("-5"), r -> NODES.textNode("1.0000"), r -> NODES.textNode("1e3"),
            r -> NODES.textNode("NaN"), r -> NODES.textNode("a".repeat(1 + r.nextInt(300_000))),
            r -> NODES.textNode("x\u0000y"), r -> NODES.textNode("\u0000"), r -> NODES.textNode("\ud800"),
            r -> NODES.textNode("\udfff\ud800"), r -> NODES.textNode("💥 ü Ω \u202e"), r -> NODES.textNode("<script>alert(1)</script>"),
            r -> NODES.textNode("' or 1=1 --"), r -> NODES.textNode("../../etc/passwd"), r -> NODES.textNode("%00%zz"),
            r -> NODES.textNode("-300000-01-01T00:00:00Z"), r -> NODES.textNode("+300000-01-01T00:00:00Z"),
            r -> NODES.textNode("1969-12-31T23:59:59Z"), r -> NODES.textNode("1970-01-01T00:00:00Z"),
            r -> NODES.textNode("9999-12-31T23:59:59.999999Z"), r -> NODES.textNode("+10000-01-01T00:00:00Z"),
            r -> NODES.textNode("2026-02-30T00:00:00Z"), r -> NODES.textNode("2026-13-01"), r -> NODES.textNode("P99999999D"),
            r -> NODES.textNode("PT-1S"), r -> NODES.textNode("P1Y"), r -> NODES.numberNode(253_402_300_800L),
            r -> NODES.numberNode(-62_135_596_800L), r -> NODES.numberNode(-1L),
            r -> NODES.arrayNode(), r -> NODES.objectNode(), r -> NODES.arrayNode().add(1).add("a").add(NODES.nullNode()),
            r -> NODES.objectNode().put("a", 1), r -> NODES.textNode("00000000-0000-0000-0000-000000000000"),
            r -> NODES.textNode("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"), r -> NODES.textNode("usd"), r -> NODES.textNode("XXX"));

    /** Text for query strings, path segments and headers: wrong types, sizes, escapes and bytes. */
    static final List<Function<Random, String>> HOSTILE_TEXT = List.of(
            r -> "", r -> "-1", r -> "0", r -> "1.5", r -> "1e9", r -> "9223372036854775808", r -> BIG, r -> "true",
            r -> "%00", r -> "a%00b", r -> "%zz", r -> "%", r -> "%C3%28", r -> "%FF%FE", r -> "%E2%82", r -> "+",
            r -> "%2F..%2F..", r -> "..", r -> "%2e%2e", r -> "a".repeat(1 + r.nextInt(6_000)), r -> "x".repeat(9_000),
            r -> "%F0%9F%92%A5", r -> "null", r -> "undefined", r -> "%27%20or%201%3D1", r -> "[]", r -> "{}",
            r -> "-300000-01-01T00:00:00Z", r -> "1969-12-31T23:59:59Z", r -> "9999-12-31T23:59:59.999999Z",
            r -> "00000000-0000-0000-0000-000000000000", r -> "eyJub3QiOiJhIGN1cnNvciJ9", r -> "not-a-cursor",
            r -> "\u00c3\u0028", r -> "\u00ff\u00fe", r -> "pending", r -> "PENDING", r -> "live,void");

    private final Operation operation;
    private final Ids ids;
    private final Random random;

    FuzzCases(Operation operation, Ids ids, Random random) {
        this.operation = operation;
        this.ids = ids;
        this.random = random;
    }

    /** The next case: most change one thing of a good request, some several. */
    Case next() {
        List<String> whats = new ArrayList<>();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> path = new LinkedHashMap<>();
        for (String param : operation.pathParams()) {
            path.put(param, goodId(param));
        }
        Map<String, String> headers = new LinkedHashMap<>(credentials());
        String type = null;
        byte[] body = null;
        if (!operation.examples().isEmpty()) {
            List<String> types = new ArrayList<>(operation.examples().keySet());
            type = types.get(random.nextInt(types.size()));
            headers.put("Content-Type", type);
            body = body(type, pick(operation.examples().get(type)), whats);
        } else if (!operation.method().equals("GET") && !operation.method().equals("DELETE") && random.nextInt(4) == 0) {
            headers.put("Content-Type", "application/json");
            body = rawJson(whats);
        }
        int mutations = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(10)) {
                case 0, 1 -> {
                    if (!operation.queryParams().isEmpty() || random.nextBoolean()) {
                        String name = operation.queryParams().isEmpty() || random.nextInt(5) == 0 ? pickText() + "x"
                                : pick(operation.queryParams());
                        String value = pickText();
                        query.put(name, value);
                        whats.add("query " + name + "=" + abbreviate(value));
                    }
                }
                case 2 -> {
                    if (!path.isEmpty()) {
                        String name = pick(new ArrayList<>(path.keySet()));
                        String value = random.nextInt(3) == 0 ? foreignId(name) : pickText();
                        path.put(name, value);
                        whats.add("path " + name + "=" + abbreviate(value));
                    }
                }
                case 3 -> headers(headers, whats);
                case 4 -> {
                    if (body != null && random.nextInt(3) == 0) {
                        String wrong = pick(List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                                "application/json; charset=iso-8859-1", "application/x-www-form-urlencoded", "", "*/*",
                                "application/json; charset=\u00ff", "text/csv"));
                        headers.put("Content-Type", wrong);
                        whats.add("content type " + wrong);
                    } else if (type != null) {
                        body = raw(type, whats);
                    }
                }
                default -> {
                    if (type != null) {
                        body = body(type, pick(operation.examples().get(type)), whats);
                    } else {
                        query.put(operation.queryParams().isEmpty() ? "q" : pick(operation.queryParams()), pickText());
                        whats.add("query value");
                    }
                }
            }
        }
        StringBuilder target = new StringBuilder();
        for (String segment : operation.path().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            target.append('/');
            if (segment.startsWith("{")) {
                target.append(pathSafe(path.get(segment.substring(1, segment.length() - 1))));
            } else {
                target.append(segment);
            }
        }
        if (!query.isEmpty()) {
            target.append('?');
            Iterator<Map.Entry<String, String>> it = query.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, String> e = it.next();
                target.append(querySafe(e.getKey())).append('=').append(querySafe(e.getValue()));
                if (random.nextInt(8) == 0) {
                    target.append('&').append(querySafe(e.getKey())).append('=').append(querySafe(pickText()));
                }
                if (it.hasNext()) {
                    target.append('&');
                }
            }
        }
        return new Case(operation.method(), target.toString(), headers, body, String.join("; ", whats));
    }

    private Map<String, String> credentials() {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean token = operation.path().equals("/auth/oauth/token");
        if (random.nextInt(30) == 0) {
            switch (random.nextInt(6)) {
                case 0 -> headers.put("X-Extend-Access-Token", "sk_" + "0".repeat(random.nextInt(80)));
                case 1 -> headers.put("Authorization", "Bearer " + ids.otherApiKey());
                case 2 -> headers.put("Authorization", pick(List.of("Bearer", "Basic Zm9vOmJhcg==", "Bearer " + "x".repeat(5000))));
                case 3 -> headers.put("X-Extend-Access-Token", ids.adminToken());
                case 4 -> headers.put("Authorization", "Bearer " + ids.apiKey());
                default -> {
                    // none at all
                }
            }
            return headers;
        }
        if (operation.admin()) {
            headers.put("Authorization", "Bearer " + ids.adminToken());
        } else if (!token) {
            headers.put("X-Extend-Access-Token", ids.apiKey());
        }
        return headers;
    }

    private void headers(Map<String, String> headers, List<String> whats) {
        String name = pick(List.of("If-Match", "Idempotency-Key", "X-Idempotency-Key", "Accept", "Accept",
                "Content-Length-Is-Not-This", "X-Forwarded-For", "Accept-Charset"));
        String value = switch (name) {
            case "Accept" -> pick(List.of("application/xml", "text/html", "application/json; version=1999-01-01",
                    "application/json; version=latest", "*/*;q=0", "application/problem+json", "\u00ff"));
            case "If-Match" -> pick(List.of("\"0\"", "W/\"1\"", "*", "\"" + "9".repeat(50) + "\"", "\"-1\"", "garbage", ""));
            default -> pickHeaderText();
        };
        headers.put(name, value);
        whats.add("header " + name + "=" + abbreviate(value));
    }

    /** A body built from an example: the example's JSON with values, fields or shapes changed. */
    private byte[] body(String type, JsonNode example, List<String> whats) {
        if (type.startsWith("text/")) {
            return csv(example.asText(), whats);
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return form(example.asText(), whats);
        }
        JsonNode node = substituteIds(example.deepCopy());
        int changes = 1 + random.nextInt(3);
        String text = null;
        for (int i = 0; i < changes; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(node, containers);
            JsonNode at = pick(containers);
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> {
                    JsonNode value = pick(HOSTILE_VALUES).apply(random);
                    whats.add("value " + abbreviate(value.toString()) + " in " + describe(at));
                    set(at, value);
                }
                case 3 -> {
                    whats.add("dropped a field of " + describe(at));
                    drop(at);
                }
                case 4 -> {
                    int times = pick(List.of(2, 51, 101, 501, 1_001, 5_000));
                    whats.add("multiplied an element x" + times + " in " + describe(at));
                    multiply(at, times);
                }
                case 5 -> {
                    // Written into the text afterwards: a tree that deep is more than the test's own writer takes.
                    int depth = pick(List.of(50, 900, 1_100, 5_000));
                    whats.add("nested " + depth + " deep in " + describe(at));
                    set(at, NODES.textNode(DEEP + depth));
                }
                case 6 -> {
                    whats.add("unknown field in " + describe(at));
                    if (at instanceof ObjectNode object) {
                        object.set("unknown" + random.nextInt(3), pick(HOSTILE_VALUES).apply(random));
                    }
                }
                case 7 -> {
                    whats.add("numbers as huge values in " + describe(at));
                    hugeNumbers(at);
                }
                default -> {
                    whats.add("repeated key");
                    text = repeatedKey(node);
                }
            }
        }
        try {
            String written = text != null ? text : JSON.writeValueAsString(node);
            java.util.regex.Matcher deep = java.util.regex.Pattern.compile("\"" + DEEP + "(\\d+)\"").matcher(written);
            StringBuilder out = new StringBuilder();
            while (deep.find()) {
                deep.appendReplacement(out, deep(Integer.parseInt(deep.group(1))));
            }
            deep.appendTail(out);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bodies that are not what the type says: truncated, not UTF-8, empty, other JSON, over the limit. */
    private byte[] raw(String type, List<String> whats) {
        String example = type.startsWith("text/") || type.contains("form") ? pick(operation.examples().get(type)).asText()
                : pick(operation.examples().get(type)).toString();
        int kind = random.nextInt(9);
        whats.add("raw body " + kind);
        return switch (kind) {
            case 0 -> example.substring(0, random.nextInt(Math.max(1, example.length()))).getBytes(StandardCharsets.UTF_8);
            case 1 -> invalidUtf8(example);
            case 2 -> new byte[0];
            case 3 -> pick(List.of("null", "[]", "{}", "\"text\"", "1", "true", "[null]", "[[]]", "{\"\":{}}", "\uFEFF{}",
                    "{} trailing", "{\"a\": NaN}", "{\"a\": Infinity}", "{/*c*/}", "{'a': 1}", "{\"a\":1,}"))
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> randomBytes(1 + random.nextInt(4_000));
            case 5 -> ("[" .repeat(20_000)).getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)).getBytes(StandardCharsets.UTF_8);
            case 7 -> random.nextInt(4) == 0 ? over(example) : example.replace("\"", "").getBytes(StandardCharsets.UTF_8);
            default -> (example + example).getBytes(StandardCharsets.UTF_8);
        };
    }

    private byte[] rawJson(List<String> whats) {
        whats.add("a body where none is taken");
        return pick(List.of("{}", "null", "[1]", "{\"reason\": \"x\u0000\"}", "{\"a\":1,\"a\":2}", "x"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A body just over 1 MiB (the operation's limit, but for a feed's). */
    private byte[] over(String example) {
        StringBuilder big = new StringBuilder((1 << 20) + 1024);
        while (big.length() <= (1 << 20)) {
            big.append(example).append('\n');
        }
        return big.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** CSV feeds: cells replaced with hostile text, rows multiplied, headers broken. */
    private byte[] csv(String example, List<String> whats) {
        List<String> lines = new ArrayList<>(List.of(example.split("\n")));
        int kind = random.nextInt(8);
        whats.add("csv " + kind);
        switch (kind) {
            case 0, 1, 2 -> {
                int row = 1 + random.nextInt(Math.max(1, lines.size() - 1));
                if (row < lines.size()) {
                    String[] cells = lines.get(row).split(",", -1);
                    int cell = random.nextInt(cells.length);
                    cells[cell] = pick(List.of("2147483648", "999999999999", "-1", "1.5", "1e3", "\u0000", "a\u0000",
                            "-300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "\"", "\"\"\"", "x".repeat(70_000), "",
                            "2147483647", "10001", "00000000000000000001", "NaN", "\ud800"));
                    lines.set(row, String.join(",", cells));
                }
            }
            case 3 -> {
                int times = pick(List.of(1_001, 20_001, 25_000));
                String row = lines.size() > 1 ? lines.get(1) : "a,b";
                for (int i = 0; i < times; i++) {
                    lines.add(row.replaceFirst("^[^,]*", "o" + random.nextInt(times)));
                }
            }
            case 4 -> lines.set(0, pick(List.of("", "a,b,c", "order_id", "line_item_id,order_id,order_id", "\u0000")));
            case 5 -> lines.add(String.join(",", java.util.Collections.nCopies(5_000, "x")));
            case 6 -> lines.add(0, "\uFEFF");
            default -> lines.replaceAll(l -> l + ",extra");
        }
        return String.join(random.nextBoolean() ? "\n" : "\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] form(String example, List<String> whats) {
        whats.add("form");
        return pick(List.of(example + "&grant_type=password", "client_id=%zz", "client_secret=" + "x".repeat(10_000),
                "grant_type=client_credentials&client_id=" + ids.keyId() + "&client_secret=%00",
                "grant_type=client_credentials&client_id=" + ids.keyId() + "&client_secret=" + ids.otherApiKey(), "=", "&&&",
                "grant_type", example.replace("client_credentials", "\u00ff"))).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode substituteIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                switch (name) {
                    case "lineItemId" -> object.put(name, ids.lineId());
                    case "contractId" -> object.put(name, ids.contractId());
                    case "client_id" -> object.put(name, ids.keyId());
                    case "client_secret" -> object.put(name, ids.apiKey());
                    case "leadToken" -> object.put(name, ids.leadToken());
                    case "storeId" -> object.put(name, ids.storeId());
                    default -> substituteIds(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::substituteIds);
        }
        if (operation.name().equals("POST /line-items/fulfill") || operation.name().equals("POST /refunds")) {
            if (node instanceof ObjectNode object && object.has("transactionId")) {
                object.put("transactionId", ids.transactionId());
            }
        }
        return node;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    private void set(JsonNode at, JsonNode value) {
        if (at instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(pick(names), value);
        } else if (at instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), value);
        } else if (at instanceof ArrayNode array) {
            array.add(value);
        }
    }

    private void drop(JsonNode at) {
        if (at instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.remove(pick(names));
        } else if (at instanceof ArrayNode array && array.size() > 0) {
            array.remove(random.nextInt(array.size()));
        }
    }

    private void multiply(JsonNode at, int times) {
        if (at instanceof ArrayNode array && array.size() > 0) {
            JsonNode element = array.get(random.nextInt(array.size()));
            for (int i = 0; i < times; i++) {
                JsonNode copy = element.deepCopy();
                if (copy instanceof ObjectNode object) {
                    for (String id : List.of("lineItemTransactionId", "id", "trackingId")) {
                        if (object.has(id)) {
                            object.put(id, object.path(id).asText() + "-" + i);
                        }
                    }
                    if (object.has("quantity") && random.nextBoolean()) {
                        object.put("quantity", 10_000);
                        object.put("fulfilledQuantity", 10_000);
                    }
                }
                array.add(copy);
            }
        } else if (at instanceof ObjectNode object) {
            ArrayNode shipments = object.putArray(pick(List.of("shipmentInfo", "products", "lineItems", "line_items",
                    "items", "events", "categories", "priceBands")));
            for (int i = 0; i < times; i++) {
                shipments.addObject().put("trackingId", "t" + i).put("id", "p" + i).put("purchasePrice", Long.MAX_VALUE / 2)
                        .put("productId", "p" + i).put("minPrice", i).put("maxPrice", i + 1).put("price", 1);
            }
        }
    }

    private void hugeNumbers(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isNumber() || value.isTextual() && value.asText().matches("-?\\d+")) {
                    object.set(name, pick(List.of(NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Integer.MAX_VALUE),
                            NODES.numberNode(new java.math.BigInteger(BIG)), NODES.textNode("99999999999999999999"),
                            NODES.numberNode(Long.MAX_VALUE / 3))));
                } else {
                    hugeNumbers(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::hugeNumbers);
        }
    }

    /** Arrays or objects nested {@code depth} deep, as text. */
    private String deep(int depth) {
        boolean arrays = random.nextBoolean();
        return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
    }

    /** The body's text with one of the top object's keys written twice. */
    private String repeatedKey(JsonNode node) {
        String text = node.toString();
        if (node instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = pick(names);
            return "{" + JSON.valueToTree(name) + ":" + pick(HOSTILE_VALUES).apply(random) + "," + text.substring(1);
        }
        return "[" + text + "," + text + "]";
    }

    private byte[] invalidUtf8(String example) {
        byte[] text = example.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(Math.max(1, text.length));
        byte[] bad = pick(List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF }, new byte[] { (byte) 0xED,
                (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
                new byte[] { (byte) 0xC0, (byte) 0x80 }, new byte[] { 0 }));
        byte[] out = new byte[text.length + bad.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(text, at, out, at + bad.length, text.length - at);
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private String goodId(String param) {
        String path = operation.path();
        if (param.equals("keyId")) {
            return ids.spareKeyId();
        }
        if (path.startsWith("/admin/stores")) {
            return ids.storeId();
        }
        if (path.startsWith("/orders")) {
            return ids.orderId();
        }
        if (path.startsWith("/line-items")) {
            return ids.lineId();
        }
        if (path.startsWith("/contracts") || path.startsWith("/admin/contracts")) {
            return ids.contractId();
        }
        if (path.startsWith("/leads")) {
            return ids.leadToken();
        }
        if (path.startsWith("/plans") || path.startsWith("/admin/plans")) {
            return ids.planId();
        }
        if (path.startsWith("/feeds")) {
            return ids.feedRequestId();
        }
        if (path.startsWith("/webhooks/deliveries")) {
            return java.util.UUID.randomUUID().toString();
        }
        if (path.startsWith("/webhooks")) {
            return ids.webhookId();
        }
        return "x";
    }

    /** Another store's id of the same kind: it must be not found, never shown or changed. */
    private String foreignId(String param) {
        String path = operation.path();
        if (path.startsWith("/admin/stores")) {
            return ids.otherStoreId();
        }
        if (path.startsWith("/contracts") || path.startsWith("/admin/contracts")) {
            return ids.otherContractId();
        }
        return ids.otherOrderId();
    }

    private String pickText() {
        return pick(HOSTILE_TEXT).apply(random);
    }

    private String pickHeaderText() {
        String text = pickText();
        // A header can't hold line breaks or NUL; Latin-1 bytes it can.
        return text.replaceAll("[\\r\\n\\u0000]", "").replaceAll("[^\\u0020-\\u00ff]", "?");
    }

    /** Escapes what would end a path segment, keeps every %-escape (valid or not) and raw byte as sent. */
    private static String pathSafe(String value) {
        return escaped(value, "/?# ");
    }

    /** The same for a query parameter's value. */
    private static String querySafe(String value) {
        return escaped(value, "&=# ");
    }

    /** {@code value} with each of {@code reserved} and every character above Latin-1 %-escaped (UTF-8). */
    private static String escaped(String value, String reserved) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (reserved.indexOf(c) >= 0) {
                out.append(String.format("%%%02X", (int) c));
            } else if (c > 0xff) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append(String.format("%%%02X", b & 0xff));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String describe(JsonNode node) {
        return node.isArray() ? "an array of " + node.size() : "an object with " + abbreviate(iterable(node));
    }

    private static String iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(",", names);
    }

    static String abbreviate(String text) {
        String clean = text.replaceAll("[^\\u0020-\\u007e]", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 57) + "...";
    }
}
