package io.protection.orders.order.rest;

import io.protection.orders.order.service.OrderLifecycle;
import io.protection.orders.order.service.OrderService;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.idempotency.Idempotency;
import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import io.protection.orders.order.service.OrderViews.OrderView;
import io.protection.orders.order.service.OrderViews.LineItemPage;
import io.protection.orders.order.service.OrderViews.LineItemView;
import io.protection.orders.store.Tenant;
import io.protection.orders.store.CurrentTenant;
import io.smallrye.mutiny.Uni;

/** Merchant API: line items across orders. */
@Path("/line-items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Line items")
public class LineItemResource {

    @Inject
    OrderService orders;

    @Inject
    CurrentTenant tenant;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("/fulfill")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fulfill units of a line", description = """
            Names the line by `lineItemId`, or by `lineItemTransactionId` (with `transactionId`, or alone when \
            one order of the store has it, else 409 `ambiguous_line_item`). Fulfills `quantity` units (default \
            1), or every unfulfilled unit with `?fulfillAll=true`, at `fulfilledAt` (default now), recorded as \
            stated: the contracts' term and the refund window start there. A `fulfilledAt` in the future, or \
            before the order's stated `createdAt`, is 400. Each fulfilled unit of a `contract` line gets its own \
            contract; a `category_contract` or `shipments` line gets one. While the order waits, contracts are \
            created at its release. More units than are left is 409 `quantity_exceeded`. Honours `If-Match`.

            The answer is the order. A request whose `Accept` names an Extend API version \
            (`application/json; version=2022-02-01`, as Extend's clients send) gets Extend's answer instead: \
            the line, with `contractId` its newest contract, or, with `fulfillAll=true`, an array with one \
            entry of the line per contract (each with its `contractId`).""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> fulfill(@QueryParam("fulfillAll") boolean fulfillAll, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, OrderLifecycle.FulfillRequest request) {
        Tenant current = tenant.get();
        boolean extendAnswer = namesVersion(accept);
        return idempotency.runOnConnection(current.storeId().toString(), request,
                tx -> lifecycle.fulfill(tx, current, request, fulfillAll, ifMatch).map(order -> extendAnswer
                        ? RestResponse.ok(fulfilledLine(order, request, fulfillAll))
                        : OrderResource.ok(order)));
    }

    /** Whether an {@code Accept} header carries Extend's {@code version} media-type parameter. */
    static boolean namesVersion(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).matches(".*;\\s*version\\s*=.*");
    }

    /** Extend's answer to a fulfillment: the line (its newest contract), or one entry per contract. */
    private static Object fulfilledLine(OrderView order, OrderLifecycle.FulfillRequest request, boolean fulfillAll) {
        LineItemView line = order.lineItems().stream()
                .filter(l -> request.lineItemId() != null ? l.id().toString().equalsIgnoreCase(request.lineItemId().trim())
                        : l.lineItemTransactionId().equals(request.lineItemTransactionId()))
                .findFirst().orElseThrow();
        List<UUID> contracts = line.contractIds();
        if (fulfillAll) {
            return contracts.isEmpty() ? List.of(line) : contracts.stream().map(line::withContractId).toList();
        }
        return contracts.isEmpty() ? line : line.withContractId(contracts.get(contracts.size() - 1));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel unfulfilled units of a line", description = """
            Cancels `quantity` unfulfilled units (default: all of them), e.g. when out of stock. A line that has \
            shipped becomes `cancel_failed` instead. Honours `If-Match`.""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    public Uni<Response> cancel(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Quantity body) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), body, () -> lifecycle.cancelLine(current,
                Ids.pathId(id, "line item"), body == null ? null : body.quantity(), ifMatch).map(OrderResource::ok));
    }

    public record Quantity(Integer quantity) {
    }

    @GET
    @Path("/search")
    @Operation(summary = "Search line items", description = """
            Newest first, filtered by the order's `transactionId` and/or the line's `lineItemTransactionId`. \
            Paginated like `GET /orders/search`.""")
    public Uni<LineItemPage> search(@QueryParam("storeId") String storeId,
            @QueryParam("transactionId") String transactionId,
            @QueryParam("lineItemTransactionId") String lineItemTransactionId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Tenant current = tenant.checkStore(storeId);
        return orders.searchLineItems(current.storeId(), OrderResource.blankToNull(transactionId),
                OrderResource.blankToNull(lineItemTransactionId), Cursor.decode(cursor), Cursor.limit(limit));
    }
}
