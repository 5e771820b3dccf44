package io.protection.orders.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.micrometer.core.instrument.MeterRegistry;
import io.protection.orders.catalog.CatalogService;
import io.protection.orders.catalog.ShippingQuote;
import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.catalog.Plan;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.ContractIssuer;
import io.protection.orders.contract.Lead;
import io.protection.orders.order.LineClassifier.Decision;
import io.protection.orders.order.OrderViews.LineItemPage;
import io.protection.orders.order.OrderViews.LineItemView;
import io.protection.orders.order.OrderViews.OrderPage;
import io.protection.orders.order.OrderViews.OrderView;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Creates orders (categorising and validating their lines) and reads them back. */
@ApplicationScoped
public class OrderService {

    private static final String UNIQUE_TRANSACTION = "orders_transaction_uq";

    @Inject
    Clock clock;

    @Inject
    ProtectionConfig config;

    @Inject
    CatalogService catalogService;

    @Inject
    MeterRegistry metrics;

    @Inject
    Outbox outbox;

    /**
     * Creates an order in one transaction: the order, its lines, its leads, the fulfillments of lines
     * that arrive fulfilled, and the consumption of the leads and quotes it uses.
     */
    public Uni<OrderView> create(Tenant tenant, OrderInput.Order sent) {
        Instant now = clock.instant();
        OrderInput.Order input = ClientHabits.normalize(sent);
        String currency = OrderValidator.validate(input, now);
        // An expected duplicate is told by a read of the unique (store_id, transaction_id) index, so it never
        // reaches PostgreSQL's error log; two creates racing past that read still meet the unique constraint,
        // which the caller answers with duplicate() once the aborted transaction has rolled back.
        return Panache.withTransaction(() -> existingOrderId(tenant.storeId(), input.transactionId())
                .chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.duplicateTransaction(input.transactionId(), existing);
                    }
                    return insert(tenant, input, currency, now, false);
                })).invoke(this::count);
    }

    private static Uni<UUID> existingOrderId(UUID storeId, String transactionId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select o.id from Order o where o.storeId = ?1 and o.transactionId = ?2", UUID.class)
                .setParameter(1, storeId).setParameter(2, transactionId).getSingleResultOrNull());
    }

    /**
     * The 409 {@code duplicate_transaction} answer to a create that failed on {@link #violatesUniqueTransaction}.
     * It reads in a session of its own, so it must run after the failed transaction (and any transaction
     * around it, such as an idempotency record's) has ended.
     */
    public <T> Uni<T> duplicate(UUID storeId, String transactionId) {
        return Panache.withSession(() -> Order.<Order> find("storeId = ?1 and transactionId = ?2", storeId,
                transactionId).firstResult())
                .map(existing -> {
                    throw ProblemException.duplicateTransaction(transactionId, existing == null ? null : existing.id);
                });
    }

    @WithSession
    public Uni<OrderView> get(UUID storeId, UUID orderId) {
        return Order.<Order> list("from Order o left join fetch o.lineItems where o.id = ?1 and o.storeId = ?2",
                orderId, storeId)
                .chain(found -> {
                    if (found.isEmpty()) {
                        throw ProblemException.notFound("order " + orderId);
                    }
                    return withContracts(found);
                })
                .map(views -> views.get(0));
    }

    /** Orders of a store, newest first, one keyset page at a time. */
    @WithSession
    public Uni<OrderPage> search(UUID storeId, OrderSearch search) {
        StringBuilder query = new StringBuilder("storeId = :store");
        Parameters params = Parameters.with("store", storeId);
        if (search.transactionId() != null) {
            query.append(" and transactionId = :transactionId");
            params.and("transactionId", search.transactionId());
        }
        if (search.customerEmail() != null) {
            query.append(" and customerEmail = :email");
            params.and("email", search.customerEmail().trim().toLowerCase(Locale.ROOT));
        }
        if (search.customerPhone() != null) {
            query.append(" and customerPhone = :phone");
            params.and("phone", search.customerPhone().trim());
        }
        if (search.status() != null) {
            query.append(" and status = :status");
            params.and("status", search.status());
        }
        if (search.after() != null) {
            query.append(" and id < :after");
            params.and("after", search.after());
        }
        query.append(" order by id desc");
        return Order.<Order> find(query.toString(), params).page(Page.ofSize(search.limit() + 1)).list()
                .chain(page -> {
                    List<UUID> ids = page.stream().limit(search.limit()).map(o -> o.id).toList();
                    String next = page.size() > search.limit() ? Cursor.encode(ids.get(ids.size() - 1)) : null;
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(new OrderPage(List.of(), null));
                    }
                    return Order.<Order> list("select distinct o from Order o left join fetch o.lineItems where o.id in ?1",
                            ids).chain(orders -> withContracts(orders.stream()
                                    .sorted(Comparator.comparing((Order o) -> o.id).reversed()).toList()))
                            .map(views -> new OrderPage(views, next));
                });
    }

    /** Line items of a store, newest first, one keyset page at a time. */
    @WithSession
    public Uni<LineItemPage> searchLineItems(UUID storeId, String transactionId, String lineItemTransactionId,
            UUID after, int limit) {
        StringBuilder query = new StringBuilder("from LineItem l join fetch l.order o where l.storeId = :store");
        Parameters params = Parameters.with("store", storeId);
        if (transactionId != null) {
            query.append(" and o.transactionId = :transactionId");
            params.and("transactionId", transactionId);
        }
        if (lineItemTransactionId != null) {
            query.append(" and l.lineItemTransactionId = :lineItemTransactionId");
            params.and("lineItemTransactionId", lineItemTransactionId);
        }
        if (after != null) {
            query.append(" and l.id < :after");
            params.and("after", after);
        }
        query.append(" order by l.id desc");
        return LineItem.<LineItem> find(query.toString(), params).page(Page.ofSize(limit + 1)).list()
                .chain(found -> {
                    List<LineItem> lines = found.stream().limit(limit).toList();
                    String next = found.size() > limit ? Cursor.encode(lines.get(lines.size() - 1).id) : null;
                    if (lines.isEmpty()) {
                        return Uni.createFrom().item(new LineItemPage(List.of(), null));
                    }
                    return Contract.<Contract> list("lineItemId in ?1", lines.stream().map(l -> l.id).toList())
                            .map(contracts -> new LineItemPage(lines.stream().map(l -> LineItemView.of(l.order, l,
                                    contracts.stream().filter(c -> c.lineItemId.equals(l.id)).map(c -> c.id).toList()))
                                    .toList(), next));
                });
    }

    /** The history of an order, oldest first. */
    @WithSession
    public Uni<List<OrderEvent>> history(UUID storeId, UUID orderId) {
        return Order.count("id = ?1 and storeId = ?2", orderId, storeId).chain(found -> {
            if (found == 0) {
                throw ProblemException.notFound("order " + orderId);
            }
            return OrderEvent.<OrderEvent> list("orderId = ?1 order by id", orderId);
        });
    }

    /** Views of loaded orders with their contract ids: one query for all of them. */
    static Uni<List<OrderView>> withContracts(List<Order> orders) {
        return Contract.<Contract> list("orderId in ?1", orders.stream().map(o -> o.id).toList())
                .map(contracts -> orders.stream().map(o -> OrderView.of(o, contracts)).toList());
    }

    public Uni<OrderView> insert(Tenant tenant, OrderInput.Order input, String currency, Instant now, boolean historical) {
        Order order = newOrder(tenant, input, currency, now, historical);
        return addLines(tenant, order, input.lineItems(), LineClassifier.categoryProductIds(input.lineItems()),
                order.isPending(now), now)
                .chain(added -> {
                    order.initStatus(now);
                    OrderEvent created = OrderEvent.of(order, "created", tenant.actor(), null, Map.of("status",
                            order.status.wire(), "lineItems", order.lineItems.size(), "contracts", added.contracts().size()),
                            now);
                    OrderNotices notices = new OrderNotices(order, null, added.contracts(), added.contracts(), List.of(),
                            List.of(), added.leads(), !historical);
                    return order.persist()
                            .chain(() -> persistAll(added.entities()))
                            .chain(created::persist)
                            .chain(() -> Panache.flush())
                            .chain(() -> notices.write(outbox, tenant.actor(), now))
                            .map(ignored -> OrderView.of(order, added.contracts()));
                });
    }

    /** What adding lines made: entities to persist (the lines, leads, fulfillments, contracts) and the contracts. */
    public record Added(List<Object> entities, List<Contract> contracts) {

        public List<Lead> leads() {
            return entities.stream().filter(Lead.class::isInstance).map(Lead.class::cast).toList();
        }
    }

    /**
     * Classifies new lines against the store's catalog and the leads and quotes they name (locked for
     * this transaction), adds them to the order, and creates their leads, the fulfillments of units that
     * arrive fulfilled and, unless the order waits, those units' contracts.
     */
    public Uni<Added> addLines(Tenant tenant, Order order, List<OrderInput.LineItem> lines, Set<String> categoryProducts,
            boolean pending, Instant now) {
        Set<String> planIds = lines.stream().filter(l -> l.plan() != null).map(l -> l.plan().id())
                .collect(Collectors.toSet());
        return catalogService.load(tenant.storeId(), planIds)
                .chain(catalog -> lockLeads(tenant.storeId(), lines).chain(leads -> lockQuotes(tenant.storeId(), lines)
                        .map(quotes -> {
                    LineClassifier.Result result = new LineClassifier(tenant.storeId(), order.currency, catalog, leads,
                            quotes, now).classify(lines, categoryProducts);
                    List<Object> entities = new ArrayList<>();
                    List<Contract> contracts = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        OrderInput.LineItem in = lines.get(i);
                        Decision decision = result.decisions().get(i);
                        LineItem line = newLine(tenant.storeId(), in, decision, pending);
                        order.addLineItem(line);
                        entities.add(line);
                        if (line.type == LineItemType.LEAD && !decision.failed()) {
                            entities.add(newLead(order, line, now));
                        }
                        if (line.fulfilledQuantity > 0) {
                            Fulfillment f = Fulfillment.of(line, line.fulfilledQuantity, StatedDates.fulfillment(
                                    in.fulfilledAt(), order.statedPlacement(), now, fulfilledAtField(in)), now);
                            entities.add(f);
                            if (!pending) {
                                Plan plan = line.planId == null ? null : catalog.plan(line.planId);
                                contracts.addAll(ContractIssuer.issue(order, line, f, false,
                                        plan == null ? null : plan.termMonths, config.shippingProtectionTerm(), now));
                            }
                        }
                    }
                    result.leadUnits().forEach((token, units) -> leads.get(token).quantityConsumed += units);
                    result.usedQuotes().forEach(quoteId -> quotes.get(quoteId).orderId = order.id);
                    entities.addAll(contracts);
                    return new Added(entities, contracts);
                })));
    }

    /** The field of a line's stated fulfillment date, named by the line's transaction id. */
    static String fulfilledAtField(OrderInput.LineItem line) {
        return "lineItems." + line.lineItemTransactionId() + ".fulfilledAt";
    }

    public static Uni<Void> persistAll(List<?> entities) {
        return entities.isEmpty() ? Uni.createFrom().voidItem() : Panache.getSession().chain(s -> s.persistAll(entities.toArray()));
    }

    private Order newOrder(Tenant tenant, OrderInput.Order input, String currency, Instant now, boolean historical) {
        Order order = new Order();
        order.id = Ids.next();
        order.storeId = tenant.storeId();
        order.transactionId = input.transactionId();
        order.currency = currency;
        order.createdAt = input.createdAt() != null ? input.createdAt().truncatedTo(ChronoUnit.MICROS) : now;
        order.createdAtStated = input.createdAt() != null;
        // A historical import records past orders: they don't wait.
        Duration wait = historical ? Duration.ZERO : input.waitPeriod() != null ? input.waitPeriod() : tenant.waitPeriod();
        order.waitPeriodSeconds = wait.toSeconds();
        order.openAt = order.createdAt.plus(wait);
        order.applyDetails(input);
        order.insertedAt = now;
        order.updatedAt = now;
        return order;
    }

    private static LineItem newLine(UUID storeId, OrderInput.LineItem in, Decision decision, boolean pending) {
        LineItem line = new LineItem();
        line.id = Ids.next();
        line.storeId = storeId;
        line.lineItemTransactionId = in.lineItemTransactionId();
        line.type = decision.type();
        line.failureReason = decision.failureReason();
        line.quantity = in.quantity() == null ? 1 : in.quantity();
        line.fulfilledQuantity = in.fulfilledQuantity() == null ? 0 : in.fulfilledQuantity();
        line.product = decision.product();
        line.productId = decision.product() == null ? null : decision.product().id();
        if (in.plan() != null) {
            line.planId = in.plan().id();
            line.planPurchasePrice = in.plan().purchasePrice();
        }
        line.leadToken = in.leadToken();
        line.quoteId = in.quoteId();
        line.premium = decision.premium() != null ? decision.premium() : in.premium();
        line.details = new LineItem.Details(in.products(), in.shipmentInfo());
        line.discountAmount = in.discountAmount();
        line.taxCost = in.taxCost();
        line.status = initialStatus(line, decision, pending);
        return line;
    }

    /** The status of a new line: see "Line-item statuses and transitions" in the README. */
    static LineItemStatus initialStatus(LineItem line, Decision decision, boolean pending) {
        if (decision.failed()) {
            // Extend: protection bought on a lead that can't be honoured is "the attempt to create a lead
            // contract failed", whatever the reason (the lead's, or the plan's).
            return line.leadToken != null ? LineItemStatus.LEAD_FAILED : decision.type().failedStatus();
        }
        if (pending) {
            return decision.type().carriesContract() ? LineItemStatus.CONTRACT_PENDING : LineItemStatus.PENDING;
        }
        return line.fulfilledQuantity == line.quantity ? LineItemStatus.FULFILLED : LineItemStatus.UNFULFILLED;
    }

    private Lead newLead(Order order, LineItem line, Instant now) {
        Lead lead = new Lead();
        lead.token = Lead.newToken();
        lead.storeId = order.storeId;
        lead.orderId = order.id;
        lead.lineItemId = line.id;
        lead.productId = line.productId;
        lead.product = line.product;
        lead.currency = order.currency;
        lead.quantity = line.quantity;
        lead.createdAt = now;
        lead.expiresAt = now.plus(config.leadTtl());
        line.leadToken = lead.token;
        return lead;
    }

    /** The store's leads the lines name, locked; another store's token locks nothing and is not found. */
    private static Uni<Map<String, Lead>> lockLeads(UUID storeId, List<OrderInput.LineItem> lines) {
        List<String> tokens = lines.stream().map(OrderInput.LineItem::leadToken).filter(Objects::nonNull)
                .distinct().toList();
        if (tokens.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Lead.<Lead> find("token in ?1 and storeId = ?2", tokens, storeId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .list()
                .map(leads -> leads.stream().collect(Collectors.toMap(l -> l.token, Function.identity())));
    }

    /** The store's quotes the order names, locked, keyed by the id exactly as each line wrote it. */
    private static Uni<Map<String, ShippingQuote>> lockQuotes(UUID storeId, List<OrderInput.LineItem> lines) {
        Map<UUID, List<String>> spellings = new HashMap<>();
        lines.stream().map(OrderInput.LineItem::quoteId).filter(Objects::nonNull).forEach(raw -> {
            UUID id = Ids.parseOrNull(raw.trim());
            if (id != null) {
                spellings.computeIfAbsent(id, k -> new ArrayList<>()).add(raw);
            }
        });
        if (spellings.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return ShippingQuote.<ShippingQuote> find("id in ?1 and storeId = ?2", spellings.keySet(), storeId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .map(quotes -> {
                    Map<String, ShippingQuote> byRaw = new HashMap<>();
                    quotes.forEach(q -> spellings.get(q.id).forEach(raw -> byRaw.put(raw, q)));
                    return byRaw;
                });
    }

    /** Whether a failure is the insert of a transactionId the store already has. */
    public static boolean violatesUniqueTransaction(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(UNIQUE_TRANSACTION)) {
                return true;
            }
        }
        return false;
    }

    private void count(OrderView order) {
        metrics.counter("protection.orders.created", "status", order.status()).increment();
        for (LineItemView line : order.lineItems()) {
            metrics.counter("protection.line_items.created", "type", line.type(), "status", line.status()).increment();
        }
    }

    /** Criteria of {@code GET /orders/search}; {@code after} is the decoded cursor. */
    public record OrderSearch(String transactionId, String customerEmail, String customerPhone, OrderStatus status,
            UUID after, int limit) {
    }
}
