package io.protection.orders.contract.rest;

import io.protection.orders.order.service.RevocationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.common.Ids;
import io.protection.orders.common.idempotency.Idempotency;
import io.protection.orders.order.service.RevocationService.RevocationPage;
import io.protection.orders.order.service.RevocationService.RevocationRequest;
import io.protection.orders.store.CurrentTenant;
import io.smallrye.mutiny.Uni;

/** Revocations: recorded by support (admin), listed by support and by the merchant. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Revocations")
public class RevocationResource {

    @Inject
    RevocationService revocations;

    @Inject
    CurrentTenant tenant;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("admin/contracts/{id}/revocations")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "admin")
    @Operation(summary = "Record a customer's revocation", description = """
            Support records that the customer asked to revoke a live contract (`requestedAt`: when they did, \
            default now). The merchant gets a `protection.revocation_requested` webhook and the order's history \
            an entry; the merchant's refund of the contract closes the revocation. A contract that is not live, \
            or already has an open revocation, is 409 `invalid_transition`.""")
    public Uni<Response> request(@PathParam("id") String id, RevocationRequest request) {
        return idempotency.run(Idempotency.ADMIN, request, () -> revocations
                .request(Ids.pathId(id, "contract"), request, "admin")
                .map(view -> RestResponse.status(RestResponse.Status.CREATED, view)));
    }

    @GET
    @Path("admin/revocations")
    @SecurityRequirement(name = "admin")
    @Operation(summary = "Every store's revocations", description = "Newest first; `status` is `open` or `closed`.")
    public Uni<RevocationPage> all(@QueryParam("status") String status, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return revocations.list(null, status, limit, cursor);
    }

    @GET
    @Path("revocations")
    @Operation(summary = "The store's revocations", description = """
            Newest first; `status` is `open` (the customer is waiting for the refund) or `closed` (refunded). \
            Revocations recorded by support and those the customer made on their contract page are alike.""")
    public Uni<RevocationPage> mine(@QueryParam("status") String status, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return revocations.list(tenant.get().storeId(), status, limit, cursor);
    }
}
