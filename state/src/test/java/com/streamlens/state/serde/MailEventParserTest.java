package com.streamlens.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MailEventParserTest {
    private final MailEventParser parser = new MailEventParser();

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesAMailWithHeaders() throws Exception {
        MailEvent e = parser.parse(json("{'schema':1,'event_id':'m1','type':'mail_received','user_id':'u1','ts':1763900000000,"
                + "'mail_id':'x1','from':'a@b.c','to':'u1@mail','subject':'Hello','body':'Hi there',"
                + "'headers':{'received-spf':'pass'}}"));
        assertThat(e.type).isEqualTo(MailType.MAIL_RECEIVED);
        assertThat(e.headers).containsEntry("received-spf", "pass");
        assertThat(e.subject).isEqualTo("Hello");
    }

    @Test
    void rejectsIncompleteOrOversizedMail() throws Exception {
        assertThatThrownBy(() -> parser.parse(json("{'schema':1,'event_id':'m1','type':'mail_received','user_id':'u1','ts':1763900000000,'mail_id':'x','from':'a@b'}")))
                .hasMessageContaining("needs a 'subject' or a 'body'");
        assertThatThrownBy(() -> parser.parse(json("{'schema':1,'event_id':'m1','type':'feedback','user_id':'u1','ts':1763900000000,'mail_id':'x'}")))
                .hasMessageContaining("missing required field 'action'");
        assertThatThrownBy(() -> parser.parse(json("{'schema':1,'event_id':'m1','type':'feedback','user_id':'u1','ts':1763900000000,'mail_id':'x','action':'like'}")))
                .hasMessageContaining("invalid value for field 'action': like");
        assertThat(parser.parse(json("{'schema':1,'event_id':'m1','type':'feedback','user_id':'u1','ts':1763900000000,'mail_id':'x','action':'phishing'}")).action)
                .isEqualTo("phishing");
        String big = "y".repeat(MailEventParser.BODY_CHARS + 1);
        assertThatThrownBy(() -> parser.parse(json("{'schema':1,'event_id':'m1','type':'mail_received','user_id':'u1','ts':1763900000000,'mail_id':'x','from':'a@b','body':'" + big + "'}")))
                .hasMessageContaining("oversized field 'body'");
    }
}
