package io.computeregister.miner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void matches_the_published_sha512_crypt_test_vectors() {
        // From Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification, test vectors for $6$.
        assertThat(PasswordHash.sha512Crypt("Hello world!", "$6$saltstring"))
                .isEqualTo("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1");
        assertThat(PasswordHash.sha512Crypt("Hello world!", "$6$rounds=10000$saltstringsaltstring"))
                .isEqualTo("$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.");
    }

    @Test
    void each_hash_gets_its_own_16_character_salt() {
        String a = PasswordHash.sha512Crypt("same password");
        String b = PasswordHash.sha512Crypt("same password");

        assertThat(a).startsWith("$6$").isNotEqualTo(b);
        assertThat(a.split("\\$")[2]).hasSize(16).matches("[./0-9A-Za-z]+");
        assertThat(PasswordHash.sha512Crypt("same password", "$6$" + a.split("\\$")[2])).isEqualTo(a);
    }

    @Test
    void a_login_is_checked_against_the_hash_which_does_not_contain_the_password() {
        String hash = PasswordHash.sha512Crypt("pw-Secret1");

        assertThat(PasswordHash.matches(hash, "pw-Secret1")).isTrue();
        assertThat(PasswordHash.matches(hash, "pw-Secret2")).isFalse();
        assertThat(PasswordHash.matches(hash, null)).isFalse();
        assertThat(hash).doesNotContain("pw-Secret1");
        assertThat(PasswordHash.isHash(hash)).isTrue();
        assertThat(PasswordHash.isHash("pbkdf2-sha256$100000$c2FsdA==$aGFzaA==")).isFalse();
    }
}
