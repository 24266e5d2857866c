package echo.netty;

/** Chapter 08, framed echo on Netty: registered under its own id, so benchmarks and reports list both. */
public final class NettyFramedChapter extends NettyChapter {
    public NettyFramedChapter() {
        super(true);
    }

    public static void main(String[] args) {
        launch(new NettyFramedChapter(), args);
    }
}
