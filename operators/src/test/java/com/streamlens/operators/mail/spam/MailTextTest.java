package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailTextTest {
    @Test
    void keepsSubjectAndDecodedBodyAndDropsRoutingHeaders() {
        String raw = """
                From spammer@example.biz  Thu Aug 22 13:17:22 2002
                Received: from relay.example.net by mx.example.org
                Message-ID: <123@example.biz>
                Subject: Cheap =?utf-8?Q?m=C3=A9ds?=
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Buy now, it's =E2=82=AC5 only
                --b1
                Content-Type: text/html; charset=utf-8

                <html><body><p>Click <b>here</b></p></body></html>
                --b1--
                """.replace("\n", "\r\n");
        String text = MailText.fromRfc822(raw);
        assertThat(text).startsWith("Cheap méds\n\n");
        assertThat(text).contains("Buy now, it's €5 only");
        assertThat(text).doesNotContain("Received").doesNotContain("relay.example.net");
        // The HTML twin of the plain part is not read a second time.
        assertThat(text).doesNotContain("Click").doesNotContain("<b>");
    }

    @Test
    void readsHtmlAsTextWhenNoPlainAlternativeExists() {
        String raw = """
                Subject: Newsletter
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/html; charset=us-ascii

                <html><body><p>Click <b>here</b> &amp; save</p></body></html>
                --b1
                Content-Type: application/octet-stream

                AAAA
                --b1--
                """.replace("\n", "\r\n");
        String text = MailText.fromRfc822(raw);
        assertThat(text).isEqualTo("Newsletter\n\nClick here & save\n");
    }

    @Test
    void aStubPlainAlternativeGivesWayToItsHtmlTwin() {
        String raw = """
                Subject: DesktopEngineer.com Headlines
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/plain; charset=us-ascii

                If you are seeing this message, please visit http://desktopengineer.com to see the latest stories.
                --b1
                Content-Type: text/html; charset=us-ascii

                <html><body><h1>This week</h1><p>Scripting the desktop: a $200 prize for the best submission, a review of
                imaging tools for large networks, and how to push registry changes to a thousand machines at once.</p>
                <p>Also: patch management without tears, and readers' questions on roaming profiles answered.</p>
                <p>Next week: group policy for laptops that rarely see the office, and a look at the new imaging tools.</p></body></html>
                --b1--
                """.replace("\n", "\r\n");
        String text = MailText.fromRfc822(raw);
        assertThat(text).contains("a $200 prize for the best submission").contains("roaming profiles answered")
                .doesNotContain("If you are seeing this message").doesNotContain("<p>");
    }

    @Test
    void brokenMimeFallsBackToTheRawBody() {
        String text = MailText.fromRfc822("Subject: x\nContent-Type: multipart/mixed; boundary=\n\nbody without parts");
        assertThat(text).contains("body without parts");
    }
}
