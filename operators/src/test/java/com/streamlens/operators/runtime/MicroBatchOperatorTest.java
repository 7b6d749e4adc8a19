package com.streamlens.operators.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MicroBatchOperatorTest {
    /** Emits "size:first..last" per batch, as the answer to its last element, so the test sees how elements were grouped. */
    static final class DescribeBatch implements BatchFunction<Integer, String> {
        @Override
        public void process(List<Integer> batch, Results<String> out) {
            out.emit(batch.size() - 1, batch.size() + ":" + batch.get(0) + ".." + batch.get(batch.size() - 1));
        }
    }

    /** One result per element, in reverse order (a function need not answer in the batch's order). */
    static final class NegateEach implements BatchFunction<Integer, Integer> {
        @Override
        public void process(List<Integer> batch, Results<Integer> out) {
            for (int i = batch.size() - 1; i >= 0; i--) out.emit(i, -batch.get(i));
        }
    }

    @Test
    void batchesBySizeByWaitingTimeBeforeBarriersAndAtTheEnd() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new MicroBatchOperator<>(new DescribeBatch(), 3, 20))) {
            h.open();
            h.setProcessingTime(0);
            for (int i = 1; i <= 4; i++) h.processElement(i, i);
            assertThat(h.extractOutputValues()).containsExactly("3:1..3");

            h.setProcessingTime(19);
            assertThat(h.extractOutputValues()).hasSize(1);
            h.setProcessingTime(20); // element 4 waited 20 ms
            assertThat(h.extractOutputValues()).containsExactly("3:1..3", "1:4..4");

            h.processElement(5, 5);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).last().isEqualTo("1:5..5");

            h.processElement(6, 6);
            h.processElement(7, 7);
            h.endInput();
            assertThat(h.extractOutputValues()).last().isEqualTo("2:6..7");
            assertThat(h.extractOutputStreamRecords().get(0).getTimestamp()).as("the answered element's timestamp").isEqualTo(3);
        }
    }

    @Test
    void eachResultLeavesWithTheTimestampOfTheElementItAnswers() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new MicroBatchOperator<>(new NegateEach(), 4, 20))) {
            h.open();
            h.processElement(new StreamRecord<>(1, 100));
            h.processElement(new StreamRecord<>(2, 50)); // out of order: an earlier event arriving later
            h.processElement(new StreamRecord<>(3)); // no timestamp at all
            h.processElement(new StreamRecord<>(4, 70));

            List<StreamRecord<? extends Integer>> out = h.extractOutputStreamRecords();
            assertThat(h.extractOutputValues()).containsExactly(-4, -3, -2, -1);
            assertThat(out.get(0).getTimestamp()).isEqualTo(70);
            assertThat(out.get(1).hasTimestamp()).as("no timestamp in, none out").isFalse();
            assertThat(out.get(2).getTimestamp()).isEqualTo(50);
            assertThat(out.get(3).getTimestamp()).isEqualTo(100);
        }
    }

    @Test
    void aResultForNoElementOfTheBatchIsRefused() throws Exception {
        BatchFunction<Integer, Integer> beyond = (batch, out) -> out.emit(batch.size(), 0);
        try (var h = new OneInputStreamOperatorTestHarness<>(new MicroBatchOperator<>(beyond, 1, 20))) {
            h.open();
            assertThatThrownBy(() -> h.processElement(1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void aWatermarkGoesOnOnlyAfterTheBatchItCovers() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new MicroBatchOperator<>(new DescribeBatch(), 100, 1_000))) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(1, 10);
            h.processElement(2, 12);
            h.processWatermark(12);
            h.processElement(3, 15);

            assertThat(h.getOutput()).as("the batch, then the watermark; element 3 still waits").hasSize(2);
            Object[] out = h.getOutput().toArray();
            assertThat(((StreamRecord<?>) out[0]).getValue()).isEqualTo("2:1..2");
            assertThat(((Watermark) out[1]).getTimestamp()).isEqualTo(12);
        }
    }
}
