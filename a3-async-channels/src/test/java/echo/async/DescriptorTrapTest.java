package echo.async;

import echo.common.Chapter;
import echo.testkit.DescriptorTrapContract;

class DescriptorTrapTest extends DescriptorTrapContract {
    @Override
    protected Chapter chapter() {
        return new AsyncChapter();
    }
}
