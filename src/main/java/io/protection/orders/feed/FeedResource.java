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
import jakarta.ws.rs.QueryParam;
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
            A JSON array of at most 1000 Hakuna order records (`id`, `status` placed|cancelled, `placed_at`, \
            `cancelled_at`, `customer{first_name, last_name, email, phone}`, `customer_billing_address{street, \
            city, zip, country, ...}`, `line_items[{id, quantity, product_data{id, price{amount, currency}, brand, \
            title, category}, custom_properties{protection_line_item_id | product_reference, plan_id}, \
            fulfillments[{quantity, fulfilled_at}], refunds[{quantity, refunded_at}]}]`). Amounts are integers \
            in minor units. The feed is stored before the 202 and applied in the background, per order, in any \
            order and idempotently: records only move an order forward.

            **Protection.** A protection line (brand `hakuna`, any case) is folded into the product it protects: \
            the product names it in `custom_properties.protection_line_item_id`, or it names the product in \
            `custom_properties.product_reference` (the product's line id, or its product id). Its plan is \
            `custom_properties.plan_id`, else its product id; its price is the plan's purchase price. A \
            product's category is `product_data.category` when sent, else it has none.

            **Customer.** Every customer field may be empty (the order keeps it empty) but the billing \
            address's `country`, when an address is sent.

            **Dates** (when it happened in the shop). A date in the future is 400. A fulfillment is recorded at \
            its `fulfilled_at` (one before a stated `placed_at` fails the record); the contract term and the \
            refund window start there. A refund or cancellation is judged at its `refunded_at` / \
            `cancelled_at`, but no earlier than the store's `reportingTolerance` (default 72 hours) before the \
            feed was received: a refund reported late, dated inside an old window, fails with \
            `refund_window_expired`. `?historical=true` imports past orders: they don't wait, and refunds and \
            cancellations are judged at the dates they state.

            Check the outcome with `GET /feeds/order/{request_id}`.""")
    public Uni<Response> post(@QueryParam("historical") boolean historical, List<HakunaOrder> records) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), records,
                () -> accepted(feeds.accept(current, records, "json", historical)));
    }

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @Operation(summary = "Post an order feed (CSV)", description = "One row per line item, with a header row. Columns: "
            + FeedCsv.COLUMNS + ". The rows of one order share its `order_id`. Otherwise as the JSON feed, "
            + "`?historical=true` included.")
    public Uni<Response> postCsv(@QueryParam("historical") boolean historical, String csv) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), csv,
                () -> accepted(feeds.accept(current, FeedCsv.parse(csv == null ? "" : csv), "csv", historical)));
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "How a feed was applied", description = """
            `processing_status` is `done` once every order record (or the event) was applied or failed; \
            `statuses` has one entry per record, `failed_orders` the ids of the orders whose record failed. A \
            failed entry's `errors` name the rule that refused it, in Hakuna's style: `[{"error_code": \
            "refund_window_expired", "code": "refund_window_expired", "message": "Units fulfilled at ... were \
            refundable until ..."}]`. The codes are this service's problem codes: `refund_window_expired`, \
            `not_refundable`, `cancel_decline`, `quantity_exceeded`, `invalid_transition`, \
            `not_yet_applicable` (an event whose order or line never came), `validation_failed` (with the bad \
            `field`).""")
    public Uni<FeedService.Status> status(@PathParam("requestId") String requestId) {
        return feeds.status(tenant.get().storeId(), Ids.pathId(requestId, "feed request"));
    }

    private static Uni<RestResponse<FeedService.Accepted>> accepted(Uni<FeedService.Accepted> accepted) {
        return accepted.map(a -> RestResponse.ResponseBuilder.<FeedService.Accepted> accepted(a)
                .location(URI.create("/feeds/order/" + a.requestId())).build());
    }
}
