package echo.exercises;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Prints one line per exercise, done or not yet, from the result file each exercise's judge wrote in this run
 * ({@code mvn -q -f exercises test -Dprogress}, see exercises/README.md).
 */
public final class Progress {
    private Progress() {
    }

    public static void main(String[] args) throws IOException {
        Path exercises = Path.of(args.length > 0 ? args[0] : "exercises");
        List<Path> all;
        try (Stream<Path> dirs = Files.list(exercises)) {
            all = dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .filter(d -> d.getFileName().toString().matches("\\d\\d-.*|a\\d-.*"))
                    .sorted().toList();
        }
        int done = 0;
        StringBuilder table = new StringBuilder("\n| exercise | status | chapter tests passing |\n| --- | --- | ---: |\n");
        for (Path dir : all) {
            Path result = dir.resolve("target/exercise-result.properties");
            String status;
            String tests;
            if (Files.isRegularFile(result)) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(result)) {
                    p.load(r);
                }
                boolean ok = Boolean.parseBoolean(p.getProperty("done"));
                done += ok ? 1 : 0;
                status = ok ? "done" : "not yet";
                tests = p.getProperty("passed") + " / " + p.getProperty("total");
            } else {
                status = "not run";
                tests = "";
            }
            table.append("| ").append(dir.getFileName()).append(" | ").append(status).append(" | ")
                    .append(tests).append(" |\n");
        }
        table.append("\n").append(done).append(" of ").append(all.size()).append(" exercises done.");
        if (done < all.size()) {
            table.append(" Next: mvn -q -pl exercises/NN-name test -Dexercise shows what a \"not yet\" still misses.");
        }
        System.out.println(table);
    }
}
