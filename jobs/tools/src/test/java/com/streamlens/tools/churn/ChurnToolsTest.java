package com.streamlens.tools.churn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.operators.churn.ChurnModelArtefact;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ClickstreamFile;
import com.streamlens.tools.ToolInputTest;
import com.streamlens.tools.generator.ClickstreamGenerator;
import com.streamlens.tools.generator.CustomerLifecycles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert-online-retail and train-churn end to end on small files in the documented formats; the generator's life cycles. */
class ChurnToolsTest {
    static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    @Test
    void convertsInvoicesRefundsAndCustomersAndSaysWhatItLeftOut(@TempDir Path dir) throws Exception {
        Path csv = Files.write(dir.resolve("retail.csv"), List.of(HEADER,
                "536365,85123A,\"WHITE HANGING HEART T-LIGHT HOLDER, LARGE\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
                "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom",
                "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom",
                "536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom",
                "536415,22140,damaged,-3,2010-12-01 11:53:00,0,14527,United Kingdom"));
        Path out = dir.resolve("events.jsonl.gz");
        var ok = ToolInputTest.run(ConvertOnlineRetail::run, "--in", csv.toString(), "--out", out.toString());
        assertThat(ok.code()).isZero();
        JsonNode result = Json.MAPPER.readTree(ok.out().get(ok.out().size() - 1).substring("RESULT ".length()));
        assertThat(result.get("purchases").asInt()).isEqualTo(2);
        assertThat(result.get("refunds").asInt()).isEqualTo(1);
        assertThat(result.get("without_customer").asInt()).isEqualTo(1);
        assertThat(result.get("stock_adjustments").asInt()).isEqualTo(1);

        List<ClickEvent> events = ClickstreamFile.read(out, new com.streamlens.operators.io.BadRows(false));
        assertThat(events).hasSize(3);
        ClickEvent first = events.get(0);
        assertThat(first.type).isEqualTo(ClickType.PURCHASE);
        assertThat(first.userId).isEqualTo("c17850");
        assertThat(first.orderId).isEqualTo("536365");
        assertThat(first.itemId).isEqualTo("85123A");
        assertThat(first.revenue).isEqualTo(15.3);
        assertThat(first.ts).isEqualTo(java.time.Instant.parse("2010-12-01T08:26:00Z").toEpochMilli());
        assertThat(events.get(1).userId).as("UCI's float-formatted ids").isEqualTo("c17850");
        ClickEvent refund = events.get(2);
        assertThat(refund.type).isEqualTo(ClickType.REFUND);
        assertThat(refund.quantity).isEqualTo(1);
        assertThat(refund.revenue).isEqualTo(27.5);
        assertThat(refund.ts).as("UCI's original date format").isEqualTo(java.time.Instant.parse("2010-12-01T09:41:00Z").toEpochMilli());

        Files.write(dir.resolve("bad.csv"), List.of(HEADER, "536365,85123A,x,six,2010-12-01 08:26:00,2.55,17850,United Kingdom"));
        ToolInputTest.assertRefused(ToolInputTest.run(ConvertOnlineRetail::run, "--in", dir.resolve("bad.csv").toString(), "--out", out.toString()),
                dir.resolve("bad.csv") + ":2: Quantity 'six' is not a whole number");
        Files.write(dir.resolve("other.csv"), List.of("a,b,c", "1,2,3"));
        var wrong = ToolInputTest.run(ConvertOnlineRetail::run, "--in", dir.resolve("other.csv").toString(), "--out", out.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err().get(0)).contains("expected the columns InvoiceNo,StockCode");
    }

    @Test
    void lifecyclesLetSomeCustomersFadeOrLeaveAndMostStay() {
        CustomerLifecycles l = new CustomerLifecycles(0, 1_000_000);
        int leaves = 0, fades = 0, n = 10_000;
        for (int u = 0; u < n; u++) {
            switch (l.fate(u)) {
                case LEAVES -> {
                    leaves++;
                    assertThat(l.activity(u, 0)).isEqualTo(1);
                    assertThat(l.activity(u, 999_999)).isZero();
                }
                case FADES -> fades++;
                case STAYS -> assertThat(l.activity(u, 999_999)).isEqualTo(1);
            }
        }
        assertThat(leaves).isBetween(700, 900);
        assertThat(fades).isBetween(1_050, 1_350);
    }

    @Test
    void trainsOnAHistoryReportsAgainstTheBaselinesAndRefusesOneTooShort(@TempDir Path dir) throws Exception {
        // 300 days of a small store whose customers follow life cycles, written as the generator's history mode does.
        long end = 1_793_577_600_000L, start = end - 300 * 86_400_000L;
        ClickstreamGenerator g = new ClickstreamGenerator(3, 2, 300, 200).withLifecycles(new CustomerLifecycles(start, end - start));
        Path history = dir.resolve("history.jsonl");
        int total = 300 * 300;
        try (OutputStream o = ClickstreamFile.create(history)) {
            for (int i = 0; i < total; i++) {
                o.write(Json.toBytes(g.next(start + (end - start) * i / total)));
                o.write('\n');
            }
        }
        var ok = ToolInputTest.run(TrainChurn::run, "--events", history.toString(), "--out", dir.resolve("models").toString(),
                "--folds", "2", "--test-weeks", "3", "--epochs", "3");
        assertThat(ok.code()).as(String.join("\n", ok.err())).isZero();
        JsonNode r = Json.MAPPER.readTree(ok.out().get(ok.out().size() - 1).substring("RESULT ".length()));
        for (String k : List.of("auc", "pr_auc", "logloss", "brier", "baseline_recency_auc", "baseline_rfm_auc", "baseline_rfm_brier", "n_customers",
                "n_snapshots", "positive_rate", "auc_sd", "auc_gain_vs_rfm")) {
            assertThat(r.has(k)).as(k).isTrue();
        }
        assertThat(r.get("folds").asInt()).isEqualTo(2);
        assertThat(r.get("auc").asDouble()).isBetween(0.5, 1.0);
        assertThat(r.get("positive_rate").asDouble()).isBetween(0.0, 0.5);
        assertThat(ok.out()).anyMatch(l -> l.startsWith("calibration"));
        assertThat(ChurnModelArtefact.load(Path.of(r.get("path").asText())).version()).isEqualTo(r.get("version").asText());

        var tooShort = ToolInputTest.run(TrainChurn::run, "--events", history.toString(), "--out", dir.resolve("models").toString(), "--folds", "20",
                "--test-weeks", "8");
        assertThat(tooShort.code()).isEqualTo(2);
        assertThat(tooShort.err().get(0)).contains("labelled weekly cut-offs").contains("need more");
        assertThat(tooShort.printedResult()).isFalse();
    }
}
