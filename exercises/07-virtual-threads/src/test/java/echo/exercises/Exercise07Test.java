package echo.exercises;

import java.util.List;

/** Exercise 07 (JDK 21+), judged by chapter 07's contract and thousands-of-connections tests. */
class Exercise07Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "07-virtual-threads";
    }

    @Override
    protected String lessonClass() {
        return "echo.virtualthreads.VirtualThreadsServer";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.virtualthreads.VirtualThreadsContractTest",
                "echo.virtualthreads.ThousandsOfConnectionsTest");
    }
}
