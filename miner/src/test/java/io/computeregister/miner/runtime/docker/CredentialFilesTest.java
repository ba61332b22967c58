package io.computeregister.miner.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialFilesTest {

    @Test
    void authorized_keys_keeps_the_user_key_on_line_1_and_the_terminal_key_on_line_2() {
        byte[] file = CredentialFiles.authorizedKeys("ssh-ed25519 USER", "ssh-ed25519 TERMINAL");

        assertThat(new String(file)).isEqualTo("ssh-ed25519 USER\nssh-ed25519 TERMINAL\n");
        assertThat(CredentialFiles.slots(file)).containsExactly("ssh-ed25519 USER", "ssh-ed25519 TERMINAL");
        assertThat(CredentialFiles.slots(CredentialFiles.authorizedKeys("ssh-ed25519 USER", "")))
                .containsExactly("ssh-ed25519 USER", "");
        assertThat(CredentialFiles.slots(new byte[0])).containsExactly("", "");
    }

    @Test
    void a_key_spanning_lines_is_refused_naming_the_field() {
        assertThatThrownBy(() -> CredentialFiles.requireOneLine("publicKey", "ssh-rsa A\nssh-rsa B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publicKey");
        assertThat(CredentialFiles.requireOneLine("publicKey", "  ssh-rsa A comment \n")).isEqualTo("ssh-rsa A comment");
    }

    @Test
    void the_shadow_update_replaces_only_roots_password_and_change_date() {
        String debian = "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";

        String updated = CredentialFiles.shadowWithPassword(debian, "root", "$6$s$hash", 20500);

        assertThat(updated).isEqualTo("root:$6$s$hash:20500:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
    }

    @Test
    void a_missing_shadow_file_or_root_line_gets_a_root_line_first() {
        assertThat(CredentialFiles.shadowWithPassword(null, "root", "$6$s$h", 1)).isEqualTo("root:$6$s$h:1:0:99999:7:::\n");
        assertThat(CredentialFiles.shadowWithPassword("nobody:*:1::::::\n", "root", "$6$s$h", 2))
                .isEqualTo("root:$6$s$h:2:0:99999:7:::\nnobody:*:1::::::\n");
        // a user whose name merely starts with "root" is not root
        assertThat(CredentialFiles.shadowWithPassword("rootless:x:1:0:99999:7:::\n", "root", "$6$s$h", 3))
                .startsWith("root:$6$s$h:3:").contains("rootless:x:1:");
    }
}
