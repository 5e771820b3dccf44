package io.protection.orders.contract;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.idempotency.Idempotency;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import io.protection.orders.common.ProblemException;
import io.protection.orders.contract.RefundService.RefundRequest;
import io.protection.orders.contract.RefundService.RefundView;
import io.protection.orders.store.CurrentTenant;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Merchant API: contracts and refunds. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contracts")
public class ContractResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    RefundService refunds;

    @Inject
    Idempotency idempotency;

    @GET
    @Path("contracts/{id}")
    @WithSession
    @Operation(summary = "Get a contract")
    public Uni<ContractView> get(@PathParam("id") String id) {
        UUID contractId = Ids.pathId(id, "contract");
        return Contract.<Contract> find("id = ?1 and storeId = ?2", contractId, tenant.get().storeId()).firstResult()
                .map(contract -> {
                    if (contract == null) {
                        throw ProblemException.notFound("contract " + id);
                    }
                    return ContractView.of(contract);
                });
    }

    @GET
    @Path("contracts/search")
    @WithSession
    @Operation(summary = "Search contracts", description = "By `orderId` and/or the order's `transactionId`; newest first, paginated like orders.")
    public Uni<ContractView.Page> search(@QueryParam("orderId") String orderId,
            @QueryParam("transactionId") String transactionId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Tenant current = tenant.get();
        int size = Cursor.limit(limit);
        UUID after = Cursor.decode(cursor);
        StringBuilder query = new StringBuilder("storeId = :store");
        Parameters params = Parameters.with("store", current.storeId());
        if (orderId != null && !orderId.isBlank()) {
            query.append(" and orderId = :order");
            params.and("order", Ids.parseOrNull(orderId.trim()));
        }
        if (transactionId != null && !transactionId.isBlank()) {
            query.append(" and orderId in (select o.id from Order o where o.storeId = :store and o.transactionId = :txn)");
            params.and("txn", transactionId.trim());
        }
        if (after != null) {
            query.append(" and id < :after");
            params.and("after", after);
        }
        query.append(" order by id desc");
        return Contract.<Contract> find(query.toString(), params).page(Page.ofSize(size + 1)).list().map(found -> {
            var contracts = found.stream().limit(size).map(ContractView::of).toList();
            String next = found.size() > size ? Cursor.encode(contracts.get(contracts.size() - 1).id()) : null;
            return new ContractView.Page(contracts, next);
        });
    }

    @GET
    @Path("refunds")
    @Operation(summary = "Quote a refund", description = """
            `?contractId=`, or `?lineItemId=&quantity=` (default: every refundable unit). Changes nothing. \\
            `refundable: false` comes with `reason`, the code the refund would fail with \\
            (`refund_window_expired`, `not_refundable`, `quantity_exceeded`, `invalid_transition`).""")
    public Uni<RefundView> quote(@QueryParam("contractId") String contractId, @QueryParam("lineItemId") String lineItemId,
            @QueryParam("transactionId") String transactionId,
            @QueryParam("lineItemTransactionId") String lineItemTransactionId, @QueryParam("quantity") Integer quantity) {
        return refunds.quote(tenant.get(),
                new RefundRequest(contractId, lineItemId, transactionId, lineItemTransactionId, quantity, null));
    }

    @POST
    @Path("refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund", description = """
            Refunds a contract, or `quantity` units of a line (default: every refundable unit); the newest \\
            fulfilled units first. Each unit must be within the store's refund window of its own fulfillment \\
            (else 422 `refund_window_expired`); shipping protection is not refundable once a covered product \\
            has shipped (422 `not_refundable`). The refunded units' contracts become `refunded`. \\
            `?quote=true` only quotes (200). Honours `If-Match`.""")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefundView.class)))
    public Uni<Response> refund(@QueryParam("quote") boolean quoteOnly, @HeaderParam("If-Match") String ifMatch,
            RefundRequest request) {
        Tenant current = tenant.get();
        if (quoteOnly) {
            return idempotency.run(current.storeId().toString(), request,
                    () -> refunds.quote(current, request).map(RestResponse::ok));
        }
        return idempotency.run(current.storeId().toString(), request, () -> refunds.refund(current, request, ifMatch)
                .map(view -> RestResponse.status(RestResponse.Status.CREATED, view)));
    }
}
