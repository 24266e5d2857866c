package echo.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;

/** Finds the chapters on the class path, in reading order. */
public final class Chapters {
    private Chapters() {
    }

    /** Every registered chapter, sorted by id (so in reading order: 01, 02, ..., then the side chapters). */
    public static List<Chapter> all() {
        List<Chapter> chapters = new ArrayList<>();
        ServiceLoader.load(Chapter.class).forEach(chapters::add);
        chapters.sort(Comparator.comparing(Chapter::id));
        return chapters;
    }

    public static Chapter byId(String id) {
        return all().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no chapter '" + id + "' on the class path; found: "
                        + all().stream().map(Chapter::id).toList()));
    }
}
