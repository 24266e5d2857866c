package echo.exercises;

import java.util.List;

/** Exercise 02, judged by chapter 02's contract, thread, max-connections and lifecycle tests. */
class Exercise02Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "02-thread-per-client";
    }

    @Override
    protected String lessonClass() {
        return "echo.threadperclient.ThreadPerClientServer";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.threadperclient.ThreadPerClientContractTest",
                "echo.threadperclient.ThreadsGrowWithClientsTest", "echo.threadperclient.MaxConnectionsTest",
                "echo.threadperclient.NoThreadLeftTest", "echo.threadperclient.LifecycleTest");
    }
}
