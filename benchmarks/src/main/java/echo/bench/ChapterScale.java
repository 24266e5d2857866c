package echo.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the scale runner measured for one chapter, its server in a process of its own.
 *
 * @param load        round trips at each connection count
 * @param loadSkipped connection counts the chapter cannot serve, with the reason
 * @param idle        CPU and memory with no load (null if the chapter could not be measured at all)
 * @param holds       threads, memory and CPU while holding many idle connections
 * @param holdSkipped why holding idle connections tells nothing about this chapter, or null
 * @param failure     why measuring this chapter failed part-way, or null
 * @param unavailable why this subject could not be measured at all here (a variant's transport the machine
 *                    lacks, an option its chapter does not know), or null: a skip, not a failure
 */
record ChapterScale(
        String id,
        String title,
        List<LoadPoint> load,
        List<SkippedPoint> loadSkipped,
        Idle idle,
        List<Hold> holds,
        String holdSkipped,
        String failure,
        String unavailable) {

    ChapterScale(String id, String title, List<LoadPoint> load, List<SkippedPoint> loadSkipped, Idle idle,
                 List<Hold> holds, String holdSkipped, String failure) {
        this(id, title, load, loadSkipped, idle, holds, holdSkipped, failure, null);
    }

    /** A subject that could not be had on this machine: nothing measured, and why. */
    static ChapterScale unavailable(String id, String title, String why) {
        return new ChapterScale(id, title, List.of(), List.of(), null, List.of(), null, null, why);
    }

    /**
     * Round trips at one connection count.
     *
     * @param serverMicrosPerMessage CPU time of the whole server process (all threads, user + kernel) in the
     *                               measured window, divided by the round trips completed in it
     * @param clientMicrosPerMessage the same for the process running the load client
     * @param windows                msgs/s of every measured window at this count, when it was measured more
     *                               than once (interleaved with other subjects); this point is then the median
     *                               window, all its figures from that one window. Empty for a single window.
     */
    record LoadPoint(int connections, int payload, double messagesPerSecond, double serverMicrosPerMessage,
                     double clientMicrosPerMessage, double p50Micros, double p99Micros, double p999Micros,
                     long messages, long errors, List<String> errorSamples, List<Double> windows) {
        LoadPoint {
            windows = List.copyOf(windows);
        }

        LoadPoint(int connections, int payload, double messagesPerSecond, double serverMicrosPerMessage,
                  double clientMicrosPerMessage, double p50Micros, double p99Micros, double p999Micros,
                  long messages, long errors, List<String> errorSamples) {
            this(connections, payload, messagesPerSecond, serverMicrosPerMessage, clientMicrosPerMessage, p50Micros,
                    p99Micros, p999Micros, messages, errors, errorSamples, List.of());
        }

        /**
         * The median of several windows (by msgs/s; the lower middle one of an even number), carrying every
         * window's msgs/s and the errors of all of them.
         */
        static LoadPoint median(List<LoadPoint> windows) {
            List<LoadPoint> sorted = windows.stream()
                    .sorted(java.util.Comparator.comparingDouble(LoadPoint::messagesPerSecond)).toList();
            LoadPoint m = sorted.get((sorted.size() - 1) / 2);
            long errors = windows.stream().mapToLong(LoadPoint::errors).sum();
            List<String> samples = windows.stream().flatMap(w -> w.errorSamples().stream()).limit(5).toList();
            return new LoadPoint(m.connections(), m.payload(), m.messagesPerSecond(), m.serverMicrosPerMessage(),
                    m.clientMicrosPerMessage(), m.p50Micros(), m.p99Micros(), m.p999Micros(), m.messages(), errors,
                    samples, windows.stream().map(LoadPoint::messagesPerSecond).toList());
        }

        /** The lowest and highest msgs/s of its windows (its own figure twice for a single window). */
        double lowestWindow() {
            return windows.stream().mapToDouble(Double::doubleValue).min().orElse(messagesPerSecond);
        }

        double highestWindow() {
            return windows.stream().mapToDouble(Double::doubleValue).max().orElse(messagesPerSecond);
        }

        ObjectNode toJson() {
            ObjectNode json = JsonFiles.object().put("connections", connections).put("payloadBytes", payload);
            JsonFiles.number(json, "messagesPerSecond", messagesPerSecond);
            JsonFiles.number(json, "serverCpuMicrosPerMessage", serverMicrosPerMessage);
            JsonFiles.number(json, "clientCpuMicrosPerMessage", clientMicrosPerMessage);
            JsonFiles.number(json, "p50Micros", p50Micros);
            JsonFiles.number(json, "p99Micros", p99Micros);
            JsonFiles.number(json, "p999Micros", p999Micros);
            json.put("messages", messages).put("errors", errors);
            errorSamples.forEach(json.putArray("errorSamples")::add);
            if (!windows.isEmpty()) {
                ArrayNode each = json.putArray("windowsMessagesPerSecond");
                windows.forEach(each::add);
            }
            return json;
        }
    }

    record SkippedPoint(int connections, String why) {
        ObjectNode toJson() {
            return JsonFiles.object().put("connections", connections).put("skipped", why);
        }
    }

    /**
     * The server at rest, after the load: CPU over a window with no connections, and with a few idle ones.
     *
     * @param cpuPercentFewConnections NaN when the chapter has no connections to hold (UDP)
     */
    record Idle(double windowSeconds, double cpuPercentNoConnections, int fewConnections,
                double cpuPercentFewConnections, int threads, long rssKiB, long heapBytes) {
        ObjectNode toJson() {
            ObjectNode json = JsonFiles.object().put("windowSeconds", windowSeconds);
            JsonFiles.number(json, "cpuPercentOfOneCoreNoConnections", cpuPercentNoConnections);
            json.put("fewConnections", fewConnections);
            JsonFiles.number(json, "cpuPercentOfOneCoreFewConnections", cpuPercentFewConnections);
            return json.put("threads", threads).put("rssKiB", rssKiB).put("heapBytesAfterGc", heapBytes);
        }
    }

    /**
     * The server holding many idle connections.
     *
     * @param established    connections the client could open
     * @param closedByServer of those, how many the server closed again (refused past a pool and its queue, say)
     * @param cpuPercent     server CPU while they sat idle, in % of one core
     * @param note           why fewer were held than asked for, or null
     */
    record Hold(int requested, int established, int closedByServer, int threads, long rssKiB, long heapBytes,
                double cpuPercent, String note) {
        int held() {
            return established - closedByServer;
        }

        Hold withNote(String text) {
            return new Hold(requested, established, closedByServer, threads, rssKiB, heapBytes, cpuPercent, text);
        }

        /** Resident memory each held connection added, over the server at rest. */
        double rssKiBPerConnection(Idle base) {
            return held() == 0 ? Double.NaN : (double) (rssKiB - base.rssKiB()) / held();
        }

        /**
         * Whether a per-connection figure ({@link #rssKiBPerConnection}, {@link #heapKiBPerConnection}) measures a
         * cost: a connection cannot take less than nothing, so a figure at or below zero means the server's memory
         * moved by more between the two readings than the connections added (the JVM gave back heap, the allocator
         * returned pages). That is below what the readings resolve, not a cost of zero, and is never ranked.
         */
        static boolean resolved(double kibPerConnection) {
            return kibPerConnection > 0;
        }

        /** Live heap each held connection added, over the server at rest. */
        double heapKiBPerConnection(Idle base) {
            return held() == 0 ? Double.NaN : (heapBytes - base.heapBytes()) / 1024.0 / held();
        }

        ObjectNode toJson(Idle base) {
            ObjectNode json = JsonFiles.object().put("requested", requested).put("established", established)
                    .put("closedByServer", closedByServer).put("held", held()).put("threads", threads)
                    .put("rssKiB", rssKiB).put("heapBytesAfterGc", heapBytes);
            JsonFiles.number(json, "rssKiBPerConnection", rssKiBPerConnection(base));
            JsonFiles.number(json, "heapKiBPerConnection", heapKiBPerConnection(base));
            JsonFiles.number(json, "cpuPercentOfOneCore", cpuPercent);
            return json.put("note", note);
        }
    }

    /** This subject with {@code points} in place of (or beside) its load points at their counts, by count. */
    ChapterScale withLoad(List<LoadPoint> points) {
        List<LoadPoint> merged = new java.util.ArrayList<>(load.stream()
                .filter(p -> points.stream().noneMatch(q -> q.connections() == p.connections())).toList());
        merged.addAll(points);
        merged.sort(java.util.Comparator.comparingInt(LoadPoint::connections));
        return new ChapterScale(id, title, merged, loadSkipped, idle, holds, holdSkipped, failure, unavailable);
    }

    /** The load point at {@code connections}, or null. */
    LoadPoint loadAt(int connections) {
        return load.stream().filter(p -> p.connections() == connections).findFirst().orElse(null);
    }

    /** The hold of {@code requested} connections, or null. */
    Hold holdOf(int requested) {
        return holds.stream().filter(h -> h.requested() == requested).findFirst().orElse(null);
    }

    /** Why there is no load point at {@code connections}, or null. */
    String whyNoLoadAt(int connections) {
        return loadSkipped.stream().filter(s -> s.connections() == connections).map(SkippedPoint::why)
                .findFirst().orElse(null);
    }

    ObjectNode toJson() {
        ObjectNode json = JsonFiles.object().put("chapter", id).put("title", title);
        ArrayNode points = json.putArray("load");
        load.forEach(p -> points.add(p.toJson()));
        ArrayNode skipped = json.putArray("loadSkipped");
        loadSkipped.forEach(p -> skipped.add(p.toJson()));
        json.set("idle", idle == null ? null : idle.toJson());
        ArrayNode held = json.putArray("holds");
        if (idle != null) {
            holds.forEach(h -> held.add(h.toJson(idle)));
        }
        return json.put("holdSkipped", holdSkipped).put("failure", failure).put("unavailable", unavailable);
    }
}
