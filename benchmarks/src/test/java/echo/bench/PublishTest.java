package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** --publish rewrites the root README's headline block between its markers, and nothing else. */
class PublishTest {
    @Test
    void onlyTheTextBetweenTheMarkersChanges() {
        String readme = "# Title\n\nbefore\n" + Publish.START + "\nold table\n" + Publish.END + "\nafter\n";
        assertEquals("# Title\n\nbefore\n" + Publish.START + "\nnew table\n" + Publish.END + "\nafter\n",
                Publish.replaced(readme, "new table\n"));
    }

    @Test
    void aReadmeWithoutTheMarkersIsNotTouched() {
        assertThrows(IllegalStateException.class, () -> Publish.replaced("# Title\nno markers\n", "x"));
    }
}
