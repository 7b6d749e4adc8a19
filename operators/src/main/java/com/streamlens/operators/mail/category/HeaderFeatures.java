package com.streamlens.operators.mail.category;

import com.streamlens.operators.mail.Senders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a letter's headers and sender say about who wrote it: mailing-list and bulk headers (RFC 2369 List-*, RFC 3834
 * Auto-Submitted, Precedence), a mailer program, and the shape of the sender (no-reply or role address, digits, how deep
 * its domain is, free mail). Each feature is in [0, 1]; the order is the artefact's {@link #NAMES}.
 */
public final class HeaderFeatures {
    public static final List<String> NAMES = List.of("list_unsubscribe", "list_id", "precedence_bulk", "precedence_list", "auto_submitted",
            "x_mailer", "no_reply_sender", "role_sender", "sender_digits", "domain_depth", "free_mail_domain", "sender_length");

    private static final Pattern NO_REPLY = Pattern.compile("(no|do-?not)[-_.]?reply|mailer-daemon|bounce[s]?");
    private static final Pattern ROLE = Pattern.compile("(info|news|newsletter|marketing|sales|support|notifications?|alerts?|billing|orders?|"
            + "service|team|hello|updates?|offers?|promo(tions)?|mailer|account|security)([-_.].*)?");

    private HeaderFeatures() {}

    public static float[] of(String from, Map<String, String> headers) {
        Map<String, String> h = headers == null ? Map.of() : headers;
        String sender = Senders.address(from);
        String local = Senders.localPart(sender);
        String domain = sender == null ? "" : Senders.domain(sender);
        String precedence = h.getOrDefault("precedence", "").toLowerCase(Locale.ROOT).strip();
        String auto = h.getOrDefault("auto-submitted", "").toLowerCase(Locale.ROOT).strip();
        float[] f = new float[NAMES.size()];
        f[0] = h.containsKey("list-unsubscribe") ? 1 : 0;
        f[1] = h.containsKey("list-id") ? 1 : 0;
        f[2] = precedence.equals("bulk") || precedence.equals("junk") ? 1 : 0;
        f[3] = precedence.equals("list") ? 1 : 0;
        f[4] = !auto.isEmpty() && !auto.equals("no") ? 1 : 0;
        f[5] = h.containsKey("x-mailer") ? 1 : 0;
        f[6] = NO_REPLY.matcher(local).find() ? 1 : 0;
        f[7] = ROLE.matcher(local).matches() ? 1 : 0;
        f[8] = local.chars().anyMatch(Character::isDigit) ? 1 : 0;
        f[9] = domain.isEmpty() ? 0 : Math.min(3, domain.split("\\.").length - 2) / 3f;
        f[10] = Senders.FREE_MAIL.contains(domain) ? 1 : 0;
        f[11] = Math.min(32, local.length()) / 32f;
        return f;
    }
}
