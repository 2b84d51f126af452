package io.liaison.cluster.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.pki.Passphrase;
import org.junit.jupiter.api.Test;

class ClientSecurityTest {
    private static final ScramCredential CPD = new ScramCredential("cpd", Passphrase.of("s3cret-Password_1"));

    @Test
    void scramYieldsTheThreeClientProperties() {
        assertThat(ClientSecurity.scram(CPD).properties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"cpd\" password=\"s3cret-Password_1\";")
                .hasSize(3);
    }

    @Test
    void plaintextOnlySetsTheProtocol() {
        assertThat(ClientSecurity.plaintext().properties()).containsExactlyEntriesOf(java.util.Map.of("security.protocol", "PLAINTEXT"));
    }

    @Test
    void printingNeverShowsThePassword() {
        assertThat(CPD.toString()).doesNotContain("s3cret").contains("[hidden]");
        assertThat(ClientSecurity.scram(CPD).toString()).doesNotContain("s3cret").contains("User:cpd");
    }

    @Test
    void aPasswordThatWouldBreakTheJaasQuotingIsRefused() {
        assertThatThrownBy(() -> new ScramCredential("cpd", Passphrase.of("abc\"def-ghijkl")))
                .hasMessageContaining("password of Kafka user cpd");
    }

    @Test
    void aSaslProtocolWithoutCredentialIsRefused() {
        assertThatThrownBy(() -> new ClientSecurity(ClientSecurity.Protocol.SASL_PLAINTEXT, null))
                .hasMessageContaining("needs a SCRAM credential");
    }
}
