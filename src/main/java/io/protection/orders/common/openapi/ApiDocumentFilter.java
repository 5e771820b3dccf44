package io.protection.orders.common.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.protection.orders.common.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the OpenAPI document in one place rather than on every resource method: a stable
 * camelCase {@code operationId} per operation, a description on every response, the problem schema on
 * every error response an operation can give (with its codes), the required fields of the request
 * bodies, and an example of every request body ({@link ApiExamples}). Runs at build time only, so the
 * document written to {@code target/openapi/} is the one served at {@code /q/openapi}, and a start does not
 * run it again (as {@code mp.openapi.filter} would).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    /** Operation ids, by {@code METHOD path}. An operation missing here gets one derived from both. */
    static final Map<String, String> OPERATION_IDS = Map.ofEntries(
            Map.entry("POST /admin/stores", "createStore"),
            Map.entry("GET /admin/stores/{id}", "getStore"),
            Map.entry("POST /admin/stores/{id}/api-keys", "createApiKey"),
            Map.entry("DELETE /admin/stores/{id}/api-keys/{keyId}", "revokeApiKey"),
            Map.entry("PUT /admin/plans/{planId}", "putPlan"),
            Map.entry("POST /auth/oauth/token", "createAccessToken"),
            Map.entry("GET /plans", "listPlans"),
            Map.entry("GET /plans/{id}", "getPlan"),
            Map.entry("GET /offers", "getOffers"),
            Map.entry("POST /shipping-offers/quotes", "createShippingQuote"),
            Map.entry("GET /leads/{leadToken}", "getLead"),
            Map.entry("POST /orders", "createOrder"),
            Map.entry("PUT /orders", "upsertOrder"),
            Map.entry("POST /orders/batch", "upsertOrders"),
            Map.entry("GET /orders/{id}", "getOrder"),
            Map.entry("GET /orders/search", "searchOrders"),
            Map.entry("GET /orders/{id}/history", "getOrderHistory"),
            Map.entry("POST /orders/{id}/cancel", "cancelOrder"),
            Map.entry("POST /orders/{id}/void", "voidOrder"),
            Map.entry("POST /line-items/fulfill", "fulfillLineItem"),
            Map.entry("POST /line-items/{id}/cancel", "cancelLineItem"),
            Map.entry("GET /line-items/search", "searchLineItems"),
            Map.entry("GET /contracts/{id}", "getContract"),
            Map.entry("GET /contracts/search", "searchContracts"),
            Map.entry("POST /contracts/{id}/cancel", "cancelContract"),
            Map.entry("GET /refunds", "quoteRefund"),
            Map.entry("POST /refunds", "createRefund"),
            Map.entry("POST /feeds/order", "postOrderFeed"),
            Map.entry("GET /feeds/order/{requestId}", "getOrderFeedStatus"),
            Map.entry("POST /events", "postEvent"));

    /** Required properties of the request bodies' schemas. */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "CreateStore", List.of("name"),
            "PlanRequest", List.of("title", "termMonths", "currency", "priceBands"),
            "Order", List.of("transactionId", "currency", "customer", "lineItems"),
            "Customer", List.of("email"),
            "TokenRequest", List.of("grant_type", "client_id", "client_secret"),
            "QuoteRequest", List.of("items"),
            "EventRequest", List.of("type", "payload"),
            "PriceBand", List.of("minPrice", "maxPrice", "price"));

    /** What each error status means here, with its problem codes. */
    static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("400", "`validation_failed`: malformed JSON, a wrong type, missing or invalid fields (every bad field is in `errors`)"),
            Map.entry("401", "`unauthorized`: no, unknown or revoked key (or admin token), or an expired access token"),
            Map.entry("403", "`forbidden`: a `storeId` that is not the key's store"),
            Map.entry("404", "`not_found`: unknown id, or another store's"),
            Map.entry("409", "`idempotency_in_progress`: the first request with this `Idempotency-Key` is still running"),
            Map.entry("412", "`precondition_failed`: `If-Match` doesn't match the order's `ETag`"),
            Map.entry("413", "`payload_too_large`: the body is over 1 MiB (an order feed: over 5 MiB), by its `Content-Length` or as it was read"),
            Map.entry("414", "`uri_too_long`: the request target (path and query) is over 8 KiB"),
            Map.entry("415", "`unsupported_media_type`: the body is not in a media type the operation takes"),
            Map.entry("422", "`idempotency_key_reused`: the `Idempotency-Key` was used for a different request"),
            Map.entry("429", "`rate_limited`: the key is over its request rate, or the client address over its failed authentications; `Retry-After` says in how many seconds to retry"),
            Map.entry("503", "`unavailable`: the database can't serve now, or the replica is at its limit of requests at once; "
                    + "retry after `Retry-After` seconds, with the same `Idempotency-Key` (the request may have been applied: "
                    + "the retry answers what it came to)"));

    /** Further codes of some operations, by operation id and status. */
    static final Map<String, Map<String, String>> MORE_CODES = Map.of(
            "createOrder", Map.of("409", "`duplicate_transaction`: the store already has this `transactionId` (`orderId` names its order)"),
            "upsertOrder", Map.of("409", "`invalid_transition`: e.g. a changed currency, a plan added to an existing line, a voided order",
                    "422", "`refund_window_expired`, `not_refundable`: a lowered quantity or dropped plan that can't be refunded"),
            "cancelOrder", Map.of("409", "`cancel_decline`: a unit was fulfilled, or the order is canceled or voided"),
            "voidOrder", Map.of("409", "`invalid_transition`: the order is already voided"),
            "fulfillLineItem", Map.of("409", "`quantity_exceeded`, `ambiguous_line_item`, `invalid_transition`"),
            "cancelLineItem", Map.of("409", "`quantity_exceeded`, `invalid_transition`"),
            "createRefund", Map.of("409", "`quantity_exceeded`, `ambiguous_line_item`, `invalid_transition`",
                    "422", "`refund_window_expired`, `not_refundable`"),
            "cancelContract", Map.of("409", "`invalid_transition`: the contract is not live",
                    "422", "`refund_window_expired`, `not_refundable`"),
            "createAccessToken", Map.of("400", "`unsupported_grant_type`: a `grant_type` other than `client_credentials`",
                    "401", "`invalid_client`: unknown `client_id` or wrong `client_secret`"));

    /** Operations answered 202: what they were sent is stored and applied in the background. */
    private static final List<String> ACCEPTED = List.of("postOrderFeed", "postEvent");

    /** Descriptions of the tags that resources name without one. */
    static final Map<String, String> TAG_DESCRIPTIONS = Map.of(
            "Order feed", "Hakuna-style order feeds (JSON or CSV) and events, applied in the background");

    /** Operations that name a resource by an id in their body, and so can answer 404. */
    private static final List<String> FINDS_BY_BODY = List.of("fulfillLineItem", "createRefund", "quoteRefund");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                    .forEach((method, operation) -> complete(path, method, operation)));
        }
        if (openAPI.getTags() != null) {
            openAPI.getTags().stream().filter(tag -> tag.getDescription() == null || tag.getDescription().isBlank())
                    .forEach(tag -> tag.setDescription(TAG_DESCRIPTIONS.getOrDefault(tag.getName(), tag.getName())));
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            REQUIRED.forEach((name, fields) -> {
                Schema schema = openAPI.getComponents().getSchemas().get(name);
                if (schema != null && schema.getProperties() != null) {
                    schema.setRequired(fields.stream().filter(schema.getProperties()::containsKey).toList());
                }
            });
        }
    }

    private void complete(String path, PathItem.HttpMethod method, Operation operation) {
        String key = method + " " + path;
        String id = OPERATION_IDS.getOrDefault(key, derivedId(method, path));
        operation.setOperationId(id);
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (method == PathItem.HttpMethod.DELETE && responses.hasAPIResponse("200")) {
            responses.removeAPIResponse("200");
            responses.addAPIResponse("204", OASFactory.createAPIResponse().description("Done; no body"));
        }
        if (ACCEPTED.contains(id) && responses.hasAPIResponse("200") && !responses.hasAPIResponse("202")) {
            APIResponse accepted = responses.getAPIResponse("200");
            responses.removeAPIResponse("200");
            responses.addAPIResponse("202", accepted.description("Accepted: stored, and applied in the background"));
        }
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses() == null ? Map.of() : responses.getAPIResponses());
        sorted.forEach((status, response) -> {
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(reason(status));
            }
        });
        for (String status : errorStatuses(path, method, operation, id)) {
            APIResponse response = responses.getAPIResponse(status);
            if (response == null) {
                response = OASFactory.createAPIResponse();
                responses.addAPIResponse(status, response);
            }
            List<String> meanings = new ArrayList<>();
            String more = MORE_CODES.getOrDefault(id, Map.of()).get(status);
            if (more != null) {
                meanings.add(more);
            }
            if (ERRORS.containsKey(status)) {
                meanings.add(ERRORS.get(status));
            }
            response.setDescription(reason(status) + ". " + String.join("; ", meanings) + ".");
            if (status.equals("503")) {
                response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
            }
            response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
        }
        // Keep the responses in status order, errors after successes.
        Map<String, APIResponse> ordered = new TreeMap<>(responses.getAPIResponses());
        ordered.keySet().forEach(responses::removeAPIResponse);
        ordered.forEach(responses::addAPIResponse);
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            Content content = operation.getRequestBody().getContent();
            content.getMediaTypes().forEach((type, media) -> addExamples(id, type, media));
            // A form body with the same fields as its JSON form shares its schema (generators otherwise name
            // an inline model that some of them never write).
            MediaType json = content.getMediaType("application/json");
            MediaType form = content.getMediaType("application/x-www-form-urlencoded");
            if (json != null && form != null && json.getSchema() != null && json.getSchema().getRef() != null) {
                form.setSchema(OASFactory.createSchema().ref(json.getSchema().getRef()));
            }
        }
    }

    private static List<String> errorStatuses(String path, PathItem.HttpMethod method, Operation operation, String id) {
        List<String> statuses = new ArrayList<>();
        boolean body = operation.getRequestBody() != null;
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean admin = path.startsWith("/admin/");
        boolean token = id.equals("createAccessToken");
        boolean changes = method != PathItem.HttpMethod.GET;
        if (body || parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY || p.getIn() == Parameter.In.PATH)
                || MORE_CODES.getOrDefault(id, Map.of()).containsKey("400")) {
            statuses.add("400");
        }
        statuses.add("401");
        if (!admin && !token && (body || parameters.stream().anyMatch(p -> p.getName().equals("storeId")))) {
            statuses.add("403");
        }
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH) || FINDS_BY_BODY.contains(id)) {
            statuses.add("404");
        }
        if (changes && !token) {
            statuses.add("409");
        }
        if (parameters.stream().anyMatch(p -> p.getName().equalsIgnoreCase("If-Match"))) {
            statuses.add("412");
        }
        if (body) {
            statuses.add("413");
            statuses.add("415");
        }
        if (changes && !token || MORE_CODES.getOrDefault(id, Map.of()).containsKey("422")) {
            statuses.add("422");
        }
        statuses.add("414");
        statuses.add("429");
        statuses.add("503");
        return statuses;
    }

    private static void addExamples(String operationId, String type, MediaType media) {
        if (media.getExample() != null || (media.getExamples() != null && !media.getExamples().isEmpty())) {
            Map<String, String> more = ApiExamples.extra(operationId, type);
            more.forEach((name, value) -> media.addExample(name, OASFactory.createExample().value(ApiExamples.parse(type, value))));
            return;
        }
        Map<String, String> examples = new LinkedHashMap<>(ApiExamples.of(operationId, type));
        examples.forEach((name, value) -> media.addExample(name, OASFactory.createExample().value(ApiExamples.parse(type, value))));
    }

    /** {@code GET /orders/{id}/history} → {@code getOrdersByIdHistory}. */
    static String derivedId(PathItem.HttpMethod method, String path) {
        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String word = segment.startsWith("{") ? "by-" + segment.substring(1, segment.length() - 1) : segment;
            for (String part : word.split("[-_]")) {
                if (!part.isEmpty()) {
                    id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
        }
        return id.toString();
    }

    private static String reason(String status) {
        return switch (status) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "204" -> "No Content";
            case "400" -> "Bad Request";
            case "401" -> "Unauthorized";
            case "403" -> "Forbidden";
            case "404" -> "Not Found";
            case "409" -> "Conflict";
            case "412" -> "Precondition Failed";
            case "413" -> "Payload Too Large";
            case "414" -> "URI Too Long";
            case "415" -> "Unsupported Media Type";
            case "422" -> "Unprocessable Content";
            case "429" -> "Too Many Requests";
            case "503" -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
