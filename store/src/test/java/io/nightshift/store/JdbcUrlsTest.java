package io.nightshift.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void postgresqlPasswordParameterIsMasked() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://127.0.0.1:5432/test?user=x&password=secret&ssl=false"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=x&password=***&ssl=false");
        assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?sslpassword=secret")).doesNotContain("secret");
    }

    @Test
    void h2PasswordSettingIsMaskedWhateverItsCase() {
        assertThat(JdbcUrls.redact("jdbc:h2:file:/tmp/x;USER=sa;PASSWORD=secret;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/tmp/x;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE");
    }

    @Test
    void userInfoPasswordIsMasked() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://x:secret@127.0.0.1:5432/test"))
                .isEqualTo("jdbc:postgresql://x:***@127.0.0.1:5432/test");
        assertThat(JdbcUrls.redact("jdbc:h2:tcp://sa:se:cr@et@localhost:9092/~/db")).doesNotContain("se:cr").doesNotContain("et@");
    }

    @Test
    void urlsWithoutPasswordsAreUnchanged() {
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:5432/test?user=x", "jdbc:h2:async:/home/u/.nightshift/nightshift;AUTO_SERVER=TRUE",
                "jdbc:postgresql://h1:5432,h2:5433/db", "jdbc:h2:tcp://localhost:9092/~/db"}) {
            assertThat(JdbcUrls.redact(url)).isEqualTo(url);
        }
    }
}
