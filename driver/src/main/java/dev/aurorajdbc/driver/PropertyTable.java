package dev.aurorajdbc.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the README's table of driver properties from {@link AuroraProperty}, and rewrites the README section
 * between {@value #BEGIN} and {@value #END}. From the repository root, after a build:
 *
 * <pre>java -cp driver/target/classes dev.aurorajdbc.driver.PropertyTable README.md</pre>
 */
public final class PropertyTable {
    /** The line before the generated table. */
    public static final String BEGIN = "<!-- properties:begin -->";
    /** The line after the generated table. */
    public static final String END = "<!-- properties:end -->";

    /** The command that regenerates the README section, run from the repository root after a build. */
    public static final String REGENERATE =
            "java -cp driver/target/classes dev.aurorajdbc.driver.PropertyTable README.md";

    private PropertyTable() {
    }

    /** The Markdown table: one row per property, in declaration order; ends with a line break. */
    public static String render() {
        StringBuilder sb = new StringBuilder()
                .append("| Property | Default | Values | Description |\n")
                .append("|---|---|---|---|\n");
        for (AuroraProperty p : AuroraProperty.values()) {
            sb.append("| `").append(p.propertyName()).append("` | ")
                    .append(p.defaultValue() == null ? "(none)" : "`" + cell(p.defaultValue()) + "`").append(" | ")
                    .append(cell(p.allowedValues())).append(" | ")
                    .append(cell(p.description())).append(" |\n");
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * The text between the markers in {@code readme} (line breaks normalized to {@code \n}), without the marker
     * lines themselves.
     *
     * @throws IllegalArgumentException when a marker is missing or they are out of order
     */
    public static String section(String readme) {
        String text = readme.replace("\r\n", "\n");
        int begin = text.indexOf(BEGIN + "\n");
        int end = text.indexOf(END);
        if (begin < 0 || end < begin + BEGIN.length() + 1) {
            throw new IllegalArgumentException("README has no '" + BEGIN + "' line followed by '" + END + "'");
        }
        return text.substring(begin + BEGIN.length() + 1, end);
    }

    /** {@code readme} with the section between the markers replaced by {@link #render()}. */
    public static String rewrite(String readme) {
        String text = readme.replace("\r\n", "\n");
        String old = section(text);
        int start = text.indexOf(BEGIN + "\n") + BEGIN.length() + 1;
        return text.substring(0, start) + render() + text.substring(start + old.length());
    }

    /**
     * Rewrites the properties section of a README.
     *
     * @param args the README's path; {@code README.md} when absent
     */
    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        String before = Files.readString(readme, StandardCharsets.UTF_8);
        String after = rewrite(before);
        if (after.equals(before)) {
            System.out.println(readme + ": properties table is up to date");
        } else {
            Files.writeString(readme, after, StandardCharsets.UTF_8);
            System.out.println(readme + ": properties table rewritten");
        }
    }
}
