package echo.exercises;

import java.util.List;

/** Exercise 04, judged by chapter 04's contract, round and finished-clients tests. */
class Exercise04Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "04-nonblocking-poll";
    }

    @Override
    protected String lessonClass() {
        return "echo.poll.PollingServer";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.poll.PollingContractTest", "echo.poll.FinishedClientsTest",
                "echo.poll.RoundTest"); // last: on a poll() that keeps reading, its stuck-client test never ends
    }
}
