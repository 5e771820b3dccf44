package io.protection.orders.feed;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.common.idempotency.Idempotency;
import io.protection.orders.store.CurrentTenant;
import io.protection.orders.store.Tenant;
import io.smallrye.mutiny.Uni;

/** Merchant API: Hakuna-style events. */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Order feed")
public class EventResource {

    @Inject
    FeedService feeds;

    @Inject
    CurrentTenant tenant;

    @Inject
    Idempotency idempotency;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post an event", description = """
            `{type, payload}` in Hakuna's shapes, `type` one of:

            - `order_placed`: `{order_id, placed_at, order_currency, customer, customer_billing_address, \
            line_items: [{id, quantity, price_amount, product_id, product_title, product_brand, product_category?, \
            custom_properties: {product_reference?, plan_id?}}]}`. A protection line has brand `Hakuna` (any \
            case) and points at the line it protects with `custom_properties.product_reference` (that line's \
            id, or its product id); its plan is `custom_properties.plan_id`, else its `product_id`, at its \
            `price_amount`. A product without `product_category` has no category. (An order record as in the \
            feed is taken too.) Customer fields may be empty but the billing address's `country`.
            - `line_item_fulfilled`, `line_item_refunded`, `line_item_cancelled`: `{order_id, line_items: [{id, \
            quantity?}], fulfilled_at | refunded_at | cancelled_at}`, or a single `line_item_id` with \
            `quantity?`. A missing quantity means every unit that can take it. Refunding or canceling a \
            protected product's line refunds or cancels its protection too; naming the protection line does \
            the same to the units of its product that are left, so naming both, at once or one after the other, \
            changes them once.
            - `order_cancelled`: `{order_id, cancelled_at}`; only while no unit is fulfilled (`cancel_decline`).

            **Dates** are when it happened in the shop; a date in the future is 400. `fulfilled_at` is recorded \
            as stated (not before the order's `placed_at`): the contract term and the refund window start there. \
            `refunded_at` and `cancelled_at` are judged at the stated instant but no earlier than the store's \
            `reportingTolerance` (default 72 hours) before the event was received: a refund sent a year late, \
            dated inside the old window, fails with `refund_window_expired`.

            Stored before the 202 and applied in the background; the same event twice is one event (same \
            `event_id`). An event that arrives before its order is tried again for a while. Its outcome, with \
            the rule that refused it if any: `GET /feeds/order/{event_id}`.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "order_placed", summary = "A TV and its protection", value = """
                    {"type": "order_placed", "payload": {"order_id": "1001", "placed_at": "2026-11-02T09:00:00Z",
                     "order_currency": "EUR",
                     "customer": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "phone": ""},
                     "customer_billing_address": {"street": "Unter den Linden 1", "city": "Berlin", "zip": "10117",
                                                  "country": "DE"},
                     "line_items": [
                       {"id": "li-tv", "quantity": 1, "price_amount": 59900, "product_id": "tv-55",
                        "product_title": "TV 55 inch", "product_brand": "Acme", "product_category": "tv",
                        "custom_properties": {}},
                       {"id": "li-protection", "quantity": 1, "price_amount": 4999, "product_id": "plan-tv-24",
                        "product_title": "2 years protection", "product_brand": "Hakuna",
                        "custom_properties": {"product_reference": "li-tv", "plan_id": "plan-tv-24"}}]}}"""),
            @ExampleObject(name = "line_item_fulfilled", summary = "The TV shipped", value = """
                    {"type": "line_item_fulfilled", "payload": {"order_id": "1001",
                     "line_items": [{"id": "li-tv", "quantity": 1}], "fulfilled_at": "2026-11-03T15:30:00Z"}}"""),
            @ExampleObject(name = "line_item_refunded", summary = "The TV came back: it and its protection refunded", value = """
                    {"type": "line_item_refunded", "payload": {"order_id": "1001",
                     "line_items": [{"id": "li-tv", "quantity": 1}], "refunded_at": "2026-11-10T11:00:00Z"}}"""),
            @ExampleObject(name = "line_item_cancelled", summary = "Out of stock (the single-line form)", value = """
                    {"type": "line_item_cancelled", "payload": {"order_id": "1002", "line_item_id": "li-tv",
                     "quantity": 1, "cancelled_at": "2026-11-02T12:00:00Z"}}"""),
            @ExampleObject(name = "order_cancelled", summary = "Canceled before anything shipped", value = """
                    {"type": "order_cancelled", "payload": {"order_id": "1003", "cancelled_at": "2026-11-02T12:00:00Z"}}""")
    }))
    public Uni<Response> post(FeedService.EventRequest request) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), request, () -> feeds.acceptEvent(current, request)
                .map(a -> RestResponse.ResponseBuilder.<FeedService.EventAccepted> accepted(a)
                        .location(URI.create("/feeds/order/" + a.eventId())).build()));
    }
}
