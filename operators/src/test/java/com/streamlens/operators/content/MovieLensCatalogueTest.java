package com.streamlens.operators.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensCatalogueTest {
    @Test
    void readsQuotedTitlesWithGenresAndTimedTagsInTimeOrder(@TempDir Path dir) throws Exception {
        Path movies = Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n"
                + "11,\"American President, The (1995)\",Comedy|Drama\n5,Untitled (2001),(no genres listed)\n");
        assertThat(MovieLensCatalogue.readMovies(movies, new BadRows(false))).containsExactly(
                java.util.Map.entry("1", "Toy Story (1995) Adventure Animation"),
                java.util.Map.entry("11", "American President, The (1995) Comedy Drama"),
                java.util.Map.entry("5", "Untitled (2001)"));
        Path tags = Files.writeString(dir.resolve("tags.csv"), "userId,movieId,tag,timestamp\n2,1,pixar,20\n3,11,\"politics, romance\",10\n");
        assertThat(MovieLensCatalogue.readTags(tags, new BadRows(false))).containsExactly(
                new MovieLensCatalogue.TimedTag("11", "politics, romance", 10_000), new MovieLensCatalogue.TimedTag("1", "pixar", 20_000));
    }

    @Test
    void aBadRowNamesItsFileLineAndFieldUnlessSkipped(@TempDir Path dir) throws Exception {
        Path tags = Files.writeString(dir.resolve("tags.csv"), "userId,movieId,tag,timestamp\n2,1,pixar,20\n2,1,funny,soon\n");
        assertThatThrownBy(() -> MovieLensCatalogue.readTags(tags, new BadRows(false))).isInstanceOf(BadInput.class)
                .hasMessage(tags + ":3: timestamp \"soon\" is not a whole number of seconds");
        BadRows skip = new BadRows(true);
        assertThat(MovieLensCatalogue.readTags(tags, skip)).hasSize(1);
        Path movies = Files.writeString(dir.resolve("movies.csv"), "id,name\n1,x\n");
        assertThatThrownBy(() -> MovieLensCatalogue.readMovies(movies, new BadRows(false)))
                .hasMessage(movies + ":1: expected the header movieId,title,genres, got \"id,name\"");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThatThrownBy(() -> MovieLensCatalogue.readMovies(empty, new BadRows(false))).hasMessageContaining("empty file");
    }
}
