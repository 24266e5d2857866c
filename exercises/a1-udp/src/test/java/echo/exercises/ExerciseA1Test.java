package echo.exercises;

import java.util.List;

/** Exercise a1 (side chapter), judged by the chapter's datagram tests. */
class ExerciseA1Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "a1-udp";
    }

    @Override
    protected String lessonClass() {
        return "echo.udp.UdpServer";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.udp.UdpEchoTest");
    }
}
