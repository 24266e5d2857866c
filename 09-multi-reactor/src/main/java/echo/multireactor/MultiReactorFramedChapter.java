package echo.multireactor;

import echo.common.Launcher;

/** Chapter 09, framed echo (chapter 06's decoder): registered under its own id, so benchmarks list both. */
public final class MultiReactorFramedChapter extends MultiReactorChapter {
    public MultiReactorFramedChapter() {
        super(true);
    }

    public static void main(String[] args) {
        Launcher.run(new MultiReactorFramedChapter(), args);
    }
}
