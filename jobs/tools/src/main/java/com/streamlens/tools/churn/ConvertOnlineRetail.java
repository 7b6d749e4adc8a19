package com.streamlens.tools.churn;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ClickstreamFile;
import com.streamlens.tools.ToolMain;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/convert-online-retail IN.csv[.gz] OUT.jsonl[.gz]: the UCI Online Retail format
 * ({@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country}) as clickstream events.
 * Each invoice line becomes a {@code purchase} (order_id = invoice, item_id = stock code, quantity, price, revenue); a
 * cancellation ({@code C…} invoice) a {@code refund}; the customer the {@code user_id}. Lines without a customer are
 * left out (counted: nobody can be followed); lines with another negative quantity are stock adjustments, not sales
 * (counted). Every event passes the job's parser before it is written. The last line is RESULT {json}.
 */
public final class ConvertOnlineRetail {
    static final List<String> HEADER = List.of("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country");
    /** The documented format, and UCI's original export ("12/1/2010 8:26"). */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");
    private static final DateTimeFormatter UCI = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");

    private ConvertOnlineRetail() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, ConvertOnlineRetail::run);
    }

    static void run(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        if (!p.has("in") || !p.has("out")) throw new BadInput("usage: convert-online-retail IN.csv[.gz] OUT.jsonl[.gz] [--site ID] [--skip-bad-rows]");
        Path in = Path.of(p.get("in"));
        Path out = Path.of(p.get("out"));
        String site = p.get("site", "online-retail");
        BadRows badRows = ToolMain.badRows(p);
        if (!Files.isRegularFile(in)) throw BadInput.of(in, "no such file");
        ClickEventParser parser = new ClickEventParser();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("lines", "purchases", "refunds", "without_customer", "stock_adjustments", "quantity_capped")) counts.put(k, 0L);
        try (Reader r = new InputStreamReader(ClickstreamFile.open(in), StandardCharsets.UTF_8); OutputStream o = ClickstreamFile.create(out)) {
            var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r);
            if (!records.getHeaderNames().containsAll(HEADER)) {
                throw BadInput.at(in, 1, "expected the columns " + String.join(",", HEADER) + ", got " + String.join(",", records.getHeaderNames()));
            }
            for (CSVRecord row : records) {
                counts.merge("lines", 1L, Long::sum);
                long line = row.getRecordNumber() + 1;
                ClickEvent e;
                try {
                    e = event(row, site, counts);
                } catch (BadInput bad) {
                    badRows.reject(BadInput.at(in, line, bad.getMessage()));
                    continue;
                }
                if (e == null) continue;
                byte[] json = Json.MAPPER.writeValueAsBytes(e);
                try {
                    parser.parse(json);
                } catch (Exception invalid) {
                    badRows.reject(BadInput.at(in, line, "the event would be refused: " + invalid.getMessage()));
                    continue;
                }
                o.write(json);
                o.write('\n');
                counts.merge(e.type == ClickType.REFUND ? "refunds" : "purchases", 1L, Long::sum);
                if (counts.get("lines") % 100_000 == 0) System.out.printf("converted %,d lines%n", counts.get("lines"));
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw BadInput.of(in, "cannot read as CSV: " + e.getMessage());
        }
        ToolMain.reportSkipped(badRows);
        System.out.printf("wrote %s: %,d purchases, %,d refunds; left out %,d lines without a customer and %,d stock adjustments%n", out,
                counts.get("purchases"), counts.get("refunds"), counts.get("without_customer"), counts.get("stock_adjustments"));
        Map<String, Object> result = new LinkedHashMap<>(counts);
        result.put("skipped_bad_rows", badRows.skipped());
        result.put("out", out.toString());
        System.out.println("RESULT " + Json.toString(result));
    }

    /** The event of one invoice line, or null for a line that is no customer's sale or refund. */
    static ClickEvent event(CSVRecord row, String site, Map<String, Long> counts) {
        if (row.size() < HEADER.size()) throw new BadInput("expected " + HEADER.size() + " columns, got " + row.size());
        String invoice = row.get("InvoiceNo").trim();
        String customer = row.get("CustomerID").trim();
        if (customer.endsWith(".0")) customer = customer.substring(0, customer.length() - 2);
        if (customer.isEmpty()) {
            counts.merge("without_customer", 1L, Long::sum);
            return null;
        }
        if (invoice.isEmpty()) throw new BadInput("InvoiceNo is empty");
        long quantity = number(row.get("Quantity"), "Quantity");
        double price = decimal(row.get("UnitPrice"), "UnitPrice");
        boolean refund = invoice.startsWith("C") || invoice.startsWith("c");
        if (!refund && quantity <= 0) {
            counts.merge("stock_adjustments", 1L, Long::sum);
            return null;
        }
        if (price < 0) throw new BadInput("UnitPrice " + price + " is negative");
        long units = Math.abs(quantity);
        if (units == 0) throw new BadInput("Quantity is 0");
        ClickEvent e = new ClickEvent();
        e.schema = ClickEvent.SCHEMA_VERSION;
        e.eventId = "or-" + invoice + "-" + row.getRecordNumber();
        e.type = refund ? ClickType.REFUND : ClickType.PURCHASE;
        e.siteId = site;
        e.userId = "c" + customer;
        e.sessionId = invoice;
        e.ts = time(row.get("InvoiceDate"));
        e.orderId = invoice;
        e.itemId = row.get("StockCode").trim();
        if (e.itemId.isEmpty()) throw new BadInput("StockCode is empty");
        if (units > 10_000) counts.merge("quantity_capped", 1L, Long::sum); // the schema's limit; the revenue stays whole
        e.quantity = (int) Math.min(units, 10_000);
        e.price = price;
        e.revenue = Math.round(units * price * 100) / 100.0;
        e.currency = "GBP";
        return e;
    }

    static long time(String s) {
        String t = s.trim();
        try {
            return LocalDateTime.parse(t, t.contains("/") ? UCI : ISO).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new BadInput("InvoiceDate '" + s + "' is neither YYYY-MM-DD HH:MM:SS nor M/D/YYYY H:MM");
        }
    }

    private static long number(String s, String column) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new BadInput(column + " '" + s + "' is not a whole number");
        }
    }

    private static double decimal(String s, String column) {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BadInput(column + " '" + s + "' is not a number");
        }
    }
}
