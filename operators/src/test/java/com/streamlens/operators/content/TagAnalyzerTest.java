package com.streamlens.operators.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagAnalyzerTest {
    private final TagAnalyzer analyzer = new TagAnalyzer(List.of("Колесо.ру"));

    @Test
    void aTyreSearchersTitleSharesItsStemsSizesAndModelWithATyreProduct() {
        List<String> page = analyzer.tags("Шины летние 205/55 R16 для Toyota Corolla");
        List<String> item = analyzer.tags("Летняя шина Nokian 205/55 R16");
        assertThat(page).containsExactly("шин", "летн", "205/55", "r16", "toyota", "corolla"); // "для" is a stop word
        assertThat(item).containsExactly("летн", "шин", "nokian", "205/55", "r16");
        assertThat(item).filteredOn(page::contains).containsExactlyInAnyOrder("летн", "шин", "205/55", "r16");
    }

    @Test
    void englishWordsAreStemmedAsEnglishAndModelNumbersStayWhole() {
        assertThat(analyzer.tags("Apple iPhone 15 Pro Max 256GB, running shoes")).containsExactly(
                "appl", "iphon", "15", "pro", "max", "256gb", "run", "shoe");
        assertThat(analyzer.tags("Телевизор Samsung 55\" 4K UHD, диагональ 1.5 м")).containsExactly(
                "телевизор", "samsung", "55", "4k", "uhd", "диагонал", "1.5");
    }

    @Test
    void yoIsFoldedIntoYeAndCaseIsIgnored() {
        assertThat(analyzer.tags("ЁЛКА искусственная")).isEqualTo(analyzer.tags("елка Искусственная"));
    }

    @Test
    void specialWordsOfEveryStoreAndOfTheSiteAreDroppedInAnyForm() {
        assertThat(analyzer.tags("Купить шины недорого: цены, доставка — Колесо.ру")).containsExactly("шин");
        assertThat(analyzer.tags("Buy cheap tyres online at the best prices")).containsExactly("tyre");
        assertThat(analyzer.tags("Шины по лучшей цене, скидки")).containsExactly("шин");
        assertThat(new TagAnalyzer().tags("колесо.ру")).as("another site keeps the word").isNotEmpty();
    }

    @Test
    void emptyAndSymbolOnlyTextsHaveNoTags() {
        assertThat(analyzer.tags("")).isEmpty();
        assertThat(analyzer.tags(null)).isEmpty();
        assertThat(analyzer.tags("— !!! ... ©")).isEmpty();
    }
}
