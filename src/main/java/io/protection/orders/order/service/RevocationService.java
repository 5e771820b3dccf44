package io.protection.orders.order.service;

import io.protection.orders.common.db.ReadOnlySession;
import io.protection.orders.common.outbox.MessageRepository;
import io.protection.orders.contract.RevocationRepository;
import io.protection.orders.contract.ContractRepository;
import io.protection.orders.order.OrderRepository;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.Revocation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.Violations;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.order.StatedDates;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Revocations (domain rule 9): support records a customer's request to revoke a live contract; the
 * merchant hears of it by a {@code protection.revocation_requested} webhook, and its refund of that
 * contract closes it ({@code OrderNotices} does, in the refund's transaction).
 */
@ApplicationScoped
public class RevocationService {

    public static final String REQUESTED = "protection.revocation_requested";

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    MessageRepository messages;

    @Inject
    OrderRepository orders;

    @Inject
    ContractRepository contracts;

    @Inject
    RevocationRepository revocations;

    public record RevocationRequest(String reason, Instant requestedAt) {
    }

    @RegisterForReflection
    public record RevocationView(UUID id, UUID storeId, UUID contractId, UUID orderId, String status, String reason,
            Instant requestedAt, Instant createdAt, Instant closedAt) {

        static RevocationView of(Revocation r) {
            return new RevocationView(r.id, r.storeId, r.contractId, r.orderId, r.status, r.reason, r.requestedAt,
                    r.createdAt, r.closedAt);
        }
    }

    @RegisterForReflection
    public record RevocationPage(List<RevocationView> revocations, String nextCursor) {
    }

    /**
     * Records a revocation of a live contract, with its history entry and webhook message, in one
     * transaction. A contract that is not live, or has an open revocation already, is 409.
     */
    public Uni<RevocationView> request(UUID contractId, RevocationRequest request, String actor) {
        return request(contractId, request, actor, null);
    }

    /**
     * As {@link #request(UUID, RevocationRequest, String)}, and only until {@code revocableUntil} (when not
     * null): checked under the contract's lock, so a submission that waited for it past the period is 409.
     */
    public Uni<RevocationView> request(UUID contractId, RevocationRequest request, String actor, Instant revocableUntil) {
        Instant now = clock.instant();
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Violations v = new Violations();
        if (v.required(request.reason(), "reason")) {
            v.text(request.reason(), "reason", 1000);
        }
        v.check(!StatedDates.inFuture(request.requestedAt(), now), "requestedAt", "must not be in the future");
        v.throwIfAny();
        return Panache.withTransaction(() -> contracts.lockForChange(contractId)
                .chain(contract -> {
                    if (contract == null) {
                        throw ProblemException.notFound("contract " + contractId);
                    }
                    if (contract.status != Contract.Status.LIVE) {
                        throw ProblemException.conflict("invalid_transition", "Contract " + contractId + " is "
                                + contract.status.wire() + ": there is nothing to revoke");
                    }
                    if (revocableUntil != null && clock.instant().isAfter(revocableUntil)) {
                        throw ProblemException.conflict("invalid_transition", "Contract " + contractId
                                + " could be revoked until " + revocableUntil);
                    }
                    return revocations.findOpen(contractId)
                            .chain(open -> {
                                if (open != null) {
                                    throw ProblemException.conflict("invalid_transition", "Contract " + contractId
                                            + " has an open revocation already: " + open.id);
                                }
                                return record(contract, request, actor, now);
                            });
                }));
    }

    private Uni<RevocationView> record(Contract contract, RevocationRequest request, String actor, Instant now) {
        Revocation revocation = new Revocation();
        revocation.id = Ids.next();
        revocation.storeId = contract.storeId;
        revocation.contractId = contract.id;
        revocation.orderId = contract.orderId;
        revocation.status = Revocation.Status.OPEN.wire();
        revocation.reason = request.reason().trim();
        revocation.requestedAt = request.requestedAt() != null ? request.requestedAt().truncatedTo(ChronoUnit.MICROS)
                : now;
        revocation.createdAt = now;
        RevocationView view = RevocationView.of(revocation);
        OrderEvent event = OrderEvent.of(contract.storeId, contract.orderId, "revocation_requested", actor,
                revocation.reason, Map.of("revocationId", revocation.id.toString(), "contractId", contract.id.toString()),
                now);
        return orders.save(List.of(revocation, event))
                .chain(() -> messages.write(List.of(outbox.message(contract.storeId, REQUESTED, view)), now))
                .replaceWith(view);
    }

    /** Revocations, newest first; of one store, or of every store when {@code storeId} is null. */
    @ReadOnlySession
    public Uni<RevocationPage> list(UUID storeId, String status, String limit, String cursor) {
        Revocation.Status wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = Revocation.Status.fromWire(status.trim());
            if (wanted == null) {
                throw ProblemException.validation("status", "must be open or closed");
            }
        }
        int size = Cursor.limit(limit);
        UUID after = Cursor.decode(cursor);
        return revocations.search(storeId, wanted, after, size + 1)
                .map(found -> {
                    List<RevocationView> page = found.stream().limit(size).map(RevocationView::of).toList();
                    return new RevocationPage(page,
                            found.size() > size ? Cursor.encode(page.get(page.size() - 1).id()) : null);
                });
    }
}
