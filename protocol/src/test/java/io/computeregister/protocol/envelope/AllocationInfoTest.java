package io.computeregister.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AllocationInfoTest {

    @Test
    void json_uses_python_json_dumps_default_separators_and_field_order() {
        var info = new AllocationInfo("root", "Ab3dE5gH7j", 4444, 183);

        // The same text as the plaintext in testdata/rsa/oaep-sha256-vector.json.
        assertThat(info.toJson())
                .isEqualTo("{\"username\": \"root\", \"password\": \"Ab3dE5gH7j\", \"port\": 4444, \"version\": 183}");
    }

    @Test
    void non_ascii_is_escaped_like_python_ensure_ascii() {
        assertThat(new AllocationInfo("r\u00e9", "p\"w", 1, 1).toJson())
                .contains("\"username\": \"r\\u00e9\"")
                .contains("\"password\": \"p\\\"w\"");
    }

    @Test
    void parses_python_output_back() {
        var info = AllocationInfo.fromJson("{\"username\": \"root\", \"password\": \"Ab3dE5gH7j\", \"port\": 4444, \"version\": 183}");

        assertThat(info).isEqualTo(new AllocationInfo("root", "Ab3dE5gH7j", 4444, 183));
    }

    @Test
    void to_string_hides_the_password() {
        assertThat(new AllocationInfo("root", "Ab3dE5gH7j", 4444, 183).toString())
                .doesNotContain("Ab3dE5gH7j").contains("root").contains("4444");
    }

    @Test
    void missing_or_malformed_fields_are_named_and_the_text_is_not_echoed() {
        assertThatThrownBy(() -> AllocationInfo.fromJson("{\"username\": \"root\", \"port\": 1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'password'");
        assertThatThrownBy(() -> AllocationInfo.fromJson("{\"username\": \"root\", \"password\": \"s3cret\", \"port\": \"x\"}"))
                .hasMessageContaining("'port' is not an integer").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> AllocationInfo.fromJson("{\"password\": \"s3cret\""))
                .hasMessageContaining("not valid JSON").hasMessageNotContaining("s3cret");
    }
}
