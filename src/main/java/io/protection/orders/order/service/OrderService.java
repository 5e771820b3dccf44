package io.protection.orders.order.service;

import io.protection.orders.common.db.ReadOnlySession;
import io.protection.orders.common.db.Writes;
import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.LineItemType;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderEvent;
import io.protection.orders.order.OrderStatus;
import io.protection.orders.order.StatedDates;
import io.protection.orders.order.ClientHabits;
import io.protection.orders.order.OrderInput;
import io.protection.orders.order.OrderValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.protection.orders.catalog.Catalog;
import io.protection.orders.catalog.CatalogService;
import io.protection.orders.catalog.ShippingQuote;
import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.outbox.MessageRepository;
import io.protection.orders.common.outbox.Outbox;
import io.protection.orders.catalog.Plan;
import io.protection.orders.contract.Contract;
import io.protection.orders.contract.ContractIssuer;
import io.protection.orders.contract.ContractRepository;
import io.protection.orders.contract.LeadRepository;
import io.protection.orders.catalog.ShippingQuoteRepository;
import io.protection.orders.order.OrderRepository;
import io.protection.orders.contract.Lead;
import io.protection.orders.order.service.LineClassifier.Decision;
import io.protection.orders.order.service.OrderViews.LineItemPage;
import io.protection.orders.order.service.OrderViews.LineItemView;
import io.protection.orders.order.service.OrderViews.OrderPage;
import io.protection.orders.order.service.OrderViews.OrderView;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

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

    @Inject
    OrderRepository orders;

    @Inject
    ContractRepository contracts;

    @Inject
    LeadRepository leads;

    @Inject
    ShippingQuoteRepository quotes;

    /**
     * Creates an order in one transaction, on the connection of the caller's ({@code
     * Idempotency.runOnConnection}): the order, its lines, its leads, the fulfillments of lines that
     * arrive fulfilled, and the consumption of the leads and quotes it uses, written together.
     */
    public Uni<OrderView> create(SqlConnection tx, Tenant tenant, OrderInput.Order sent) {
        Instant now = clock.instant();
        OrderInput.Order input = ClientHabits.normalize(sent);
        String currency = OrderValidator.validate(input, now);
        // An expected duplicate is told by a read of the unique (store_id, transaction_id) index, so it never
        // reaches PostgreSQL's error log; two creates racing past that read still meet the unique constraint,
        // which the caller answers with duplicate() once the aborted transaction has rolled back.
        return orders.findIdByTransactionId(tx, tenant.storeId(), input.transactionId()).chain(existing -> {
            if (existing != null) {
                throw ProblemException.duplicateTransaction(input.transactionId(), existing);
            }
            Order order = newOrder(tenant, input, currency, now, false);
            Set<String> planIds = planIds(input.lineItems());
            UUID storeId = tenant.storeId();
            return catalogService.load(storeId, planIds)
                    .chain(catalog -> lockLeads(input.lineItems(), tokens -> LeadRepository.lockForOrder(tx, storeId, tokens))
                            .chain(leadsByToken -> lockQuotes(input.lineItems(),
                                    ids -> ShippingQuoteRepository.lockForOrder(tx, storeId, ids))
                                    .map(quotesById -> add(tenant, order, input.lineItems(),
                                            OrderInput.categoryProductIds(input.lineItems()), order.isPending(now), now,
                                            catalog, leadsByToken, quotesById))))
                    .chain(added -> {
                        Created created = created(tenant, order, added, false, now);
                        Writes writes = new Writes();
                        orders.insertNew(writes, order, added.of(Fulfillment.class), created.event());
                        LeadRepository.save(writes, added.leads(), added.consumedLeads());
                        ShippingQuoteRepository.saveUsed(writes, added.usedQuotes());
                        ContractRepository.insertAll(writes, added.contracts());
                        MessageRepository.write(writes, created.notices().messages(outbox), now);
                        return writes.execute(tx).map(ignored -> created.notices().view());
                    });
        }).invoke(this::count);
    }

    /**
     * The 409 {@code duplicate_transaction} answer to a create that failed on {@link #violatesUniqueTransaction}.
     * It reads in a session of its own, so it must run after the failed transaction (and any transaction
     * around it, such as an idempotency record's) has ended.
     */
    public <T> Uni<T> duplicate(UUID storeId, String transactionId) {
        return Panache.withSession(() -> orders.findIdByTransactionId(storeId, transactionId))
                .map(existing -> {
                    throw ProblemException.duplicateTransaction(transactionId, existing);
                });
    }

    /** Read on the pool in one statement: no session to open, no entities to manage. */
    public Uni<OrderView> get(UUID storeId, UUID orderId) {
        return orders.findSnapshot(storeId, orderId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("order " + orderId))
                .map(found -> OrderView.of(found.order(), found.contractIds()));
    }

    /** Orders of a store, newest first, one keyset page at a time. */
    @ReadOnlySession
    public Uni<OrderPage> search(UUID storeId, OrderSearch search) {
        return orders.search(storeId, search.transactionId(), search.customerEmail(), search.customerPhone(),
                search.status(), search.after(), search.limit() + 1)
                .chain(page -> {
                    List<UUID> ids = page.stream().limit(search.limit()).toList();
                    String next = page.size() > search.limit() ? Cursor.encode(ids.get(ids.size() - 1)) : null;
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(new OrderPage(List.of(), null));
                    }
                    return orders.findSnapshots(storeId, ids).map(found -> new OrderPage(found.stream()
                            .map(o -> OrderView.of(o.order(), o.contractIds())).toList(), next));
                });
    }

    /** Line items of a store, newest first, one keyset page at a time. */
    @ReadOnlySession
    public Uni<LineItemPage> searchLineItems(UUID storeId, String transactionId, String lineItemTransactionId,
            UUID after, int limit) {
        return orders.searchLines(storeId, transactionId, lineItemTransactionId, after, limit + 1)
                .chain(found -> {
                    List<LineItem> lines = found.stream().limit(limit).toList();
                    String next = found.size() > limit ? Cursor.encode(lines.get(lines.size() - 1).id) : null;
                    if (lines.isEmpty()) {
                        return Uni.createFrom().item(new LineItemPage(List.of(), null));
                    }
                    return contracts.listByLines(lines.stream().map(l -> l.id).toList())
                            .map(owned -> new LineItemPage(lines.stream().map(l -> LineItemView.of(l.order, l,
                                    owned.stream().filter(c -> c.lineItemId.equals(l.id)).map(c -> c.id).toList()))
                                    .toList(), next));
                });
    }

    /** The history of an order, oldest first. */
    @ReadOnlySession
    public Uni<List<OrderEvent>> history(UUID storeId, UUID orderId) {
        return orders.exists(storeId, orderId).chain(found -> {
            if (!found) {
                throw ProblemException.notFound("order " + orderId);
            }
            return orders.history(orderId);
        });
    }

    /** Inserts a new order in the session's transaction (upserts and the feed). */
    public Uni<OrderView> insert(Tenant tenant, OrderInput.Order input, String currency, Instant now, boolean historical) {
        Order order = newOrder(tenant, input, currency, now, historical);
        return addLines(tenant, order, input.lineItems(), OrderInput.categoryProductIds(input.lineItems()),
                order.isPending(now), now)
                .chain(added -> {
                    Created created = created(tenant, order, added, historical, now);
                    List<Object> entities = new ArrayList<>();
                    entities.add(order);
                    entities.addAll(added.entities());
                    entities.add(created.event());
                    return orders.save(entities)
                            .chain(() -> created.notices().write(outbox, tenant.actor(), now))
                            .map(ignored -> created.notices().view());
                });
    }

    /** A new order's history entry and what it tells the world. */
    private record Created(OrderEvent event, OrderNotices notices) {
    }

    private static Created created(Tenant tenant, Order order, Added added, boolean historical, Instant now) {
        order.initStatus(now);
        OrderEvent event = OrderEvent.of(order, "created", tenant.actor(), null, Map.of("status",
                order.status.wire(), "lineItems", order.lineItems.size(), "contracts", added.contracts().size()), now);
        return new Created(event, new OrderNotices(order, null, OrderViews.contractIds(order, added.contracts()),
                added.contracts(), List.of(), List.of(), added.leads(), !historical));
    }

    /**
     * What adding lines made: entities to persist (the lines, leads, fulfillments, contracts), the
     * contracts, and the locked leads and quotes the lines consumed (changed in place).
     */
    public record Added(List<Object> entities, List<Contract> contracts, List<Lead> consumedLeads,
            List<ShippingQuote> usedQuotes) {

        public static final Added NOTHING = new Added(List.of(), List.of(), List.of(), List.of());

        /** The new leads. */
        public List<Lead> leads() {
            return of(Lead.class);
        }

        public <T> List<T> of(Class<T> type) {
            return entities.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /**
     * Classifies new lines against the store's catalog and the leads and quotes they name (locked for
     * this transaction), adds them to the order, and creates their leads, the fulfillments of units that
     * arrive fulfilled and, unless the order waits, those units' contracts. In the session's transaction.
     */
    public Uni<Added> addLines(Tenant tenant, Order order, List<OrderInput.LineItem> lines, Set<String> categoryProducts,
            boolean pending, Instant now) {
        UUID storeId = tenant.storeId();
        return catalogService.load(storeId, planIds(lines))
                .chain(catalog -> lockLeads(lines, tokens -> leads.lockForOrder(storeId, tokens))
                        .chain(leadsByToken -> lockQuotes(lines, ids -> quotes.lockForOrder(storeId, ids))
                                .map(quotesById -> add(tenant, order, lines, categoryProducts, pending, now, catalog,
                                        leadsByToken, quotesById))));
    }

    private static Set<String> planIds(List<OrderInput.LineItem> lines) {
        return lines.stream().filter(l -> l.plan() != null).map(l -> l.plan().id()).collect(Collectors.toSet());
    }

    /** {@link #addLines}, once the catalog is read and the leads and quotes are locked. */
    private Added add(Tenant tenant, Order order, List<OrderInput.LineItem> lines, Set<String> categoryProducts,
            boolean pending, Instant now, Catalog catalog, Map<String, Lead> leadsByToken,
            Map<String, ShippingQuote> quotesById) {
        LineClassifier.Result result = new LineClassifier(tenant.storeId(), order.currency, catalog, leadsByToken,
                quotesById, now).classify(lines, categoryProducts);
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
        List<Lead> consumed = new ArrayList<>();
        result.leadUnits().forEach((token, units) -> {
            Lead lead = leadsByToken.get(token);
            lead.quantityConsumed += units;
            consumed.add(lead);
        });
        List<ShippingQuote> used = new ArrayList<>();
        result.usedQuotes().forEach(quoteId -> {
            ShippingQuote quote = quotesById.get(quoteId);
            quote.orderId = order.id;
            used.add(quote);
        });
        entities.addAll(contracts);
        return new Added(entities, contracts, consumed, used);
    }

    /** The field of a line's stated fulfillment date, named by the line's transaction id. */
    static String fulfilledAtField(OrderInput.LineItem line) {
        return "lineItems." + line.lineItemTransactionId() + ".fulfilledAt";
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
        line.status = line.initialStatus(decision.type(), decision.failed(), pending);
        return line;
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
    private static Uni<Map<String, Lead>> lockLeads(List<OrderInput.LineItem> lines,
            Function<List<String>, Uni<List<Lead>>> lock) {
        List<String> tokens = lines.stream().map(OrderInput.LineItem::leadToken).filter(Objects::nonNull)
                .distinct().toList();
        if (tokens.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return lock.apply(tokens)
                .map(found -> found.stream().collect(Collectors.toMap(l -> l.token, Function.identity())));
    }

    /** The store's quotes the order names, locked, keyed by the id exactly as each line wrote it. */
    private static Uni<Map<String, ShippingQuote>> lockQuotes(List<OrderInput.LineItem> lines,
            Function<Set<UUID>, Uni<List<ShippingQuote>>> lock) {
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
        return lock.apply(spellings.keySet())
                .map(found -> {
                    Map<String, ShippingQuote> byRaw = new HashMap<>();
                    found.forEach(q -> spellings.get(q.id).forEach(raw -> byRaw.put(raw, q)));
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
