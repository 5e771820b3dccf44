package io.protection.orders.customer;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The customer page's texts in English ({@code {msg:...}} in the templates); {@link PageMessagesDe} has them in German. */
@MessageBundle(locale = "en")
public interface PageMessages {

    @Message("Your product protection")
    String heading();

    @Message("You bought this protection at {store}.")
    String intro(String store);

    @Message("Language")
    String languages();

    @Message("Contract details")
    String details();

    @Message("Contract number")
    String contractNumber();

    @Message("Plan")
    String plan();

    @Message("Shipping protection")
    String shippingPlan();

    @Message("Covered products")
    String coveredProducts();

    @Message("Price")
    String price();

    @Message("Term")
    String term();

    @Message("{start} to {end}")
    String termRange(String start, String end);

    @Message("Shop")
    String merchant();

    @Message("Status")
    String status();

    @Message("{#when status}{#is 'live'}In force{#is 'refunded'}Refunded{#is 'canceled'}Canceled{#is 'voided'}Voided{#else}{status}{/when}")
    String statusText(String status);

    @Message("How to claim")
    String claimHeading();

    @Message("If a covered product fails, reply to the email that brought you this page, or contact us with your "
            + "contract number and a short description of the fault. We repair or replace the product, or refund its "
            + "purchase price, as your plan says.")
    String claimText();

    @Message("Your right to revoke")
    String revokeHeading();

    @Message("You may revoke this protection until {deadline}, without giving a reason. We will tell the shop, and the "
            + "shop will refund you.")
    String revocableText(String deadline);

    @Message("Reason (optional)")
    String reasonLabel();

    @Message("I want to revoke this product protection.")
    String confirmLabel();

    @Message("Revoke this protection")
    String submit();

    @Message("Tick the box to confirm that you want to revoke this protection.")
    String confirmRequired();

    @Message("The reason can be at most 1000 characters long.")
    String reasonTooLong();

    @Message("Revocation requested")
    String requestedHeading();

    @Message("You asked to revoke this protection on {date}. We have told {store}: the shop will refund you.")
    String requestedText(String date, String store);

    @Message("You revoked this protection and {store} has refunded you. It no longer covers your products.")
    String revokedText(String store);

    @Message("This protection was refunded. It no longer covers your products.")
    String refundedText();

    @Message("This protection is no longer in force.")
    String endedText();

    @Message("The period to revoke this protection ended on {deadline}. Your protection stays in force until {end}.")
    String periodOverText(String deadline, String end);

    @Message("Your product protection team")
    String footer();
}
