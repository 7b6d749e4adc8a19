package com.streamlens.operators.mail.spam;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.jsoup.Jsoup;

/**
 * The text a spam model may look at: subject and body only. Routing headers (Received, Message-ID, dates)
 * would let a model learn where a corpus came from instead of what spam says. MIME is decoded with Jakarta
 * Mail (quoted-printable, base64, multipart), HTML reduced to its text with jsoup; of a multipart/alternative
 * only the plain-text version is read when there is one.
 */
public final class MailText {
    /** Bodies are cut here: the first 64 KiB carry the signal and bound the featurisation cost. */
    public static final int MAX_BODY_CHARS = 64 * 1024;
    /** A plain alternative under this share of its HTML twin's text is a stub: SpamAssassin's 16 are notices, empty or a link; of its other 218, most run 60–160%. */
    static final double STUB_SHARE = 0.3;
    private static final Session SESSION = Session.getInstance(new Properties());

    private MailText() {}

    /** Subject and body as one text: "subject\n\nbody" (line breaks in the subject become blanks, as the featuriser folds them anyway). */
    public static String of(String subject, String body) {
        String b = body == null ? "" : body;
        if (b.length() > MAX_BODY_CHARS) b = b.substring(0, MAX_BODY_CHARS);
        String s = subject == null ? "" : subject.replace('\r', ' ').replace('\n', ' ');
        return s + "\n\n" + b;
    }

    /** The body part of a text made by {@link #of}. */
    public static String body(String text) {
        int at = text.indexOf("\n\n");
        return at < 0 ? text : text.substring(at + 2);
    }

    /** Subject and decoded body text of a raw RFC-822 message; never throws on malformed MIME. */
    public static String fromRfc822(String raw) {
        try {
            MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            StringBuilder body = new StringBuilder();
            appendText(m, body, 0);
            return of(m.getSubject(), body.toString());
        } catch (MessagingException | IOException | RuntimeException e) {
            // Broken MIME is itself a spam signal; fall back to the undecoded text after the header block.
            int split = raw.indexOf("\n\n");
            return of(null, split < 0 ? raw : raw.substring(split + 2));
        }
    }

    private static void appendText(Part p, StringBuilder out, int depth) throws MessagingException, IOException {
        if (depth > 8 || out.length() > MAX_BODY_CHARS) return;
        if (p.isMimeType("text/plain")) {
            out.append(content(p)).append('\n');
        } else if (p.isMimeType("text/html")) {
            out.append(htmlText(p)).append('\n');
        } else if (p.isMimeType("multipart/*")) {
            Object c = p.getContent();
            if (c instanceof Multipart mp) {
                String alternative = p.isMimeType("multipart/alternative") ? alternativeText(mp) : null;
                if (alternative != null) {
                    out.append(alternative).append('\n');
                } else {
                    for (int i = 0; i < mp.getCount(); i++) {
                        BodyPart part = mp.getBodyPart(i);
                        appendText(part, out, depth + 1);
                    }
                }
            }
        } else if (p.isMimeType("message/rfc822")) {
            Object c = p.getContent();
            if (c instanceof Part inner) appendText(inner, out, depth + 1);
        } else if (p.getContentType() == null || p.getContentType().toLowerCase().startsWith("text")) {
            out.append(content(p)).append('\n');
        }
    }

    /**
     * The text of a multipart/alternative: its text/plain part, or null for "read every part" when it has none. Its parts
     * say the same thing twice; reading the plain one makes a newsletter with an HTML twin look like the plain letters
     * it is (old→new AUC 0.9902 → 0.9913). But a plain part under {@link #STUB_SHARE} of its HTML twin's text is a stub
     * ("your mail program cannot show this newsletter, visit …"; 9 hard ham and 7 spam in SpamAssassin), so the HTML's
     * text is read then: the letter is what the sender wrote in it.
     */
    private static String alternativeText(Multipart mp) throws MessagingException, IOException {
        Part plain = null;
        Part html = null;
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart part = mp.getBodyPart(i);
            if (plain == null && part.isMimeType("text/plain")) plain = part;
            if (html == null && part.isMimeType("text/html")) html = part;
        }
        if (plain == null) return null;
        String plainText = content(plain);
        if (html == null) return plainText;
        String htmlText = htmlText(html);
        return plainText.strip().length() < STUB_SHARE * htmlText.strip().length() ? htmlText : plainText;
    }

    /** The text a reader sees of an HTML part (jsoup: tags, scripts and styles dropped, entities decoded). */
    private static String htmlText(Part p) throws MessagingException, IOException {
        return Jsoup.parse(content(p)).text();
    }

    private static String content(Part p) throws MessagingException, IOException {
        Object c;
        try {
            c = p.getContent();
        } catch (IOException | RuntimeException unsupportedCharset) {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
        if (c instanceof String s) return s;
        if (c instanceof InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
        return "";
    }
}
