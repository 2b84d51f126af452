package io.liaison.cluster.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    @TempDir
    Path dir;

    @Test
    void ensureCreatesAnOwnerOnlyPasswordFileOnceAndReadsItBack() throws Exception {
        CredentialStore store = CredentialStore.at(dir);
        ScramCredential first = store.ensure("cpd");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file("cpd"))))
                .isEqualTo("rw-------");
        assertThat(CredentialStore.at(dir).ensure("cpd")).isEqualTo(first);
        assertThat(CredentialStore.at(dir).require("cpd")).isEqualTo(first);
    }

    @Test
    void anAgencysGatewayUserIsQualifiedByItsAgencyAndNothingElseIsAccepted() {
        CredentialStore store = CredentialStore.at(dir);

        assertThat(store.ensure(Principals.gateway("cpd")).principal()).isEqualTo("User:gateway.cpd");
        assertThat(Principals.users(java.util.List.of("cpd")))
                .contains("cpd", "gateway.cpd", "quarantine-officer")
                .doesNotContain("consumer-gateway");
        for (String bad : java.util.List.of("gateway.", "a.b.c", "../cpd", "Gateway.cpd", "gateway..cpd")) {
            assertThatThrownBy(() -> store.ensure(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void replaceStoresAFreshPasswordAndKeepsTheFileOwnerOnly() throws Exception {
        CredentialStore store = CredentialStore.at(dir);
        ScramCredential before = store.ensure("auditor");
        ScramCredential after = store.fresh("auditor");
        store.replace(after);

        assertThat(after).isNotEqualTo(before);
        assertThat(store.require("auditor")).isEqualTo(after);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file("auditor"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aMountedSecretWithATrailingNewlineIsRead() throws Exception {
        Files.writeString(dir.resolve("admin.password"), "mounted-secret-value\n");
        assertThat(new String(
                        CredentialStore.at(dir).require("admin").password().chars()))
                .isEqualTo("mounted-secret-value");
    }

    @Test
    void aMissingPasswordNamesTheFile() {
        assertThatThrownBy(() -> CredentialStore.at(dir).require("ice"))
                .hasMessageContaining(dir.resolve("ice.password").toString());
    }
}
