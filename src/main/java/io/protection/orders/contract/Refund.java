package io.protection.orders.contract;

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

/** A refund paid for units of a line: the amount of the protection they carried. */
@Entity
@Table(name = "refund")
public class Refund {

    /** The refunded contracts, kept as one JSON document. */
    @RegisterForReflection
    public record ContractIds(List<UUID> ids) {
    }

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "line_item_id")
    public UUID lineItemId;

    public int quantity;

    public long amount;

    public String currency;

    public String reason;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "contract_ids")
    public ContractIds contractIds;

    public String actor;

    @Column(name = "created_at")
    public Instant createdAt;
}
