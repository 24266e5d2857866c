package echo.exercises;

import java.util.List;

/** Exercise 03, judged by chapter 03's contract, pool-limits and lifecycle tests. */
class Exercise03Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "03-thread-pool";
    }

    @Override
    protected String lessonClass() {
        return "echo.pool.ThreadPoolServer";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.pool.ThreadPoolContractTest", "echo.pool.PoolLimitsTest", "echo.pool.LifecycleTest");
    }
}
