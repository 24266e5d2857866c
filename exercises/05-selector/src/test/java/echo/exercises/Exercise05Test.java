package echo.exercises;

import java.util.List;

/** Exercise 05, judged by chapter 05's Handler steps (a stub connection), contract, idle-loop, drained-connection, half-close and backpressure tests. */
class Exercise05Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "05-selector";
    }

    @Override
    protected String lessonClass() {
        return "echo.selector.Handler";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.selector.HandlerStepsTest", // first: no sockets, the watermarks to the byte
                "echo.selector.SelectorContractTest", "echo.selector.DrainedConnectionTest",
                "echo.selector.BackpressureTest",
                "echo.selector.SelectorIdleTest"); // last: with pending output never flushed, its blocking read waits for ever
    }
}
