package io.protection.orders.store;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.common.Ids;
import io.protection.orders.common.idempotency.Idempotency;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import io.protection.orders.store.StoreDtos.CreateStore;
import io.protection.orders.store.StoreDtos.KeyView;
import io.protection.orders.store.StoreDtos.StoreView;
import io.smallrye.mutiny.Uni;

/** Admin API: stores and their API keys. */
@Path("/admin/stores")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "admin")
public class AdminStoreResource {

    @Inject
    StoreService stores;

    @Inject
    Idempotency idempotency;

    @POST
    @Operation(summary = "Create a store", description = """
            `{name, refundWindow?: "P14D", waitPeriod?: "PT0S", reportingTolerance?: "PT72H", \
            shippingProtectionRate?, shippingProtectionMinimumPremium?, revocationPeriod?: "P14D"}` (durations ISO-8601 or \
            whole seconds). `revocationPeriod` (whole days): how long after its start the customer may revoke a \
            contract on their contract page. `reportingTolerance`: a refund or cancellation the merchant reports in a feed or event is judged at \
            the date it states, but no earlier than this long before the service received it. Returns the store \
            with its first API key. The key is shown only here.""")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoreView.class)))
    public Uni<Response> create(CreateStore request) {
        return idempotency.run(Idempotency.ADMIN, request, () -> stores.create(request).map(store -> RestResponse
                .ResponseBuilder.<StoreView> created(URI.create("/admin/stores/" + store.id())).entity(store).build()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a store with its API keys (never their secrets)")
    public Uni<StoreView> get(@PathParam("id") String id) {
        return stores.get(Ids.pathId(id, "store"));
    }

    @POST
    @Path("/{id}/api-keys")
    @Operation(summary = "Issue another API key for a store", description = "The key is shown only in this response.")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyView.class)))
    public Uni<Response> addKey(@PathParam("id") String id) {
        return idempotency.run(Idempotency.ADMIN, null, () -> stores.addKey(Ids.pathId(id, "store"))
                .map(key -> RestResponse.status(RestResponse.Status.CREATED, key)));
    }

    @DELETE
    @Path("/{id}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key", description = "The key stops working at once.")
    public Uni<Response> revokeKey(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        return idempotency.run(Idempotency.ADMIN, null, () -> stores.revokeKey(Ids.pathId(id, "store"),
                Ids.pathId(keyId, "API key")).map(ignored -> RestResponse.noContent()));
    }
}
