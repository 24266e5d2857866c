package echo.exercises;

import java.util.List;

/** Exercise 01, judged by chapter 01's contract, lifecycle and waiting-in-line tests. */
class Exercise01Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "01-blocking";
    }

    @Override
    protected String lessonClass() {
        return "echo.blocking.BlockingServer";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.blocking.BlockingContractTest", "echo.blocking.WaitingInLineTest",
                "echo.blocking.LifecycleTest");
    }
}
