package io.protection.orders.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

/** Reading the mail a test SMTP server received: by recipient, as decoded text, and its page links. */
public final class Mails {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+/my/contracts/[A-Za-z0-9_-]+");

    private Mails() {
    }

    /** The messages sent to one address, oldest first. */
    public static List<MimeMessage> to(GreenMail server, String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                Address[] to = m.getAllRecipients();
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The decoded text/plain part of a message (quoted-printable and base64 undone). */
    public static String text(MimeMessage message) {
        try {
            String text = text((Part) message);
            if (text == null) {
                throw new IllegalStateException("the message has no text part");
            }
            return text;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The customer page links in a message's text, in order. */
    public static List<String> pageLinks(MimeMessage message) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(text(message));
        while (m.find()) {
            links.add(m.group());
        }
        return links;
    }

    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = text(multipart.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
