package echo.exercises;

import java.util.List;

/** Exercise 08, judged by chapter 08's raw and framed contracts, its backpressure and half-close tests. */
class Exercise08Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "08-netty";
    }

    @Override
    protected String lessonClass() {
        return "echo.netty.EchoHandler";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.netty.NettyContractTest", "echo.netty.NettyFramedContractTest",
                "echo.netty.BackpressureTest", "echo.netty.HalfCloseTest");
    }
}
