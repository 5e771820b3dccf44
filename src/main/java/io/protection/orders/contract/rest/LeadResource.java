package io.protection.orders.contract.rest;

import io.protection.orders.common.db.ReadOnlySession;
import io.protection.orders.contract.LeadView;
import io.protection.orders.contract.LeadRepository;
import io.protection.orders.contract.LeadView;
import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.protection.orders.common.ProblemException;
import io.protection.orders.store.CurrentTenant;
import io.smallrye.mutiny.Uni;

/** Merchant API: leads. */
@Path("/leads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leads")
public class LeadResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    Clock clock;

    @Inject
    LeadRepository leads;

    @GET
    @Path("/{leadToken}")
    @ReadOnlySession
    @Operation(summary = "Get a lead", description = """
            `status` is `consumed` once every unit was protected by a later order, `expired` after `expiresAt`, \
            `live` otherwise. `expirationDate` is `expiresAt` in epoch milliseconds.""")
    public Uni<LeadView> get(@PathParam("leadToken") String token) {
        var storeId = tenant.get().storeId();
        return leads.findByToken(storeId, token).map(lead -> {
            if (lead == null) {
                throw ProblemException.notFound("lead " + token);
            }
            return LeadView.of(lead, clock.instant());
        });
    }
}
