package io.protection.orders.order;

import jakarta.persistence.Column;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.protection.orders.common.Ids;

/**
 * One entry of an order's append-only history: what changed, when, by whom ({@code api_key:<id>},
 * {@code admin} or {@code release_job}) and why. Written in the transaction of the change.
 */
@Entity
@Immutable
@Table(name = "order_event")
public class OrderEvent {

    public static final String RELEASE_JOB = "release_job";

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "order_id")
    public UUID orderId;

    public String type;

    public Instant at;

    public String actor;

    public String reason;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> data;

    public static OrderEvent of(Order order, String type, String actor, String reason, Map<String, Object> data,
            Instant at) {
        return of(order.storeId, order.id, type, actor, reason, data, at);
    }

    /** An entry for an order that is not loaded. */
    public static OrderEvent of(UUID storeId, UUID orderId, String type, String actor, String reason,
            Map<String, Object> data, Instant at) {
        OrderEvent event = new OrderEvent();
        event.id = Ids.next();
        event.storeId = storeId;
        event.orderId = orderId;
        event.type = type;
        event.at = at;
        event.actor = actor;
        event.reason = reason;
        event.data = data;
        return event;
    }
}
