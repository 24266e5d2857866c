package echo.virtualthreads;

import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;
import echo.threadperclient.ThreadPerClientEvents;
import echo.threadperclient.ThreadPerClientWatcher;

/**
 * Chapter 07's {@code --trace} and {@code --stats}: chapter 02's, with what is new here. A trace line of the
 * read/write loop says which carrier (the OS thread of the JDK's scheduler) the virtual thread is mounted on at
 * that moment, so a trace shows a connection's thread park in {@code read()} and come back, often on another
 * carrier. The stats line counts the carriers, which stay few however many connections there are.
 */
final class VirtualThreadsWatcher extends ThreadPerClientWatcher {

    VirtualThreadsWatcher(Trace trace) {
        super(trace);
    }

    static ThreadPerClientEvents eventsFor(Watch watch) {
        return watch.on() ? watch.report(new VirtualThreadsWatcher(watch.trace())) : ThreadPerClientEvents.NONE;
    }

    @Override
    protected String kind() {
        return "virtual";
    }

    /**
     * " on ForkJoinPool-1-worker-2": the JDK shows a mounted virtual thread as
     * {@code VirtualThread[#22,name]/runnable@ForkJoinPool-1-worker-2}, the carrier after the '@' (no API says it).
     */
    @Override
    protected String where() {
        Thread current = Thread.currentThread();
        if (!current.isVirtual()) {
            return "";
        }
        String shown = current.toString();
        int at = shown.lastIndexOf('@');
        return at < 0 ? "" : " on carrier " + shown.substring(at + 1);
    }

    @Override
    public void sample(Stats.Sample sample) {
        super.sample(sample);
        sample.count("carrier threads", Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getClass().getName().equals("jdk.internal.misc.CarrierThread")).count());
    }
}
