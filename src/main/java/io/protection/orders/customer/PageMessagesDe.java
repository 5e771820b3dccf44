package io.protection.orders.customer;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.Message;

/** The customer page's texts in German. */
@Localized("de")
public interface PageMessagesDe extends PageMessages {

    @Override
    @Message("Ihr Produktschutz")
    String heading();

    @Override
    @Message("Sie haben diesen Produktschutz bei {store} abgeschlossen.")
    String intro(String store);

    @Override
    @Message("Sprache")
    String languages();

    @Override
    @Message("Vertragsdaten")
    String details();

    @Override
    @Message("Vertragsnummer")
    String contractNumber();

    @Override
    @Message("Tarif")
    String plan();

    @Override
    @Message("Versandschutz")
    String shippingPlan();

    @Override
    @Message("Geschützte Produkte")
    String coveredProducts();

    @Override
    @Message("Preis")
    String price();

    @Override
    @Message("Laufzeit")
    String term();

    @Override
    @Message("{start} bis {end}")
    String termRange(String start, String end);

    @Override
    @Message("Shop")
    String merchant();

    @Override
    @Message("Status")
    String status();

    @Override
    @Message("{#when status}{#is 'live'}In Kraft{#is 'refunded'}Erstattet{#is 'canceled'}Aufgehoben{#is 'voided'}Storniert{#else}{status}{/when}")
    String statusText(String status);

    @Override
    @Message("So melden Sie einen Schaden")
    String claimHeading();

    @Override
    @Message("Wenn ein geschütztes Produkt ausfällt, antworten Sie auf die E-Mail, mit der Sie diesen Link erhalten "
            + "haben, oder kontaktieren Sie uns mit Ihrer Vertragsnummer und einer kurzen Beschreibung des Defekts. Wir "
            + "reparieren oder ersetzen das Produkt oder erstatten den Kaufpreis, wie es Ihr Tarif vorsieht.")
    String claimText();

    @Override
    @Message("Ihr Widerrufsrecht")
    String revokeHeading();

    @Override
    @Message("Sie können diesen Produktschutz bis zum {deadline} ohne Angabe von Gründen widerrufen. Wir informieren "
            + "den Shop, und der Shop erstattet Ihnen den Betrag.")
    String revocableText(String deadline);

    @Override
    @Message("Grund (freiwillig)")
    String reasonLabel();

    @Override
    @Message("Ich möchte diesen Produktschutz widerrufen.")
    String confirmLabel();

    @Override
    @Message("Produktschutz widerrufen")
    String submit();

    @Override
    @Message("Bitte bestätigen Sie mit dem Häkchen, dass Sie diesen Produktschutz widerrufen möchten.")
    String confirmRequired();

    @Override
    @Message("Der Grund darf höchstens 1000 Zeichen lang sein.")
    String reasonTooLong();

    @Override
    @Message("Widerruf eingegangen")
    String requestedHeading();

    @Override
    @Message("Sie haben diesen Produktschutz am {date} widerrufen. Wir haben {store} informiert: Der Shop erstattet "
            + "Ihnen den Betrag.")
    String requestedText(String date, String store);

    @Override
    @Message("Sie haben diesen Produktschutz widerrufen, und {store} hat Ihnen den Betrag erstattet. Er deckt Ihre "
            + "Produkte nicht mehr ab.")
    String revokedText(String store);

    @Override
    @Message("Dieser Produktschutz wurde erstattet. Er deckt Ihre Produkte nicht mehr ab.")
    String refundedText();

    @Override
    @Message("Dieser Produktschutz ist nicht mehr in Kraft.")
    String endedText();

    @Override
    @Message("Die Frist für einen Widerruf endete am {deadline}. Ihr Produktschutz bleibt bis zum {end} in Kraft.")
    String periodOverText(String deadline, String end);

    @Override
    @Message("Ihr Produktschutz-Team")
    String footer();
}
