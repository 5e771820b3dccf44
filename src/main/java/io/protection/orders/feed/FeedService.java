package io.protection.orders.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.protection.orders.common.FieldError;
import io.protection.orders.common.Hashes;
import io.protection.orders.common.Ids;
import io.protection.orders.common.JsonConfig;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.ProblemMappers;
import io.protection.orders.order.StatedDates;
import io.protection.orders.store.Store;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Order feeds: a feed is stored (one item per order record) in the transaction that answers 202, so
 * nothing accepted is lost if the process dies; the worker then applies the items one per
 * transaction, on any replica, and records each one's outcome.
 */
@ApplicationScoped
public class FeedService {

    /** The largest feed accepted in one request. */
    public static final int MAX_ORDERS = 1000;
    /** A record that failed for a reason other than its content is tried again this many times. */
    static final int MAX_ATTEMPTS = 5;

    @Inject
    Clock clock;

    @Inject
    FeedProcessor processor;

    @Inject
    EventProcessor events;

    @Inject
    ObjectMapper mapper;

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
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.persistAll(entities.toArray())))
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
        return Panache.withTransaction(() -> FeedRequest.<FeedRequest> find("storeId = ?1 and dedupeKey = ?2",
                tenant.storeId(), dedupeKey).firstResult().chain(existing -> {
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
                    return event.persist().chain(item::persist).map(ignored -> new EventAccepted(event.id));
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

    @WithSession
    public Uni<Status> status(UUID storeId, UUID requestId) {
        return FeedRequest.<FeedRequest> find("id = ?1 and storeId = ?2", requestId, storeId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("feed request " + requestId))
                .chain(request -> FeedItem.<FeedItem> list("requestId = ?1 order by position", requestId))
                .map(items -> {
                    boolean done = items.stream().noneMatch(i -> FeedItem.PENDING.equals(i.status));
                    List<String> failed = items.stream().filter(i -> FeedItem.FAILED.equals(i.status))
                            .map(i -> i.orderRef).distinct().toList();
                    List<OrderStatus> statuses = items.stream().map(i -> new OrderStatus(i.orderRef, switch (i.status) {
                        case FeedItem.SUCCESSFUL -> "successful";
                        case FeedItem.FAILED -> "failed";
                        default -> "in_progress";
                    }, i.errors == null ? null : i.errors.errors().stream().map(ErrorView::of).toList())).toList();
                    return new Status(done ? "done" : "in_progress", failed, statuses);
                });
    }

    /**
     * Applies the next due item, if any, in one transaction with its outcome; {@code false} when none is
     * due. Items are claimed with {@code FOR UPDATE SKIP LOCKED}: workers on several replicas take
     * different items.
     */
    public Uni<Boolean> processNext() {
        Instant now = clock.instant();
        AtomicReference<UUID> claimed = new AtomicReference<>();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        select id from feed_item where status = 'PENDING' and available_at <= :now
                        order by available_at, position limit 1 for update skip locked""", UUID.class)
                        .setParameter("now", now).getSingleResultOrNull())
                .chain(id -> {
                    if (id == null) {
                        return Uni.createFrom().item(false);
                    }
                    claimed.set(id);
                    return FeedItem.<FeedItem> findById(id).chain(item -> received(item).chain(received -> (item.event != null
                            ? events.apply(received.tenant(), item.event, received.receipt(), now)
                            : processor.apply(received.tenant(), item.record, received.receipt(), now))
                            .invoke(() -> {
                                item.status = FeedItem.SUCCESSFUL;
                                item.attempts++;
                                item.processedAt = now;
                            })))
                            .replaceWith(true);
                }))
                .onFailure(failure -> claimed.get() != null)
                .recoverWithUni(failure -> recordFailure(claimed.get(), failure, now));
    }

    /** In a transaction of its own, since the one that failed rolled back. */
    private Uni<Boolean> recordFailure(UUID itemId, Throwable failure, Instant now) {
        var problem = ProblemMappers.problemOf(failure);
        return Panache.withTransaction(() -> FeedItem.<FeedItem> findById(itemId).invoke(item -> {
            item.attempts++;
            boolean temporary = problem.status() >= 500 || "not_yet_applicable".equals(problem.code());
            boolean retry = temporary && item.attempts < MAX_ATTEMPTS;
            if (retry) {
                item.availableAt = now.plus(Duration.ofSeconds(1L << item.attempts));
                return;
            }
            item.status = FeedItem.FAILED;
            item.processedAt = now;
            List<FeedItem.Error> errors = new ArrayList<>();
            if (problem.errors().isEmpty()) {
                errors.add(new FeedItem.Error(problem.code(), null, problem.detail()));
            }
            for (FieldError e : problem.errors()) {
                errors.add(new FeedItem.Error(problem.code(), e.field(), e.message()));
            }
            item.errors = new FeedItem.Errors(errors);
        })).replaceWith(true);
    }

    /** The store and key an item acts for, and when and how it was received. */
    private record Received(Tenant tenant, Receipt receipt) {
    }

    private static Uni<Received> received(FeedItem item) {
        return FeedRequest.<FeedRequest> findById(item.requestId).chain(request -> Store.<Store> findById(item.storeId)
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
