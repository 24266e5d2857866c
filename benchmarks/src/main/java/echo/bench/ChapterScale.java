package echo.bench;

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
 */
record ChapterScale(
        String id,
        String title,
        List<LoadPoint> load,
        List<SkippedPoint> loadSkipped,
        Idle idle,
        List<Hold> holds,
        String holdSkipped,
        String failure) {

    /**
     * Round trips at one connection count.
     *
     * @param serverMicrosPerMessage CPU time of the whole server process (all threads, user + kernel) in the
     *                               measured window, divided by the round trips completed in it
     * @param clientMicrosPerMessage the same for the process running the load client
     */
    record LoadPoint(int connections, int payload, double messagesPerSecond, double serverMicrosPerMessage,
                     double clientMicrosPerMessage, double p50Micros, double p99Micros, double p999Micros,
                     long messages, long errors, List<String> errorSamples) {
        Json toJson() {
            return new Json().field("connections", connections).field("payloadBytes", payload)
                    .field("messagesPerSecond", messagesPerSecond)
                    .field("serverCpuMicrosPerMessage", serverMicrosPerMessage)
                    .field("clientCpuMicrosPerMessage", clientMicrosPerMessage)
                    .field("p50Micros", p50Micros).field("p99Micros", p99Micros).field("p999Micros", p999Micros)
                    .field("messages", messages).field("errors", errors).field("errorSamples", errorSamples);
        }
    }

    record SkippedPoint(int connections, String why) {
        Json toJson() {
            return new Json().field("connections", connections).field("skipped", why);
        }
    }

    /**
     * The server at rest, after the load: CPU over a window with no connections, and with a few idle ones.
     *
     * @param cpuPercentFewConnections NaN when the chapter has no connections to hold (UDP)
     */
    record Idle(double windowSeconds, double cpuPercentNoConnections, int fewConnections,
                double cpuPercentFewConnections, int threads, long rssKiB, long heapBytes) {
        Json toJson() {
            return new Json().field("windowSeconds", windowSeconds)
                    .field("cpuPercentOfOneCoreNoConnections", cpuPercentNoConnections)
                    .field("fewConnections", fewConnections)
                    .field("cpuPercentOfOneCoreFewConnections", cpuPercentFewConnections)
                    .field("threads", threads).field("rssKiB", rssKiB).field("heapBytesAfterGc", heapBytes);
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

        /** Live heap each held connection added, over the server at rest. */
        double heapKiBPerConnection(Idle base) {
            return held() == 0 ? Double.NaN : (heapBytes - base.heapBytes()) / 1024.0 / held();
        }

        Json toJson(Idle base) {
            return new Json().field("requested", requested).field("established", established)
                    .field("closedByServer", closedByServer).field("held", held()).field("threads", threads)
                    .field("rssKiB", rssKiB).field("heapBytesAfterGc", heapBytes)
                    .field("rssKiBPerConnection", rssKiBPerConnection(base))
                    .field("heapKiBPerConnection", heapKiBPerConnection(base))
                    .field("cpuPercentOfOneCore", cpuPercent).field("note", note);
        }
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

    Json toJson() {
        return new Json().field("chapter", id).field("title", title)
                .field("load", load.stream().map(LoadPoint::toJson).toList())
                .field("loadSkipped", loadSkipped.stream().map(SkippedPoint::toJson).toList())
                .field("idle", idle == null ? null : idle.toJson())
                .field("holds", idle == null ? List.of() : holds.stream().map(h -> h.toJson(idle)).toList())
                .field("holdSkipped", holdSkipped)
                .field("failure", failure);
    }
}
