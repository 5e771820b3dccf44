package io.protection.orders.common.idempotency;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


/** The first response to a request sent with an {@code Idempotency-Key}. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyRecord {

    /** {@code <store id or admin>:<key>}: keys are per store. */
    @Id
    public String id;

    @Column(name = "request_hash")
    public String requestHash;

    public int status;

    public String body;

    public String location;

    public String etag;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
