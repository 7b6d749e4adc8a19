package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamCorpusTest {
    @Test
    void theBodyIsWhatFollowsTheSubjectEvenWhenTheSubjectHadLineBreaks() {
        String text = MailText.of("two\n\nlines", "the body\n\nwith paragraphs");
        assertThat(MailText.body(text)).isEqualTo("the body\n\nwith paragraphs");
        assertThat(MailText.body(MailText.of(null, "plain"))).isEqualTo("plain");
    }

    @Test
    void readsTheRawMessagesOfEachGroupFolderSoEightBitTextKeepsItsCharacters(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("spam-2"));
        Files.createDirectories(data.resolve("easy-ham-1"));
        byte[] koi8 = "Заработай деньги!".getBytes(Charset.forName("KOI8-R"));
        byte[] head = "Subject: BNIMANIE\nContent-Type: text/plain; charset=koi8-r\n\n".getBytes(StandardCharsets.US_ASCII);
        byte[] raw = new byte[head.length + koi8.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        System.arraycopy(koi8, 0, raw, head.length, koi8.length);
        Files.write(data.resolve("spam-2/00789.ffe4.txt"), raw);
        // The package's JSON copy of the same message, decoded as UTF-8: the Cyrillic letters are U+FFFD there.
        Files.writeString(data.resolve("spam-2/00789.ffe4.json"), "{\"group\":\"spam-2\",\"text\":\"Subject: BNIMANIE\\n\\n\\ufffd\\ufffd\"}");
        Files.writeString(data.resolve("easy-ham-1/00001.7c53.txt"), "Subject: minutes\n\nMinutes of Tuesday's meeting.\n");
        Files.writeString(data.resolve("file_list.json"), "[\"spam-2/00789.ffe4.txt\", \"easy-ham-1/00001.7c53.txt\"]");

        List<LabeledMail> mails = SpamCorpus.readSpamAssassin(data);

        assertThat(mails).extracting(LabeledMail::group).containsExactly("easy-ham-1", "spam-2");
        assertThat(mails).extracting(LabeledMail::spam).containsExactly(false, true);
        assertThat(mails.get(1).text()).isEqualTo("BNIMANIE\n\nЗаработай деньги!\n");
    }
}
