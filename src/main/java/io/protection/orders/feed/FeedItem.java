package io.protection.orders.feed;

import java.util.Map;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One order record of a feed, and how its processing went. */
@Entity
@Table(name = "feed_item")
public class FeedItem {

    public static final String PENDING = "PENDING";
    public static final String SUCCESSFUL = "SUCCESSFUL";
    public static final String FAILED = "FAILED";

    /** Why a record failed, kept as one JSON document. */
    @RegisterForReflection
    public record Errors(List<Error> errors) {
    }

    @RegisterForReflection
    public record Error(String code, String field, String message) {
    }

    @Id
    public UUID id;

    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "store_id")
    public UUID storeId;

    public int position;

    /** The merchant's order id. */
    @Column(name = "order_ref")
    public String orderRef;

    /** The order record of a feed; null for an event. */
    @JdbcTypeCode(SqlTypes.JSON)
    public HakunaOrder record;

    /** An event ({@code type} and {@code payload}); null for a feed's record. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> event;

    public String status;

    @JdbcTypeCode(SqlTypes.JSON)
    public Errors errors;

    public int attempts;

    @Column(name = "available_at")
    public Instant availableAt;

    @Column(name = "processed_at")
    public Instant processedAt;
}
