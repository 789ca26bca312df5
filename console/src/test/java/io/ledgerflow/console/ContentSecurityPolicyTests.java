package io.ledgerflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTests {

    @Test
    void locally_thePagesConnectToTheConsoleOnly() {
        assertThat(ConsoleApp.contentSecurityPolicy(List.of())).contains("connect-src 'self';")
                .contains("default-src 'self'").contains("script-src 'self'").contains("form-action 'self'")
                .contains("frame-ancestors 'none'");
    }

    @Test
    void onAws_thePagesMayAlsoPutToTheInputBucketsOrigin_andNothingElse() {
        String policy = ConsoleApp.contentSecurityPolicy(
                List.of(URI.create("https://ledgerflow-input-123456789012-ap-northeast-1.s3.ap-northeast-1.amazonaws.com")));

        assertThat(policy).contains("connect-src 'self' https://ledgerflow-input-123456789012-ap-northeast-1.s3."
                + "ap-northeast-1.amazonaws.com;").contains("script-src 'self';");
    }

    @Test
    void anUploadOriginWithAPath_isRefused() {
        assertThatThrownBy(() -> ConsoleApp.contentSecurityPolicy(List.of(URI.create("https://bucket.s3.amazonaws.com/console/"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme://host");
    }
}
