package io.liaison.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looks at the page as a person would: headless Chromium renders it to a PNG that must not be blank. */
class ReportRenderingTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void theHtmlReportRendersToAVisiblePage(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed; .ci/run installs it");
        ReportFiles.write(TransparencyReportTest.report(10), dir);
        Path png = dir.resolve("report.png");

        Process chromium = new ProcessBuilder(List.of(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + dir.resolve("profile"),
                        "--screenshot=" + png,
                        "--window-size=1200,1600",
                        dir.resolve(ReportFiles.HTML).toUri().toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS))
                .as("chromium finished")
                .isTrue();

        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(10);
        assertThat(nonWhite).as("non-white pixels sampled").isGreaterThan(5_000);
        assertThat(colours).as("the bar colour is on the page").contains(0x2f77c4);
    }
}
