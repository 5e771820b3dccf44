package io.protection.orders.feed;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.common.Ids;
import io.protection.orders.common.idempotency.Idempotency;
import jakarta.ws.rs.core.Response;
import io.protection.orders.store.CurrentTenant;
import io.protection.orders.store.Tenant;
import io.smallrye.mutiny.Uni;

/** Merchant API: the Hakuna-style order feed. */
@Path("/feeds/order")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Order feed")
public class FeedResource {

    @Inject
    FeedService feeds;

    @Inject
    CurrentTenant tenant;

    @Inject
    Idempotency idempotency;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post an order feed (JSON)", description = """
            A JSON array of at most 1000 Hakuna order records (`id`, `status` placed|cancelled, `placed_at`, \\
            `cancelled_at`, `customer`, `customer_billing_address`, `line_items[{id, quantity, product_data{id, \\
            price{amount, currency}, brand, title, category}, custom_properties{protection_line_item_id}, \\
            fulfillments[{quantity, fulfilled_at}], refunds[{quantity, refunded_at}]}]`). Amounts are integers \\
            in minor units. The feed is stored before the 202 and applied in the background, per order, in any \\
            order and idempotently: records only move an order forward. A protection line (brand `hakuna`, \\
            its product id the plan id) is folded into the product that names it. Check the outcome with \\
            `GET /feeds/order/{request_id}`.""")
    public Uni<Response> post(List<HakunaOrder> records) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), records,
                () -> accepted(feeds.accept(current, records, "json")));
    }

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @Operation(summary = "Post an order feed (CSV)", description = "One row per line item, with a header row. Columns: "
            + FeedCsv.COLUMNS + ". The rows of one order share its `order_id`. Otherwise as the JSON feed.")
    public Uni<Response> postCsv(String csv) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), csv,
                () -> accepted(feeds.accept(current, FeedCsv.parse(csv == null ? "" : csv), "csv")));
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "How a feed was applied", description = """
            `processing_status` is `done` once every order record was applied or failed; `statuses` has one \\
            entry per record, `failed_orders` the ids of the orders whose record failed, with `errors`.""")
    public Uni<FeedService.Status> status(@PathParam("requestId") String requestId) {
        return feeds.status(tenant.get().storeId(), Ids.pathId(requestId, "feed request"));
    }

    private static Uni<RestResponse<FeedService.Accepted>> accepted(Uni<FeedService.Accepted> accepted) {
        return accepted.map(a -> RestResponse.ResponseBuilder.<FeedService.Accepted> accepted(a)
                .location(URI.create("/feeds/order/" + a.requestId())).build());
    }
}
