package io.protection.orders.feed;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


/** A feed the merchant posted: stored, with one {@link FeedItem} per order record, before the 202. */
@Entity
@Table(name = "feed_request")
public class FeedRequest {

    @Id
    public UUID id;

    @Column(name = "store_id")
    public UUID storeId;

    /** The key that posted it: the actor of the changes it makes. */
    @Column(name = "api_key_id")
    public UUID apiKeyId;

    public String kind;

    public String format;

    @Column(name = "dedupe_key")
    public String dedupeKey;

    @Column(name = "received_at")
    public Instant receivedAt;

    public int items;

    /** A historical import: refunds and cancellations are judged at the dates they state. */
    public boolean historical;
}
