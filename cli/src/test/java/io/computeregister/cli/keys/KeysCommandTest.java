package io.computeregister.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.cli.ComputeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysCommandTest {
    private static final String ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final String ALICE_PUB = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
    private static final String MESSAGE = "1718000000000000000.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY."
            + "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a."
            + "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";
    // From the shared vectors: //Alice over MESSAGE, and over <Bytes>MESSAGE</Bytes>
    private static final String VALID_SIG = "0xa811899c369e35162393e8d65a2996396fcb4ad8494b383a3c2a9b095e38ca35"
            + "d9c0b79c869d88fc162ef37439bc408c515490ba11c201d317789737808bc387";
    private static final String WRAPPED_SIG = "0xf4928d548a6b226c8a71182ea7b975b4a3c2fc7421d0974adb2d47d9ceb51d2e"
            + "0268455672224e589de885d238d36fca88df84bb8463130a621fb12e8f9e2789";

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ComputeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString().strip(), err.toString().strip());
    }

    @Test
    void inspect_dev_uri_prints_address_and_public_key_as_json() throws Exception {
        Run r = run("keys", "inspect", "//Alice");
        assertThat(r.exit()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("ss58").asText()).isEqualTo(ALICE);
        assertThat(json.get("publicKey").asText()).isEqualTo(ALICE_PUB);
    }

    @Test
    void inspect_wallet_hotkey_reads_the_keyfile() throws Exception {
        Path hotkeys = Files.createDirectories(tmp.resolve("validator/hotkeys"));
        Files.writeString(hotkeys.resolve("default"),
                "{\"secretSeed\":\"0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143\"}");
        Run r = run("keys", "inspect", "--wallet", "validator", "--hotkey", "default", "--wallet-path", tmp.toString());
        assertThat(r.exit()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("ss58").asText())
                .isEqualTo("5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX");
    }

    @Test
    void inspect_encrypted_or_missing_wallet_fails_with_a_message_and_exit_2() throws Exception {
        Path hotkeys = Files.createDirectories(tmp.resolve("w/hotkeys"));
        Files.writeString(hotkeys.resolve("enc"), "$NACLciphertext");
        Run enc = run("keys", "inspect", "--wallet", "w", "--hotkey", "enc", "--wallet-path", tmp.toString());
        assertThat(enc.exit()).isEqualTo(2);
        assertThat(enc.err()).contains("encrypted keyfiles are not supported yet").doesNotContain("Exception");
        Run missing = run("keys", "inspect", "--wallet", "w", "--hotkey", "nope", "--wallet-path", tmp.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(tmp.resolve("w/hotkeys/nope").toString());
    }

    @Test
    void inspect_bad_mnemonic_names_the_argument_without_echoing_it() {
        Run r = run("keys", "inspect", "twelve words that are surely not a valid mnemonic phrase at all ok");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("SURI").doesNotContain("surely");
    }

    @Test
    void sign_prints_a_signature_that_verify_accepts() {
        Run signed = run("keys", "sign", "--suri", "//Alice", "--message", "hello bittensor");
        assertThat(signed.exit()).isZero();
        assertThat(signed.out()).matches("0x[0-9a-f]{128}");
        Run verified = run("keys", "verify", "--ss58", ALICE, "--message", "hello bittensor", "--signature", signed.out());
        assertThat(verified.exit()).isZero();
        assertThat(verified.out()).isEqualTo("valid");
    }

    @Test
    void verify_reference_signature_exits_0_and_accepts_the_bytes_wrapped_form() {
        assertThat(run("keys", "verify", "--ss58", ALICE, "--message", MESSAGE, "--signature", VALID_SIG).exit())
                .isZero();
        Run wrapped = run("keys", "verify", "--ss58", ALICE, "--message", MESSAGE, "--signature", WRAPPED_SIG);
        assertThat(wrapped.exit()).isZero();
        assertThat(wrapped.out()).contains("<Bytes>");
    }

    @Test
    void verify_wrong_key_or_changed_message_exits_1() {
        Run wrongKey = run("keys", "verify", "--ss58", BOB, "--message", MESSAGE, "--signature", VALID_SIG);
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.out()).isEqualTo("invalid");
        assertThat(run("keys", "verify", "--ss58", ALICE, "--message", MESSAGE + "x", "--signature", VALID_SIG).exit())
                .isEqualTo(1);
    }

    @Test
    void verify_malformed_input_exits_2_naming_the_argument() {
        Run badAddress = run("keys", "verify", "--ss58", "5notanaddress", "--message", "m", "--signature", VALID_SIG);
        assertThat(badAddress.exit()).isEqualTo(2);
        assertThat(badAddress.err()).contains("--ss58");
        Run shortSig = run("keys", "verify", "--ss58", ALICE, "--message", "m", "--signature", "0x1234");
        assertThat(shortSig.exit()).isEqualTo(2);
        assertThat(shortSig.err()).contains("--signature");
        Run notHex = run("keys", "verify", "--ss58", ALICE, "--message", "m", "--signature", "0x" + "zz".repeat(64));
        assertThat(notHex.exit()).isEqualTo(2);
        assertThat(notHex.err()).contains("--signature");
        Run missing = run("keys", "verify", "--ss58", ALICE, "--message", "m");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--signature");
    }

    @Test
    void sign_without_a_key_source_exits_2() {
        Run r = run("keys", "sign", "--message", "m");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--suri");
    }
}
