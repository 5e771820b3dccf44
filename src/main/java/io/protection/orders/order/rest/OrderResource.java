package io.protection.orders.order.rest;

import io.protection.orders.order.service.OrderService;
import io.protection.orders.order.OrderInput;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.service.OrderLifecycle;
import io.protection.orders.order.service.OrderUpsert;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.idempotency.Idempotency;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.protection.orders.common.ProblemException;
import io.protection.orders.order.service.OrderService.OrderSearch;
import io.protection.orders.order.service.OrderViews.OrderPage;
import io.protection.orders.order.service.OrderViews.OrderView;
import io.protection.orders.store.CurrentTenant;
import io.protection.orders.store.Tenant;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.protection.orders.common.Problem;
import io.protection.orders.common.ProblemMappers;

/** Merchant API: orders. */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders")
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    CurrentTenant tenant;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    Idempotency idempotency;

    @Inject
    OrderUpsert upserts;

    @Inject
    ObjectMapper mapper;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an order", description = OrderDocs.CREATE)
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "protected TV and a cable", value = OrderDocs.CREATE_EXAMPLE))) OrderInput.Order input) {
        Tenant current = tenant.checkStore(input == null ? null : input.storeId());
        return idempotency.runOnConnection(current.storeId().toString(), input, tx -> orders.create(tx, current, input)
                .map(order -> RestResponse.ResponseBuilder.<OrderView> created(URI.create("/orders/" + order.id()))
                        .entity(order).tag(etag(order)).build()))
                .onFailure(OrderService::violatesUniqueTransaction)
                .recoverWithUni(() -> orders.duplicate(current.storeId(), input.transactionId()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or update an order from its full snapshot", description = """
            201 when the `transactionId` is new (as `POST /orders`), 200 when it existed: the difference is \
            applied in one transaction. New lines are added; a higher `fulfilledQuantity` fulfills (at the \
            line's `fulfilledAt`); a lower `quantity`, or a missing line, cancels unfulfilled units first and \
            then refunds fulfilled ones (within the refund window, else 422 and nothing changes); a dropped \
            `plan` refunds only the protection; shipments are matched on `trackingId`; customer, totals, \
            `saleOrigin`, `poNumber` and `isTest` are replaced. A line's type, product, `createdAt` and \
            `waitPeriod` are kept from creation; the currency can't change (409). The same snapshot again \
            changes nothing (same `version`, no history entry).""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> upsert(OrderInput.Order input) {
        Tenant current = tenant.checkStore(input == null ? null : input.storeId());
        return OrderUpsert.retryingRace(() -> idempotency.run(current.storeId().toString(), input,
                () -> upserts.upsert(current, input, false)
                        .map(result -> result.created()
                                ? RestResponse.ResponseBuilder.<OrderView> created(URI.create("/orders/" + result.order().id()))
                                        .entity(result.order()).tag(etag(result.order())).build()
                                : ok(result.order()))));
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or update up to 1000 orders", description = """
            The body is `{orders: [...]}` (answered 200 `{results: [...]}`) or, as Extend's clients send it, a \
            bare array of orders (answered 201 with a bare array of the same results). Each order is upserted \
            as by `PUT /orders`, in its own transaction, in the order sent; one that fails fails alone, with \
            its problem in `error`. `historical=true` imports past orders: they don't wait, and fulfillments \
            keep their `fulfilledAt`. Re-sending a batch changes nothing, by the orders' natural keys \
            (`Idempotency-Key` is not needed and not used here).""")
    @APIResponse(responseCode = "200", description = "The results of a `{orders}` body", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResponse.class)))
    @APIResponse(responseCode = "201", description = "The results of a bare-array body, as a bare array", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = BatchResult.class)))
    public Uni<Response> batch(@QueryParam("historical") boolean historical, @RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = { BatchRequest.class, OrderList.class })))
            JsonNode body) throws IOException {
        Tenant current = tenant.get();
        boolean bare = body != null && body.isArray();
        List<OrderInput.Order> sent = bare ? mapper.readerFor(ORDER_LIST).readValue(body)
                : body == null || !body.isObject() ? null : mapper.readerFor(BatchRequest.class).<BatchRequest> readValue(body).orders();
        if (sent == null) {
            throw ProblemException.validation("orders", "is required (an object {orders: [...]} or an array of orders)");
        }
        if (sent.isEmpty() || sent.size() > MAX_BATCH) {
            throw ProblemException.validation("orders", "must have 1 to " + MAX_BATCH + " orders");
        }
        int missing = sent.indexOf(null);
        if (missing >= 0) {
            throw ProblemException.validation("orders[" + missing + "]", "must be an order, not null");
        }
        return upsertAll(current, sent, historical).map(results -> bare
                ? Response.status(Response.Status.CREATED).entity(results).build()
                : Response.ok(new BatchResponse(results)).build());
    }

    private static final TypeReference<List<OrderInput.Order>> ORDER_LIST = new TypeReference<>() {
    };

    /** For the OpenAPI document: the bare-array form of a batch. */
    @Schema(type = SchemaType.ARRAY, implementation = OrderInput.Order.class)
    interface OrderList {
    }

    private Uni<List<BatchResult>> upsertAll(Tenant current, List<OrderInput.Order> sent, boolean historical) {
        return Multi.createFrom().iterable(sent)
                .onItem().transformToUniAndConcatenate(order -> OrderUpsert
                        .retryingRace(() -> upserts.upsert(current.checkStore(order.storeId()), order, historical))
                        .map(result -> new BatchResult(order.transactionId(), result.created() ? "created" : "updated",
                                result.order().id(), null))
                        .onFailure().recoverWithItem(failure -> new BatchResult(order.transactionId(),
                                "failed", null, ProblemMappers.problemOf(failure))))
                .collect().asList();
    }

    static final int MAX_BATCH = 1000;

    public record BatchRequest(List<OrderInput.Order> orders) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchResult(String transactionId, String result, UUID orderId, Problem error) {
    }

    @RegisterForReflection
    public record BatchResponse(List<BatchResult> results) {
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an order", description = "The `ETag` header carries the order's version.")
    public Uni<RestResponse<OrderView>> get(@PathParam("id") String id) {
        return orders.get(tenant.get().storeId(), Ids.pathId(id, "order"))
                .map(OrderResource::ok);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Search orders", description = """
            Newest first. Every filter is optional and exact (`customerEmail` ignores case). Pass `nextCursor` \
            back as `cursor` for the next page; it is null on the last page. `limit` is 1 to 100 (default 20).""")
    public Uni<OrderPage> search(@QueryParam("storeId") String storeId,
            @QueryParam("transactionId") String transactionId, @QueryParam("customerEmail") String customerEmail,
            @QueryParam("customerPhone") String customerPhone, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Tenant current = tenant.checkStore(storeId);
        OrderStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = OrderStatus.fromWire(status.trim());
            if (wanted == null) {
                throw ProblemException.validation("status", "must be one of pending, open, closed, canceled, voided");
            }
        }
        OrderSearch search = new OrderSearch(blankToNull(transactionId), blankToNull(customerEmail),
                blankToNull(customerPhone), wanted, Cursor.decode(cursor), Cursor.limit(limit));
        return orders.search(current.storeId(), search);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "An order's history", description = """
            Every change, oldest first: `created`, `fulfilled`, `line_canceled`, `line_cancel_failed`, `canceled`, \
            `refunded`, `voided`, `released`. `actor` is `api_key:<id>`, `admin` or `release_job`.""")
    public Uni<History> history(@PathParam("id") String id) {
        return orders.history(tenant.get().storeId(), Ids.pathId(id, "order"))
                .map(events -> new History(events.stream().map(e -> new HistoryEvent(e.id, e.type, e.at, e.actor,
                        e.reason, e.data)).toList()));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel an order", description = """
            Only while no unit of the order is fulfilled (else 409 `cancel_decline`: refund instead). Lines that \
            have shipped become `cancel_failed`; the order becomes `canceled`. Honours `If-Match`.""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> cancel(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Reason body) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), body, () -> lifecycle.cancel(current,
                Ids.pathId(id, "order"), body == null ? null : body.reason(), ifMatch).map(OrderResource::ok));
    }

    @POST
    @Path("/{id}/void")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Void an order", description = """
            For an order that was invalid from the start (e.g. fraud): every live contract is voided without \
            refund, lines keep their status, and the order can't change afterwards. `reason` is required.""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> voidOrder(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Reason body) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), body, () -> lifecycle.voidOrder(current,
                Ids.pathId(id, "order"), body == null ? null : body.reason(), ifMatch).map(OrderResource::ok));
    }

    public record Reason(String reason) {
    }

    @RegisterForReflection
    public record HistoryEvent(UUID id, String type, Instant at, String actor, String reason, Map<String, Object> data) {
    }

    @RegisterForReflection
    public record History(List<HistoryEvent> events) {
    }

    static RestResponse<OrderView> ok(OrderView order) {
        return RestResponse.ResponseBuilder.ok(order).tag(etag(order)).build();
    }

    static EntityTag etag(OrderView order) {
        return new EntityTag(String.valueOf(order.version()));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
