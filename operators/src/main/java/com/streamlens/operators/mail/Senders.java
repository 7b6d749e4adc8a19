package com.streamlens.operators.mail;

import java.util.Locale;
import java.util.Set;

/** A letter's sender as rules, reputation and header features see it: the bare address, lower-cased, and its domain. */
public final class Senders {
    /** The big free-mail providers: a domain rule on one of them would file every stranger's letter. */
    public static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com",
            "live.com", "icloud.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "mail.ru", "bk.ru", "inbox.ru",
            "list.ru", "yandex.ru", "ya.ru", "rambler.ru");

    private Senders() {}

    /** {@code "Shop News" <News@Shop.Example>} → {@code news@shop.example}; a bare address is lower-cased; null stays null. */
    public static String address(String from) {
        if (from == null) return null;
        String s = from.strip();
        int open = s.lastIndexOf('<'), close = s.lastIndexOf('>');
        if (open >= 0 && close > open) s = s.substring(open + 1, close).strip();
        return s.toLowerCase(Locale.ROOT);
    }

    /** The part after the last '@' of an address from {@link #address}; the whole string when it has none. */
    public static String domain(String address) {
        if (address == null) return null;
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(at + 1);
    }

    /** The local part: what comes before the last '@'. */
    public static String localPart(String address) {
        if (address == null) return "";
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(0, at);
    }
}
