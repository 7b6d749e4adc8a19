package com.streamlens.operators.recs;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.SimilarListings;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimilarListBookTest {
    static final long MINUTE = 60_000;

    /** An item id that subtask {@code subtask} of {@code parallelism} owns. */
    static String ownedBy(int subtask, int parallelism, String prefix) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> prefix + i)
                .filter(id -> Math.floorMod(id.hashCode(), parallelism) == subtask).findFirst().orElseThrow();
    }

    @Test
    void eachItemBelongsToExactlyOneSubtask() {
        List<SimilarListBook> books = IntStream.range(0, 3).mapToObj(s -> new SimilarListBook(s, 3, MINUTE)).toList();
        for (int i = 0; i < 200; i++) {
            String id = "item-" + i;
            assertThat(books.stream().filter(b -> b.owns(id)).count()).as(id).isEqualTo(1);
        }
    }

    @Test
    void aChangedRowMakesItsListDueOncePerIntervalAndOnlyOnItsOwner() {
        SimilarListBook mine = new SimilarListBook(0, 2, MINUTE);
        String own = ownedBy(0, 2, "i"), other = ownedBy(1, 2, "i");
        mine.rowChanged(other, 0);
        assertThat(mine.dueCount()).isZero();
        mine.rowChanged(own, 0);
        assertThat(mine.takeDue(10)).containsExactly(own);
        mine.written(own, new String[] {"a", "b"}, 0);
        mine.rowChanged(own, MINUTE - 1);
        assertThat(mine.dueCount()).as("written less than the interval ago").isZero();
        mine.rowChanged(own, MINUTE);
        assertThat(mine.takeDue(10)).containsExactly(own);
    }

    @Test
    void takeDueHandsOutBatchesOldestFirst() {
        SimilarListBook book = new SimilarListBook(0, 1, MINUTE);
        for (String id : List.of("c", "a", "b", "d", "e")) book.rowChanged(id, 0);
        assertThat(book.takeDue(2)).containsExactly("c", "a");
        assertThat(book.takeDue(2)).containsExactly("b", "d");
        assertThat(book.takeDue(2)).containsExactly("e");
        assertThat(book.dueCount()).isZero();
    }

    @Test
    void everyListIsDueAgainEachTimeTheCatalogueDoubles() {
        SimilarListBook book = new SimilarListBook(0, 1, MINUTE);
        book.catalogueBuilt(10);
        book.written("a", new String[] {"b"}, 0);
        book.written("b", new String[] {"a"}, 0);
        assertThat(book.catalogueGrew(19)).isZero();
        assertThat(book.catalogueGrew(20)).isEqualTo(2);
        assertThat(book.takeDue(10)).containsExactlyInAnyOrder("a", "b");
        assertThat(book.catalogueGrew(39)).as("the mark moved to 20").isZero();
        assertThat(book.catalogueGrew(40)).isEqualTo(2);
    }

    @Test
    void aRetiredItemIsForgottenAndTheListsNamingItAreDue() {
        SimilarListBook book = new SimilarListBook(0, 1, MINUTE);
        book.written("a", new String[] {"x", "gone"}, 0);
        book.written("b", new String[] {"x", "y"}, 0);
        book.written("gone", new String[] {"a", "b"}, 0);
        book.rowChanged("gone", 2 * MINUTE);
        assertThat(book.retired("gone")).isEqualTo(1);
        assertThat(book.takeDue(10)).containsExactly("a");
        assertThat(book.writtenAt("gone")).isEqualTo(-1);
        book.written("a", new String[] {"x", "y"}, 3 * MINUTE);
        assertThat(book.retired("gone")).as("the rewritten list no longer names it").isZero();
    }

    @Test
    void packedListsAndDueItemsRestoreOnTheSubtasksThatOwnThemAfterARescale() {
        SimilarListBook one = new SimilarListBook(0, 1, MINUTE);
        List<String> items = IntStream.range(0, 20).mapToObj(i -> "i" + i).toList();
        for (String id : items) one.written(id, new String[] {id + "-near", "common"}, 7);
        one.rowChanged("i3", 10 * MINUTE);
        SimilarListings packed = one.pack();
        List<String> due = one.dueItems();

        List<SimilarListBook> two = IntStream.range(0, 2).mapToObj(s -> new SimilarListBook(s, 2, MINUTE)).toList();
        for (SimilarListBook b : two) b.restore(List.of(packed), due);
        for (String id : items) {
            SimilarListBook owner = two.get(Math.floorMod(id.hashCode(), 2)), other = two.get(1 - Math.floorMod(id.hashCode(), 2));
            assertThat(owner.writtenAt(id)).isEqualTo(7);
            assertThat(other.writtenAt(id)).isEqualTo(-1);
        }
        assertThat(two.get(0).dueCount() + two.get(1).dueCount()).isEqualTo(1);
        assertThat(two.get(0).takeDue(100).size() + two.get(1).takeDue(100).size()).isEqualTo(1);
        assertThat(two.get(0).retired("common") + two.get(1).retired("common")).as("the ids' hash codes came along").isEqualTo(20);
    }
}
