package io.protection.orders.order.service;

import io.protection.orders.contract.ContractRepository;
import io.protection.orders.order.OrderRepository;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.Refund;
import io.protection.orders.contract.RefundPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.protection.orders.common.Ids;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.Violations;
import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.OrderRepository.LineRef;
import io.protection.orders.order.TransitionException;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** Refund quotes and refunds of line-item units and their contracts. */
@ApplicationScoped
public class RefundService {

    @Inject
    Clock clock;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    Outbox outbox;

    @Inject
    OrderRepository orders;

    @Inject
    ContractRepository contracts;

    /**
     * What to refund: a contract, or units of a line (by id, or by its order's and its own transaction
     * ids); {@code quantity} defaults to every refundable unit.
     */
    public record RefundRequest(String contractId, String lineItemId, String transactionId,
            String lineItemTransactionId, Integer quantity, String reason) {
    }

    /**
     * A refund or a refund quote. {@code refundAmounts.customer} repeats {@code amount}: what the
     * customer gets back (Extend's clients read it).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RefundView(UUID id, String status, boolean refundable, long amount, String currency,
            Integer quantity, UUID orderId, UUID lineItemId, List<UUID> contractIds, String reason, Instant createdAt) {

        public RefundAmounts getRefundAmounts() {
            return new RefundAmounts(amount);
        }
    }

    @RegisterForReflection
    public record RefundAmounts(long customer) {
    }

    /** A quote: what the refund would pay now, or why it can't be made (the error code). Changes nothing. */
    public Uni<RefundView> quote(Tenant tenant, RefundRequest request) {
        Instant now = clock.instant();
        validate(request);
        return Panache.withSession(() -> target(tenant, request).chain(target -> load(tenant, target)
                .map(loaded -> {
                    try {
                        RefundPlan plan = plan(tenant, loaded, target, request.quantity(), now);
                        return new RefundView(null, "refund_quoted", true, plan.amount(), loaded.order.currency,
                                plan.units(), loaded.order.id, plan.line().id, ids(plan.contracts()), null, null);
                    } catch (TransitionException e) {
                        return new RefundView(null, "refund_denied", false, 0, loaded.order.currency, null,
                                loaded.order.id, target.ref.lineId(), List.of(), e.code(), null);
                    }
                })));
    }

    /** Refunds in one transaction: the line's units, their fulfillments, their contracts, and the history. */
    public Uni<RefundView> refund(Tenant tenant, RefundRequest request, String ifMatch) {
        Instant now = clock.instant();
        validate(request);
        return Panache.withTransaction(() -> target(tenant, request).chain(target -> lifecycle
                .lock(tenant.storeId(), target.ref.orderId(), ifMatch)
                .chain(locked -> orders.fulfillmentsOf(List.of(target.ref.lineId()))
                        .map(fulfillments -> new Loaded(locked.order(), locked.contracts(), fulfillments)))
                .chain(loaded -> {
                    RefundPlan plan = plan(tenant, loaded, target, request.quantity(), now);
                    OrderStatus before = loaded.order.status;
                    Applied applied = apply(tenant, loaded.order, plan, request.reason(), now);
                    Refund refund = applied.refund();
                    OrderNotices notices = new OrderNotices(loaded.order, before,
                            OrderViews.contractIds(loaded.order, loaded.contracts), List.of(),
                            applied.contracts(), List.of(), List.of(), true);
                    return orders.save(List.of(refund, applied.event()))
                            .chain(() -> notices.write(outbox, tenant.actor(), now))
                            .map(ignored -> new RefundView(refund.id, "refund_paid", true, refund.amount,
                                    refund.currency, refund.quantity, refund.orderId, refund.lineItemId,
                                    refund.contractIds.ids(), refund.reason, refund.createdAt));
                })));
    }

    /**
     * Applies a planned refund to the loaded order, its fulfillments and contracts, and appends the
     * history event. The refund and the event are for the caller to persist.
     */
    public Applied apply(Tenant tenant, Order order, RefundPlan plan, String reason, Instant now) {
        order.refund(plan.line(), plan.units());
        order.updatedAt = now;
        plan.allocation().forEach((f, units) -> f.refundedQuantity += units);
        for (Contract contract : plan.contracts()) {
            contract.status = Contract.Status.REFUNDED;
            contract.updatedAt = now;
        }
        return withEvent(tenant, order,
                newRefund(tenant, order, plan.line(), plan.units(), plan.amount(), plan.contracts(), reason, now),
                plan.contracts(), now);
    }

    /**
     * Refunds the protection of a line whose product stays sold (its plan was dropped): its live
     * contracts, each within the refund window of its unit's fulfillment. Null when there was nothing
     * to refund.
     */
    public Applied refundProtection(Tenant tenant, Order order, LineItem line, List<Contract> contracts, String reason,
            Instant now) {
        List<Contract> live = contracts.stream()
                .filter(c -> c.lineItemId.equals(line.id) && c.status == Contract.Status.LIVE).toList();
        if (live.isEmpty()) {
            return null;
        }
        for (Contract contract : live) {
            if (now.isAfter(contract.termStart.plus(tenant.refundWindow()))) {
                throw new TransitionException.RefundWindowExpired("Contract " + contract.id + " was refundable until "
                        + contract.termStart.plus(tenant.refundWindow()));
            }
            contract.status = Contract.Status.REFUNDED;
            contract.updatedAt = now;
        }
        long amount = live.stream().mapToLong(c -> c.purchasePrice).sum();
        return withEvent(tenant, order, newRefund(tenant, order, line, live.size(), amount, live, reason, now), live, now);
    }

    /** A refund made, with its history event (both for the caller to persist) and the contracts it refunded. */
    public record Applied(Refund refund, OrderEvent event, List<Contract> contracts) {
    }

    private static Applied withEvent(Tenant tenant, Order order, Refund refund, List<Contract> contracts, Instant now) {
        return new Applied(refund, OrderEvent.of(order, "refunded", tenant.actor(), refund.reason, Map.of("refundId",
                refund.id.toString(), "lineItemId", refund.lineItemId.toString(), "quantity", refund.quantity, "amount",
                refund.amount, "contractIds", refund.contractIds.ids().stream().map(UUID::toString).toList()), now),
                contracts);
    }

    private record Target(LineRef ref, Contract contract) {
    }

    private record Loaded(Order order, List<Contract> contracts, List<Fulfillment> fulfillments) {
    }

    private static RefundPlan plan(Tenant tenant, Loaded loaded, Target target, Integer quantity, Instant now) {
        LineItem line = loaded.order.line(target.ref.lineId());
        Contract contract = target.contract == null ? null
                : loaded.contracts.stream().filter(c -> c.id.equals(target.contract.id)).findFirst().orElseThrow();
        return RefundPlan.of(loaded.order, line, loaded.fulfillments, loaded.contracts, contract, quantity,
                tenant.refundWindow(), now);
    }

    private Uni<Target> target(Tenant tenant, RefundRequest request) {
        if (request.contractId() != null) {
            UUID id = Ids.parseOrNull(request.contractId());
            Uni<Contract> contract = id == null ? Uni.createFrom().nullItem()
                    : contracts.findInStore(tenant.storeId(), id);
            return contract.onItem().ifNull().failWith(() -> ProblemException.notFound("contract " + request.contractId()))
                    .map(c -> new Target(new LineRef(c.orderId, c.lineItemId), c));
        }
        return lifecycle.findLine(tenant.storeId(), request.lineItemId(), request.transactionId(),
                request.lineItemTransactionId()).map(ref -> new Target(ref, null));
    }

    private Uni<Loaded> load(Tenant tenant, Target target) {
        return orders.findWithLines(tenant.storeId(), target.ref.orderId())
                .chain(order -> contracts.listByOrder(order.id)
                        .chain(found -> orders.fulfillmentsOf(List.of(target.ref.lineId()))
                                .map(fulfillments -> new Loaded(order, found, fulfillments))));
    }

    private static void validate(RefundRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Violations v = new Violations();
        v.check(request.contractId() != null || request.lineItemId() != null || request.lineItemTransactionId() != null,
                "contractId", "is required (or send lineItemId, or lineItemTransactionId with or without transactionId)");
        v.check(request.quantity() == null || request.quantity() >= 1, "quantity", "must be at least 1");
        v.text(request.reason(), "reason", 500);
        v.throwIfAny();
    }

    private static Refund newRefund(Tenant tenant, Order order, LineItem line, int units, long amount,
            List<Contract> contracts, String reason, Instant now) {
        Refund refund = new Refund();
        refund.id = Ids.next();
        refund.storeId = order.storeId;
        refund.orderId = order.id;
        refund.lineItemId = line.id;
        refund.quantity = units;
        refund.amount = amount;
        refund.currency = order.currency;
        refund.reason = reason;
        refund.contractIds = new Refund.ContractIds(ids(contracts));
        refund.actor = tenant.actor();
        refund.createdAt = now;
        return refund;
    }

    private static List<UUID> ids(List<Contract> contracts) {
        return new ArrayList<>(contracts.stream().map(c -> c.id).toList());
    }
}
