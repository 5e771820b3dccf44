package io.protection.orders.order.service;

import io.protection.orders.order.Order;
import io.protection.orders.order.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.hibernate.reactive.mutiny.Mutiny;

import io.protection.orders.common.outbox.MessageRepository;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.contract.RevocationRepository;
import io.protection.orders.common.outbox.Outbox.Message;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.ContractView;
import io.protection.orders.contract.Lead;
import io.protection.orders.contract.LeadView;
import io.protection.orders.contract.Refund;
import io.protection.orders.order.service.OrderViews.OrderView;
import io.smallrye.mutiny.Uni;

/**
 * What one change of an order tells the world (domain rule 9): a webhook message per event
 * ({@code order.created}, {@code order.status_changed}, {@code contract.created},
 * {@code contract.refunded}, {@code contract.voided}, {@code lead.created}), and one customer email
 * per kind of contract change, listing every contract it concerns. No email for an {@code isTest}
 * order or a historical import.
 *
 * @param before the order's status before the change; null for a new order
 * @param contractIds the ids of every contract of the order after the change, by line, oldest first (for the
 *        order's view)
 * @param mail whether the customer may be emailed (false for historical imports)
 */
public record OrderNotices(Order order, OrderStatus before, Map<UUID, List<UUID>> contractIds, List<Contract> created,
        List<Contract> refunded, List<Contract> voided, List<Lead> leads, boolean mail) {

    public static final String CONTRACT_CREATED_EMAIL = Outbox.EMAIL + "contract_created";
    public static final String CONTRACT_REFUNDED_EMAIL = Outbox.EMAIL + "contract_refunded";
    public static final String CONTRACT_VOIDED_EMAIL = Outbox.EMAIL + "contract_voided";

    /**
     * What a change tells, read off the entities it persists: the contracts and leads among them are
     * new, and the contracts its refunds name were refunded.
     */
    public static OrderNotices of(Order order, OrderStatus before, List<Contract> contracts, List<Object> entities,
            boolean mail) {
        Set<UUID> refundedIds = new HashSet<>();
        entities.stream().filter(Refund.class::isInstance).forEach(r -> refundedIds.addAll(((Refund) r).contractIds.ids()));
        return new OrderNotices(order, before, OrderViews.contractIds(order, contracts),
                entities.stream().filter(Contract.class::isInstance).map(Contract.class::cast).toList(),
                contracts.stream().filter(c -> refundedIds.contains(c.id)).toList(), List.of(),
                entities.stream().filter(Lead.class::isInstance).map(Lead.class::cast).toList(), mail);
    }

    /** A change that made or ended no contract and no lead: at most a status change. */
    public static OrderNotices statusOf(Order order, OrderStatus before, List<Contract> contracts) {
        return new OrderNotices(order, before, OrderViews.contractIds(order, contracts), List.of(), List.of(),
                List.of(), List.of(), true);
    }

    /** The order as its GET answers it after the change. */
    public OrderView view() {
        return OrderView.of(order, contractIds);
    }

    public List<Message> messages(Outbox outbox) {
        List<Message> messages = new ArrayList<>();
        if (before == null || before != order.status) {
            messages.add(outbox.message(order.storeId, before == null ? "order.created" : "order.status_changed",
                    view()));
        }
        created.forEach(c -> messages.add(outbox.message(order.storeId, "contract.created", ContractView.of(c))));
        refunded.forEach(c -> messages.add(outbox.message(order.storeId, "contract.refunded", ContractView.of(c))));
        voided.forEach(c -> messages.add(outbox.message(order.storeId, "contract.voided", ContractView.of(c))));
        leads.forEach(l -> messages.add(outbox.message(order.storeId, "lead.created", LeadView.of(l, l.createdAt))));
        if (mail && !order.isTest) {
            email(outbox, CONTRACT_CREATED_EMAIL, created, messages);
            email(outbox, CONTRACT_REFUNDED_EMAIL, refunded, messages);
            email(outbox, CONTRACT_VOIDED_EMAIL, voided, messages);
        }
        return messages;
    }

    private void email(Outbox outbox, String type, List<Contract> about, List<Message> messages) {
        if (!about.isEmpty()) {
            messages.add(outbox.message(order.storeId, type, new ContractEmail(order.id, about.stream().map(c -> c.id).toList())));
        }
    }

    /** The data of an email message: the contracts to name; the rest is read when it is sent. */
    public record ContractEmail(UUID orderId, List<UUID> contractIds) {
    }

    /**
     * Writes the messages in the session's transaction and closes the open revocations of the refunded
     * contracts (the merchant's refund answers them), each with a history entry; one statement each.
     */
    public Uni<Void> write(Outbox outbox, String actor, Instant now) {
        return MessageRepository.session().chain(session -> write(outbox, session, actor, now));
    }

    /** {@link #write(Outbox, String, Instant)} in a session of the caller's (a stateless one, say). */
    public Uni<Void> write(Outbox outbox, Mutiny.QueryProducer session, String actor, Instant now) {
        Uni<Void> written = MessageRepository.write(session, messages(outbox), now);
        return refunded.isEmpty() ? written : written.chain(() -> RevocationRepository.closeRefunded(session,
                order.storeId, refunded.stream().map(c -> c.id).toList(), actor, now));
    }
}
