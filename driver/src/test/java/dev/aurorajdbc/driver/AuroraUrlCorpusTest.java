package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of {@code aurora-url-corpus.txt} (next to this class on the test class path). */
class AuroraUrlCorpusTest {
    private static final String CORPUS = "aurora-url-corpus.txt";
    private static final String SECRET = "s3cret";

    static List<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = AuroraUrlCorpusTest.class.getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS + " on the test class path").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int ok = line.indexOf(" => ");
                int bad = line.indexOf(" !! ");
                if (ok < 0 && bad < 0) {
                    throw new IllegalStateException(CORPUS + ":" + number + " has neither ' => ' nor ' !! ': " + line);
                }
                int sep = ok >= 0 ? ok : bad;
                cases.add(Arguments.of(number, unescape(line.substring(0, sep)), ok >= 0, line.substring(sep + 4)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    @ParameterizedTest(name = "line {0}: {1}")
    @MethodSource("corpus")
    void parsesAsRecorded(int line, String url, boolean parses, String expected) throws SQLException {
        if (parses) {
            AuroraUrl parsed = AuroraUrl.parse(url);
            assertThat(render(parsed)).as("line %d", line).isEqualTo(expected);
            assertThat(parsed.toString()).as("toString of line %d", line).doesNotContain(SECRET);
        } else {
            Throwable t = catchThrowable(() -> AuroraUrl.parse(url));
            assertThat(t).as("line %d should fail", line).isInstanceOf(SQLException.class);
            SQLException e = (SQLException) t;
            assertThat(e.getSQLState()).isEqualTo("08001");
            assertThat(e.getMessage()).as("line %d", line).contains(expected).doesNotContain(SECRET);
        }
    }

    @Test
    void corpusHasAtLeastOneHundredCasesOfBothKinds() {
        List<Arguments> cases = corpus();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        assertThat(cases.stream().filter(a -> (Boolean) a.get()[2]).count()).isGreaterThanOrEqualTo(40);
        assertThat(cases.stream().filter(a -> !(Boolean) a.get()[2]).count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void renderingCatchesADifference() {
        // the comparison is able to fail: a different port, database or parameter renders differently
        assertThat(render(parse("jdbc:aurora:postgresql://h/db?a=1")))
                .isEqualTo("postgresql h:5432 /db {a=1}")
                .isNotEqualTo(render(parse("jdbc:aurora:postgresql://h:5433/db?a=1")))
                .isNotEqualTo(render(parse("jdbc:aurora:postgresql://h/db?a=2")));
    }

    private static AuroraUrl parse(String url) {
        try {
            return AuroraUrl.parse(url);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code engine host:port,... /database {parameters}[ user=u][ password=p]}, as the corpus writes it. */
    static String render(AuroraUrl url) {
        StringBuilder sb = new StringBuilder(url.engine().scheme()).append(' ')
                .append(url.hosts().stream().map(Object::toString).collect(Collectors.joining(",")))
                .append(" /").append(url.database())
                .append(' ').append(url.parameters());
        url.user().ifPresent(u -> sb.append(" user=").append(u));
        url.password().ifPresent(p -> sb.append(" password=").append(p));
        return sb.toString();
    }

    private static String unescape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                sb.append(c);
                continue;
            }
            char n = text.charAt(++i);
            switch (n) {
                case 's' -> sb.append(' ');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case '\\' -> sb.append('\\');
                default -> throw new IllegalStateException("unknown escape \\" + n + " in " + text);
            }
        }
        return sb.toString();
    }
}
