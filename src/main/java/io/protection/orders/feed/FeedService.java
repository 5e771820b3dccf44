package io.protection.orders.feed;

import io.protection.orders.common.db.ReadOnlySession;
import io.protection.orders.store.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.protection.orders.common.FieldError;
import io.protection.orders.common.Hashes;
import io.protection.orders.common.Ids;
import io.protection.orders.common.JsonConfig;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProblemMappers;
import io.protection.orders.order.StatedDates;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Order feeds: a feed is stored (one item per order record) in the transaction that answers 202, so
 * nothing accepted is lost if the process dies; the worker then applies the items one per
 * transaction, on any replica, and records each one's outcome.
 */
@ApplicationScoped
public class FeedService {

    private static final Logger LOG = Logger.getLogger(FeedService.class);

    /** The largest feed accepted in one request. */
    public static final int MAX_ORDERS = 1000;
    /** A record that failed for a reason other than its content is tried again this many times. */
    static final int MAX_ATTEMPTS = 5;

    @Inject
    Clock clock;

    @Inject
    FeedRepository feeds;

    @Inject
    StoreRepository stores;

    @Inject
    FeedProcessor processor;

    @Inject
    EventProcessor events;

    @Inject
    ObjectMapper mapper;

    @Inject
    FeedQueueRepository queue;

    private final Counter failedItems;
    private final Counter retriedItems;

    @Inject
    public FeedService(MeterRegistry registry) {
        failedItems = Counter.builder("protection.feed.items.failed")
                .description("Feed records and events that failed for good (after their last try, or for their content)")
                .register(registry);
        retriedItems = Counter.builder("protection.feed.items.retried")
                .description("Tries of feed records and events that failed for a passing reason and are tried again")
                .register(registry);
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventAccepted(UUID eventId) {
    }

    /** Body of {@code POST /events}. */
    public record EventRequest(String type, Map<String, Object> payload) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Accepted(UUID requestId) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Status(String processingStatus, List<String> failedOrders, List<OrderStatus> statuses) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderStatus(String orderId, String status, List<ErrorView> errors) {
    }

    /**
     * Why an order's record or event failed, in Hakuna's style: {@code error_code} names the rule
     * ({@code refund_window_expired}, {@code not_refundable}, {@code cancel_decline},
     * {@code quantity_exceeded}, {@code validation_failed}, ...; {@code code} repeats it, as in this
     * service's problem bodies), {@code field} the bad field of a malformed one, {@code message} why.
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorView(String errorCode, String code, String field, String message) {

        static ErrorView of(FeedItem.Error error) {
            return new ErrorView(error.code(), error.code(), error.field(), error.message());
        }
    }

    /**
     * Stores a feed for the worker.
     *
     * @param historical an import of past orders: they don't wait, and refunds and cancellations are
     *        judged at the dates they state, however old
     */
    public Uni<Accepted> accept(Tenant tenant, List<HakunaOrder> records, String format, boolean historical) {
        Instant now = clock.instant();
        validate(records, now);
        FeedRequest request = new FeedRequest();
        request.id = Ids.next();
        request.storeId = tenant.storeId();
        request.apiKeyId = tenant.keyId();
        request.kind = "FEED";
        request.format = format;
        request.receivedAt = now;
        request.historical = historical;
        request.items = records.size();
        List<Object> entities = new ArrayList<>();
        entities.add(request);
        for (int i = 0; i < records.size(); i++) {
            FeedItem item = new FeedItem();
            item.id = Ids.next();
            item.requestId = request.id;
            item.storeId = tenant.storeId();
            item.position = i;
            item.orderRef = records.get(i).id();
            item.record = records.get(i);
            item.status = FeedItem.PENDING;
            item.availableAt = now;
            entities.add(item);
        }
        return Panache.withTransaction(() -> feeds.save(entities))
                .map(ignored -> new Accepted(request.id));
    }

    /**
     * Stores an event for the worker. The same event twice (same type and payload) is one event: the
     * second post answers with the first one's id.
     */
    public Uni<EventAccepted> acceptEvent(Tenant tenant, EventRequest request) {
        Instant now = clock.instant();
        validateEvent(request, now);
        String dedupeKey = Hashes.sha256Hex(request.type() + "\n" + json(request.payload()));
        return Panache.withTransaction(() -> feeds.findByDedupeKey(tenant.storeId(), dedupeKey).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(new EventAccepted(existing.id));
                    }
                    FeedRequest event = new FeedRequest();
                    event.id = Ids.next();
                    event.storeId = tenant.storeId();
                    event.apiKeyId = tenant.keyId();
                    event.kind = "EVENT";
                    event.format = "json";
                    event.dedupeKey = dedupeKey;
                    event.receivedAt = now;
                    event.items = 1;
                    FeedItem item = new FeedItem();
                    item.id = Ids.next();
                    item.requestId = event.id;
                    item.storeId = tenant.storeId();
                    item.orderRef = orderRef(request);
                    item.event = Map.of("type", request.type(), "payload", request.payload());
                    item.status = FeedItem.PENDING;
                    item.availableAt = now;
                    return feeds.save(List.of(event, item)).map(ignored -> new EventAccepted(event.id));
                }));
    }

    private static String orderRef(EventRequest request) {
        Object ref = request.payload().get("order_id");
        if (ref == null && request.type().equals(HakunaEvent.ORDER_PLACED)) {
            ref = request.payload().get("id");
        }
        return String.valueOf(ref);
    }

    /**
     * An event must be one of the types, with its payload's ids, in its documented field types, and
     * dated no later than now.
     */
    private void validateEvent(EventRequest request, Instant now) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.type() == null || !EventProcessor.TYPES.contains(request.type())) {
            errors.add(new FieldError("type", "must be one of " + String.join(", ", EventProcessor.TYPES)));
        }
        if (request.payload() == null) {
            errors.add(new FieldError("payload", "is required"));
        } else if (!JsonConfig.storable(request.payload())) {
            errors.add(new FieldError("payload", JsonConfig.NUL_MESSAGE));
        } else if (HakunaEvent.ORDER_PLACED.equals(request.type())) {
            if (request.payload().get("order_id") == null && request.payload().get("id") == null) {
                errors.add(new FieldError("payload.order_id", "is required"));
            } else {
                HakunaOrder record = parse(() -> EventProcessor.placedRecord(mapper, request.payload()), errors);
                if (record != null) {
                    future(record.placedAt(), "payload.placed_at", now, errors);
                }
            }
        } else if (request.type() != null && EventProcessor.TYPES.contains(request.type())) {
            if (request.payload().get("order_id") == null) {
                errors.add(new FieldError("payload.order_id", "is required"));
            }
            HakunaEvent.LineEvent event = parse(() -> mapper.convertValue(request.payload(), HakunaEvent.LineEvent.class),
                    errors);
            if (event != null && request.type().startsWith("line_item_")) {
                if (event.lines().isEmpty()) {
                    errors.add(new FieldError("payload.line_item_id", "is required (or send payload.line_items)"));
                }
                for (int i = 0; i < event.lines().size(); i++) {
                    HakunaEvent.LineRef line = event.lines().get(i);
                    String at = event.lineItems() != null && i < event.lineItems().size() ? "payload.line_items[" + i + "]"
                            : "payload";
                    if (line == null || line.id() == null || line.id().isBlank()) {
                        errors.add(new FieldError(at + (at.equals("payload") ? ".line_item_id" : ".id"), "is required"));
                    } else if (line.quantity() != null && line.quantity() < 1) {
                        errors.add(new FieldError(at + ".quantity", "must be at least 1"));
                    }
                }
            }
            if (event != null) {
                String field = HakunaEvent.dateField(request.type());
                future(event.statedAt(request.type()), "payload." + field, now, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    /** Reads a payload into its type; a value of the wrong type is listed as a bad field of the payload. */
    private static <T> T parse(Supplier<T> read, List<FieldError> errors) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            List<FieldError> found = e.getCause() instanceof JsonProcessingException json
                    ? ProblemMappers.problemOf(json).errors()
                    : List.of(new FieldError("body", "has the wrong shape"));
            for (FieldError error : found) {
                errors.add(new FieldError(error.field().equals("body") ? "payload" : "payload." + error.field(),
                        error.message()));
            }
            return null;
        }
    }

    private static void future(Instant stated, String field, Instant now, List<FieldError> errors) {
        if (StatedDates.inFuture(stated, now)) {
            errors.add(new FieldError(field, "must not be in the future"));
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ReadOnlySession
    public Uni<Status> status(UUID storeId, UUID requestId) {
        return feeds.findInStore(storeId, requestId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("feed request " + requestId))
                // What the status shows, not the records: one that can't be read back still has a status.
                .chain(request -> feeds.itemStatusesOf(requestId))
                .map(rows -> {
                    List<ItemStatus> items = rows.stream().map(r -> new ItemStatus((String) r[0], (String) r[1],
                            (FeedItem.Errors) r[2])).toList();
                    boolean done = items.stream().noneMatch(i -> FeedItem.PENDING.equals(i.status()));
                    List<String> failed = items.stream().filter(i -> FeedItem.FAILED.equals(i.status()))
                            .map(ItemStatus::orderRef).distinct().toList();
                    List<OrderStatus> statuses = items.stream().map(i -> new OrderStatus(i.orderRef(), switch (i.status()) {
                        case FeedItem.SUCCESSFUL -> "successful";
                        case FeedItem.FAILED -> "failed";
                        default -> "in_progress";
                    }, i.errors() == null || !FeedItem.FAILED.equals(i.status()) ? null
                            : i.errors().errors().stream().map(ErrorView::of).toList())).toList();
                    return new Status(done ? "done" : "in_progress", failed, statuses);
                });
    }

    /**
     * Applies a batch of due items ({@link FeedQueueRepository#nextBatch}: each store's in turn), one at a time;
     * an item that fails, even in a way that can't be recorded, holds back no other.
     *
     * @return how many due items the batch held (0 when none is due)
     */
    public Uni<Integer> processBatch(int limit) {
        return queue.nextBatch(clock.instant(), limit).chain(ids -> processEach(ids.iterator()).replaceWith(ids.size()));
    }

    private Uni<Void> processEach(Iterator<UUID> ids) {
        if (!ids.hasNext()) {
            return Uni.createFrom().voidItem();
        }
        UUID id = ids.next();
        return process(id).onFailure().recoverWithItem(failure -> {
            LOG.errorf(failure, "Feed item %s could not be processed; it is tried again later", id);
            return false;
        }).chain(() -> processEach(ids));
    }

    /**
     * Applies one item if it is still due and no other worker has it, in one transaction with its
     * outcome; {@code false} when it was not taken. Items are claimed with {@code FOR UPDATE SKIP
     * LOCKED}: workers on several replicas take different items.
     */
    public Uni<Boolean> process(UUID itemId) {
        Instant now = clock.instant();
        AtomicBoolean claimed = new AtomicBoolean();
        return Panache.withTransaction(() -> feeds.claimIfDue(itemId, now)
                .chain(id -> {
                    if (id == null) {
                        return Uni.createFrom().item(false);
                    }
                    claimed.set(true);
                    return feeds.findItem(id).chain(item -> received(item).chain(received -> (item.event != null
                            ? events.apply(received.tenant(), item.event, received.receipt(), now)
                            : processor.apply(received.tenant(), item.record, received.receipt(), now))
                            .invoke(() -> {
                                item.status = FeedItem.SUCCESSFUL;
                                item.attempts++;
                                item.processedAt = now;
                            })))
                            .replaceWith(true);
                }))
                .onFailure(failure -> claimed.get())
                .recoverWithUni(failure -> recordFailure(itemId, failure, now));
    }

    /**
     * In a transaction of its own, since the one that failed rolled back; written without reading the item,
     * which may be what failed.
     */
    private Uni<Boolean> recordFailure(UUID itemId, Throwable failure, Instant now) {
        var problem = ProblemMappers.problemOf(failure);
        boolean temporary = problem.status() >= 500 || "not_yet_applicable".equals(problem.code());
        List<FeedItem.Error> errors = new ArrayList<>();
        if (problem.errors().isEmpty()) {
            errors.add(new FeedItem.Error(problem.code(), null, problem.detail()));
        }
        for (FieldError e : problem.errors()) {
            errors.add(new FeedItem.Error(problem.code(), e.field(), e.message()));
        }
        return queue.recordFailure(itemId, json(new FeedItem.Errors(errors)), temporary, MAX_ATTEMPTS, now)
                .invoke(status -> {
                    if (FeedItem.FAILED.equals(status)) {
                        failedItems.increment();
                    } else if (status != null) {
                        retriedItems.increment();
                    }
                })
                .replaceWith(true);
    }

    private record ItemStatus(String orderRef, String status, FeedItem.Errors errors) {
    }

    /** The store and key an item acts for, and when and how it was received. */
    private record Received(Tenant tenant, Receipt receipt) {
    }

    private Uni<Received> received(FeedItem item) {
        return feeds.findById(item.requestId).chain(request -> stores.findById(item.storeId)
                .map(store -> new Received(Tenant.of(store, request.apiKeyId), new Receipt(request.receivedAt, Duration.ofSeconds(store.reportingToleranceSeconds),
                                request.historical))));
    }

    /** A feed must hold 1 to 1000 records, each with its id, none dated in the future. */
    private static void futureDates(HakunaOrder record, String at, Instant now, List<FieldError> errors) {
        future(record.placedAt(), at + ".placed_at", now, errors);
        future(record.cancelledAt(), at + ".cancelled_at", now, errors);
        if (record.lineItems() == null) {
            return;
        }
        for (int l = 0; l < record.lineItems().size(); l++) {
            HakunaOrder.Line line = record.lineItems().get(l);
            if (line == null) {
                continue;
            }
            String lineAt = at + ".line_items[" + l + "]";
            if (line.fulfillments() != null) {
                for (int f = 0; f < line.fulfillments().size(); f++) {
                    HakunaOrder.Fulfillment fulfillment = line.fulfillments().get(f);
                    future(fulfillment == null ? null : fulfillment.fulfilledAt(),
                            lineAt + ".fulfillments[" + f + "].fulfilled_at", now, errors);
                }
            }
            if (line.refunds() != null) {
                for (int r = 0; r < line.refunds().size(); r++) {
                    HakunaOrder.Refund refund = line.refunds().get(r);
                    future(refund == null ? null : refund.refundedAt(), lineAt + ".refunds[" + r + "].refunded_at", now,
                            errors);
                }
            }
        }
    }

    private static void validate(List<HakunaOrder> records, Instant now) {
        if (records == null || records.isEmpty()) {
            throw ProblemException.validation("body", "must be a non-empty array of orders");
        }
        if (records.size() > MAX_ORDERS) {
            throw ProblemException.validation("body", "must hold at most " + MAX_ORDERS + " orders");
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            HakunaOrder record = records.get(i);
            if (record == null || record.id() == null || record.id().isBlank()) {
                errors.add(new FieldError("[" + i + "].id", "is required"));
            }
            if (record != null) {
                futureDates(record, "[" + i + "]", now, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }
}
