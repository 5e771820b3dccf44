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
            `{type, payload}` with `type` one of `order_placed` (payload: an order record as in the feed), \\
            `line_item_fulfilled` (`order_id`, `line_item_id`, `quantity`, `fulfilled_at`), `line_item_refunded` \\
            (`order_id`, `line_item_id`, `quantity`, `refunded_at`), `line_item_cancelled` (`order_id`, \\
            `line_item_id`, `quantity`) or `order_cancelled` (`order_id`). A missing `quantity` means every unit \\
            that can take it. Stored before the 202 and applied in the background; the same event twice is one \\
            event (same `event_id`). An event that arrives before its order is tried again for a while. Its \\
            outcome: `GET /feeds/order/{event_id}`.""")
    public Uni<Response> post(FeedService.EventRequest request) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), request, () -> feeds.acceptEvent(current, request)
                .map(a -> RestResponse.ResponseBuilder.<FeedService.EventAccepted> accepted(a)
                        .location(URI.create("/feeds/order/" + a.eventId())).build()));
    }
}
