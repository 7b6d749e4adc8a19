package com.streamlens.operators.mail;

import java.util.Locale;

/** A letter's sender as rules, reputation and header features see it: the bare address, lower-cased, and its domain. */
public final class Senders {
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
