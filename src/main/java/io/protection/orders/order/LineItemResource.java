package io.protection.orders.order;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.protection.orders.common.Cursor;
import io.protection.orders.order.OrderViews.LineItemPage;
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
