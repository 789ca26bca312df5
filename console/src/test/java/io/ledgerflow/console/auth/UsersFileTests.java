package io.ledgerflow.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTests {

    @TempDir
    Path home;

    @Test
    void put_storesABcryptHash_neverThePassword_readableByItsOwnerOnly() throws IOException {
        UsersFile users = UsersFile.of(home);

        users.put("keiko.tanaka", Role.CLOSER, "s3cret-passw0rd".toCharArray());

        String text = Files.readString(users.path());
        assertThat(text).contains("keiko.tanaka:closer:$2a$10$").doesNotContain("s3cret-passw0rd");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users.path()))).isEqualTo("rw-------");
    }

    @Test
    void check_acceptsTheRightPassword_andRefusesAWrongOneOrAnUnknownName() {
        UsersFile users = UsersFile.of(home);
        users.put("otto", Role.OPERATOR, "operator-pass".toCharArray());

        assertThat(users.check("otto", "operator-pass".toCharArray())).contains(new ConsoleUser("otto", Role.OPERATOR));
        assertThat(users.check("otto", "operator-pasS".toCharArray())).isEmpty();
        assertThat(users.check("nobody", "operator-pass".toCharArray())).isEmpty();
    }

    @Test
    void put_again_replacesTheRoleAndPassword() {
        UsersFile users = UsersFile.of(home);
        users.put("vera", Role.VIEWER, "first-password".toCharArray());

        users.put("vera", Role.OPERATOR, "second-password".toCharArray());

        assertThat(users.check("vera", "first-password".toCharArray())).isEmpty();
        assertThat(users.check("vera", "second-password".toCharArray())).contains(new ConsoleUser("vera", Role.OPERATOR));
        assertThat(users.users()).hasSize(1);
    }

    @Test
    void put_refusesShortPasswords_overlongOnes_andNamesThatCouldForgeALine() {
        UsersFile users = UsersFile.of(home);

        assertThatThrownBy(() -> users.put("vera", Role.VIEWER, "short".toCharArray()))
                .hasMessageContaining("at least 8");
        assertThatThrownBy(() -> users.put("vera", Role.VIEWER, "ü".repeat(37).toCharArray()))
                .hasMessageContaining("72 bytes");
        assertThatThrownBy(() -> users.put("eve:closer", Role.VIEWER, "long enough".toCharArray()))
                .hasMessageContaining("user name");
    }

    @Test
    void roles_includeTheOnesBeforeThem() {
        assertThat(Role.CLOSER.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.includes(Role.CLOSER)).isFalse();
    }
}
