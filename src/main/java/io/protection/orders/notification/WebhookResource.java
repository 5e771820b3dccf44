package io.protection.orders.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.Violations;
import io.protection.orders.common.idempotency.Idempotency;
import io.protection.orders.notification.WebhookRepository.Delivery;
import io.protection.orders.notification.WebhookRepository.Subscription;
import io.protection.orders.store.CurrentTenant;
import io.protection.orders.store.Tenant;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Merchant API: webhook subscriptions, their deliveries, and replays. */
@Path("/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookResource {

    /** The events a subscription can listen to. */
    public static final Set<String> EVENTS = Set.of("order.created", "order.status_changed", "contract.created",
            "contract.refunded", "contract.voided", "lead.created", "protection.revocation_requested");

    @Inject
    WebhookRepository webhooks;

    @Inject
    CurrentTenant tenant;

    @Inject
    ProtectionConfig config;

    @Inject
    Clock clock;

    @Inject
    Idempotency idempotency;

    public record WebhookRequest(String url, List<String> events, String secret) {
    }

    /** A subscription; {@code secret} is only in the answer that generated it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookView(String id, String url, List<String> events, String secret, Instant createdAt,
            Instant updatedAt) {

        static WebhookView of(Subscription s, String shownSecret) {
            return new WebhookView(s.id(), s.url(), s.events(), shownSecret, s.createdAt(), s.updatedAt());
        }
    }

    @RegisterForReflection
    public record WebhookList(List<WebhookView> webhooks) {
    }

    @RegisterForReflection
    public record DeliveryPage(List<Delivery> deliveries, String nextCursor) {
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a webhook subscription", description = """
            201 when new, 200 when replaced. `events` lists what to receive: `order.created`, \
            `order.status_changed`, `contract.created`, `contract.refunded`, `contract.voided`, `lead.created`, \
            `protection.revocation_requested`. `url` must be `https` and must not resolve to a loopback, private \
            or link-local address. `secret` is a Standard Webhooks secret (`whsec_` and the base64 of 24 to 64 \
            random bytes); without one a new subscription gets a generated secret, shown only in this answer, and \
            a replaced one keeps its own. Each POST carries `Webhook-Id` (the message id, the same on every \
            retry), `Webhook-Timestamp` and `Webhook-Signature: v1,<base64 HMAC-SHA256 of \
            "<id>.<timestamp>.<body>">` keyed with the secret's decoded bytes; the body is `{id, type, \
            createdAt, storeId, data}`. A 2xx within 10 s is delivered; anything else is retried at 5 s, 30 s, \
            2 min, 10 min, 30 min, 1 h, then hourly for 3 days, then the delivery is `dead` until replayed. \
            Subscriptions receive the messages written after they exist.""")
    public Uni<Response> put(@PathParam("id") String id, @RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "contracts and revocations",
                    value = """
                            {"url": "https://shop.example.com/hooks/protection",
                             "events": ["contract.created", "contract.refunded", "protection.revocation_requested"]}""")))
            WebhookRequest request) {
        Tenant current = tenant.get();
        List<String> events = validate(id, request, config.webhookAllowInsecure());
        return Uni.createFrom().item(() -> WebhookTarget.refusal(request.url().trim(), config.webhookAllowInsecure()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(refusal -> {
                    if (refusal != null) {
                        throw ProblemException.validation("url", refusal);
                    }
                    String given = request.secret() == null ? null : request.secret().trim();
                    String secret = given != null ? given : WebhookSignature.newSecret();
                    return webhooks.upsert(current.storeId(), id, request.url().trim(), events, secret, given,
                            clock.instant())
                            .map(upserted -> upserted.created()
                                    ? Response.status(Response.Status.CREATED)
                                            .entity(WebhookView.of(upserted.subscription(), given == null ? secret : null))
                                            .build()
                                    : Response.ok(WebhookView.of(upserted.subscription(), null)).build());
                });
    }

    @GET
    @Operation(summary = "List the store's webhook subscriptions", description = "Secrets are never shown here.")
    public Uni<WebhookList> list() {
        return webhooks.list(tenant.get().storeId())
                .map(subs -> new WebhookList(subs.stream().map(s -> WebhookView.of(s, null)).toList()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a webhook subscription", description = "Its pending deliveries become `dead`.")
    public Uni<Response> delete(@PathParam("id") String id) {
        Tenant current = tenant.get();
        return idempotency.run(current.storeId().toString(), null, () -> webhooks.delete(current.storeId(), id)
                .map(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("webhook " + id);
                    }
                    return RestResponse.noContent();
                }));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "A subscription's deliveries", description = """
            Newest first, paginated like orders (`limit` 1 to 100, `cursor`). `status` is `pending`, `delivered`, \
            `failed` (will be retried at `nextAttemptAt`) or `dead`.""")
    public Uni<DeliveryPage> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Tenant current = tenant.get();
        int size = Cursor.limit(limit);
        UUID after = Cursor.decode(cursor);
        return webhooks.exists(current.storeId(), id).chain(exists -> {
            if (!exists) {
                throw ProblemException.notFound("webhook " + id);
            }
            return webhooks.deliveries(current.storeId(), id, after, size + 1);
        }).map(found -> {
            List<Delivery> page = found.stream().limit(size).toList();
            return new DeliveryPage(page, found.size() > size ? Cursor.encode(page.get(page.size() - 1).id()) : null);
        });
    }

    @POST
    @Path("/deliveries/{id}/replay")
    @Operation(summary = "Deliver again", description = """
            Queues a delivery again (a `dead` one too, or a delivered one), at once, with a new retry period. \
            The message keeps its id, so a receiver that saw it can tell.""")
    public Uni<Response> replay(@PathParam("id") String id) {
        Tenant current = tenant.get();
        UUID deliveryId = Ids.pathId(id, "delivery");
        Instant now = clock.instant();
        return idempotency.run(current.storeId().toString(), null, () -> webhooks
                .replay(current.storeId(), deliveryId, now, now.plus(config.outboxRetryFor()))
                .map(delivery -> {
                    if (delivery == null) {
                        throw ProblemException.notFound("delivery " + id);
                    }
                    return RestResponse.ok(delivery);
                }));
    }

    private static List<String> validate(String id, WebhookRequest request, boolean allowInsecure) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Violations v = new Violations();
        v.check(id.matches("[A-Za-z0-9._:-]{1,64}"), "id", "must be 1 to 64 letters, digits or . _ : -");
        if (v.required(request.url(), "url") && v.check(request.url().length() <= 2048, "url",
                "must be at most 2048 characters")) {
            String refusal = WebhookTarget.shapeRefusal(request.url().trim(), allowInsecure);
            v.check(refusal == null, "url", refusal);
        }
        Set<String> events = new LinkedHashSet<>();
        if (v.required(request.events(), "events") && v.check(!request.events().isEmpty(), "events",
                "must list at least one event")) {
            for (int i = 0; i < request.events().size(); i++) {
                String event = request.events().get(i);
                if (v.check(event != null && EVENTS.contains(event.trim()), "events[" + i + "]",
                        "must be one of " + String.join(", ", EVENTS.stream().sorted().toList()))) {
                    events.add(event.trim());
                }
            }
        }
        v.check(request.secret() == null || WebhookSignature.valid(request.secret().trim()), "secret",
                "must be whsec_ and the base64 of 24 to 64 bytes");
        v.throwIfAny();
        return List.copyOf(events);
    }
}
