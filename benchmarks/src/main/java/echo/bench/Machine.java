package echo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Where the figures were taken: numbers mean little without the machine, the JDK and the date. */
record Machine(int cores, String cpuModel, String jdk, String os, String date, String loadAverageBefore) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
                ProcStat.loadAverage());
    }

    /** The "model name" line of /proc/cpuinfo. */
    static String readCpuModel() {
        try {
            return cpuModelIn(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static String cpuModelIn(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }
}
