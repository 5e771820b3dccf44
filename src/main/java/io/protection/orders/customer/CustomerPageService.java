package io.protection.orders.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.common.ProblemException;
import io.protection.orders.order.service.RevocationService;
import io.protection.orders.order.service.RevocationService.RevocationRequest;
import io.protection.orders.customer.CustomerLinkRepository.Linked;
import io.smallrye.mutiny.Uni;

/**
 * The customer's page: finds a link's contract and records the customer's revocation through
 * {@link RevocationService}, exactly as support does (history entry, {@code protection.revocation_requested}
 * to the merchant), within the store's revocation period.
 */
@ApplicationScoped
public class CustomerPageService {

    /** The history entry's actor for revocations made on the page. */
    public static final String ACTOR = "customer";
    static final int MAX_REASON = 1000;

    @Inject
    CustomerLinkRepository links;

    @Inject
    RevocationService revocations;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    /** A link's contract, or null for a token that is malformed, unknown, expired or no longer the customer's. */
    public Uni<Linked> find(String token) {
        if (!CustomerLinks.wellFormed(token)) {
            return Uni.createFrom().nullItem();
        }
        return links.find(CustomerLinks.hash(token), clock.instant());
    }

    /** The page's language: the one asked for ({@code ?lang=}), else the customer's. */
    public String language(Linked contract, String requested) {
        String asked = CustomerText.requested(requested);
        return asked != null ? asked : CustomerText.language(CustomerText.text(read(contract.customer()), "locale"));
    }

    /** What the page shows of the contract now, in a language. */
    public ContractPage page(Linked contract, String token, String lang) {
        Instant now = clock.instant();
        Locale locale = Locale.forLanguageTag(lang);
        String state = ContractPage.state(contract, now);
        boolean shipping = "SHIPPING_PROTECTION".equalsIgnoreCase(contract.contractType());
        return new ContractPage(lang, CustomerLinks.PATH + token, contract.contractId().toString(),
                contract.plan() == null ? "" : contract.plan(), shipping,
                CustomerText.productNames(read(contract.products()).path("products")),
                CustomerText.money(contract.price(), contract.currency(), locale),
                CustomerText.date(contract.termStart(), locale), CustomerText.date(contract.termEnd(), locale),
                contract.store(), contract.contractStatus().toLowerCase(Locale.ROOT), state,
                CustomerText.date(ContractPage.deadline(contract), locale),
                contract.revocationRequestedAt() == null ? null : CustomerText.date(contract.revocationRequestedAt(), locale),
                null, null, null);
    }

    /**
     * Records the customer's revocation of a revocable contract, within its revocation period as the
     * contract's lock finds it. When another submission recorded one meanwhile (the lock orders them),
     * or the period ended while this one waited, this one succeeds without a revocation: the page that
     * follows says which.
     */
    public Uni<Void> revoke(Linked contract, String token, String reason) {
        String why = reason == null || reason.isBlank() ? "Revoked by the customer on the contract page" : reason.trim();
        return revocations.request(contract.contractId(), new RevocationRequest(why, null), ACTOR,
                ContractPage.deadline(contract)).replaceWithVoid()
                .onFailure(e -> e instanceof ProblemException p && p.status() == 409)
                .recoverWithUni(conflict -> find(token).map(now -> {
                    String state = now == null ? null : ContractPage.state(now, clock.instant());
                    if (ContractPage.REQUESTED.equals(state) || ContractPage.PERIOD_OVER.equals(state)) {
                        return null;
                    }
                    throw (ProblemException) conflict;
                }));
    }

    private JsonNode read(String json) {
        try {
            return json == null ? mapper.nullNode() : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored JSON column is not JSON", e);
        }
    }
}
