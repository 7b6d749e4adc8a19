package com.streamlens.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.state.events.CatalogueItem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatalogueItemParserTest {
    private final CatalogueItemParser parser = new CatalogueItemParser();

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAStoresItemAndItsTextForTagging() throws Exception {
        CatalogueItem i = parser.parse(json("{'item_id':'t1','site_id':'shop-1','title':'Шина летняя Nokian 205/55 R16',"
                + "'description':'Тихая и экономичная','category':'Авто/Шины/Летние','price':5490.0}"));
        assertThat(i.isAvailable()).isTrue();
        assertThat(i.text()).isEqualTo("Шина летняя Nokian 205/55 R16 Авто Шины Летние Тихая и экономичная");
        assertThat(parser.parse(json("{'item_id':'t1','site_id':'shop-1','title':'x','available':false}")).isAvailable()).isFalse();
    }

    @Test
    void refusesWhatCannotBeTaggedOrPricedWithTheReason() {
        assertThatThrownBy(() -> parser.parse(json("{'item_id':'t1','site_id':'shop-1'}"))).hasMessage("missing required field 'title'");
        assertThatThrownBy(() -> parser.parse(json("{'item_id':'t1','title':'x'}"))).hasMessageContaining("site_id");
        assertThatThrownBy(() -> parser.parse(json("{'item_id':'t1','site_id':'s','title':'x','price':-1}")))
                .hasMessage("price must be a finite number ≥ 0, got -1.0");
        assertThatThrownBy(() -> parser.parse(json("{'item_id':'t1','site_id':'s','title':'x','price':'cheap'}")))
                .hasMessageContaining("price");
    }

    @Test
    void aTombstoneRetiresTheItemNamedByItsKey() throws Exception {
        CatalogueItem gone = parser.parseTombstone("shop-1:t1".getBytes(StandardCharsets.UTF_8), 1_765_000_000_000L);
        assertThat(gone.siteId).isEqualTo("shop-1");
        assertThat(gone.itemId).isEqualTo("t1");
        assertThat(gone.isAvailable()).isFalse();
        assertThat(gone.ts).isEqualTo(1_765_000_000_000L);
        assertThatThrownBy(() -> parser.parseTombstone("t1".getBytes(StandardCharsets.UTF_8), 0)).hasMessageContaining("{site_id}:{item_id}");
    }
}
