package io.protection.orders.contract;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


/**
 * A customer's request to revoke a protection, recorded by support. It is {@code open} until the
 * merchant refunds the contract, which closes it; one open revocation per contract at most.
 */
@Entity
@Table(name = "revocation")
public class Revocation {

    public enum Status {
        OPEN, CLOSED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String value) {
            for (Status status : values()) {
                if (status.wire().equals(value)) {
                    return status;
                }
            }
            return null;
        }
    }

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    @Column(name = "contract_id")
    public UUID contractId;

    @Column(name = "order_id")
    public UUID orderId;

    /** Stored as the wire value ({@code open}, {@code closed}): the closing statement writes it in SQL. */
    @Column(name = "status")
    public String status;

    public String reason;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "closed_at")
    public Instant closedAt;
}
