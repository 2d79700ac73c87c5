package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PropertyTableTest {
    /** The repository's README, relative to the driver module (Maven runs tests there). */
    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeSectionMatchesTheEnum() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String section = PropertyTable.section(readme);
        String expected = PropertyTable.render();
        assertThat(section)
                .as("The driver properties table in README.md differs from AuroraProperty. Regenerate it from the"
                        + " repository root:%n  mvn -B -o -q install -DskipTests -pl routing,driver -am && %s%n"
                        + "or paste this between the markers:%n%s", PropertyTable.REGENERATE, expected)
                .isEqualTo(expected);
    }

    @Test
    void everyPropertyHasARow() {
        String table = PropertyTable.render();
        assertThat(table.lines()).hasSize(AuroraProperty.values().length + 2);
        for (AuroraProperty p : AuroraProperty.values()) {
            assertThat(table).contains("| `" + p.propertyName() + "` | ");
        }
        assertThat(table).contains("| `topologySource` | `auto` | auto, aurora-postgresql, aurora-mysql,");
        assertThat(table).contains("| `clusterId` | (none) | ");
    }

    @Test
    void rewriteReplacesOnlyTheSection() {
        String readme = "# Title\r\n\r\nintro\n" + PropertyTable.BEGIN + "\n| stale |\n" + PropertyTable.END
                + "\n\n## After\ntext\n";
        String rewritten = PropertyTable.rewrite(readme);
        assertThat(rewritten).startsWith("# Title\n\nintro\n" + PropertyTable.BEGIN + "\n| Property |")
                .endsWith(PropertyTable.END + "\n\n## After\ntext\n")
                .doesNotContain("stale");
        assertThat(PropertyTable.section(rewritten)).isEqualTo(PropertyTable.render());
        assertThat(PropertyTable.rewrite(rewritten)).isEqualTo(rewritten);
    }

    @Test
    void aStaleSectionIsDetected() {
        String stale = PropertyTable.BEGIN + "\n" + PropertyTable.render().replace("30000", "20000")
                + PropertyTable.END + "\n";
        assertThat(PropertyTable.section(stale)).isNotEqualTo(PropertyTable.render());
    }

    @Test
    void missingMarkersAreReported() {
        assertThatThrownBy(() -> PropertyTable.section("# no markers\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PropertyTable.BEGIN);
        assertThatThrownBy(() -> PropertyTable.section(PropertyTable.END + "\n" + PropertyTable.BEGIN + "\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pipesInCellsAreEscaped() {
        assertThat(PropertyTable.render().lines().skip(2))
                .allSatisfy(line -> assertThat(line.split("(?<!\\\\)\\|", -1)).hasSize(6));
    }
}
