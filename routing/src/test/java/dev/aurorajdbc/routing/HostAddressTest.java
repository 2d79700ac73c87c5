package dev.aurorajdbc.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HostAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "db1|db1|5432|db1:5432",
        "DB1.Example.COM:6543|db1.example.com|6543|db1.example.com:6543",
        "127.0.0.21:5432|127.0.0.21|5432|127.0.0.21:5432",
        "[::1]|::1|5432|[::1]:5432",
        "[2001:db8::7]:3306|2001:db8::7|3306|[2001:db8::7]:3306",
        "::1|::1|5432|[::1]:5432",
        "[FE80::1%Eth0]:5433|fe80::1%Eth0|5433|[fe80::1%Eth0]:5433",
        "' host:1 '|host|1|host:1",
    })
    void parses(String text, String host, int port, String printed) {
        HostAddress a = HostAddress.parse(text, 5432);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.port()).isEqualTo(port);
        assertThat(a).hasToString(printed);
        assertThat(HostAddress.parse(a.toString(), 1)).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":5432", "host:", "host:0", "host:65536", "host:12a", "host:-1", "[::1", "[::1]x", "[]:5432",
        "host:123456"})
    void rejectsWithTheOffendingText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> HostAddress.parse(text, 5432));
    }
}
