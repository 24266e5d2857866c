package echo.exercises;

import java.util.List;

/** Exercise 06, judged by chapter 06's decoder unit and property tests, its framed contract and its bad-frame tests. */
class Exercise06Test extends ExerciseCheck {
    @Override
    protected String exercise() {
        return "06-length-prefixed";
    }

    @Override
    protected String lessonClass() {
        return "echo.framed.FrameDecoder";
    }

    @Override
    protected List<String> judgingTests() {
        return List.of("echo.framed.FrameDecoderTest", "echo.framed.FrameDecoderProperties",
                "echo.framed.FramedContractTest", "echo.framed.TcpIsAByteStreamTest", "echo.framed.BadFrameTest");
    }
}
