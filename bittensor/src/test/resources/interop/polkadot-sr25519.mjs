// Independent sr25519 oracle for Sr25519InteropTest: @polkadot/util-crypto 14 (sr25519 via @scure/sr25519).
// Reads one JSON request on stdin, writes one JSON answer on stdout.
import { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify, keyExtractSuri, keyFromPath,
  mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex, stringToU8a, isHex } from '@polkadot/util';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
await cryptoWaitReady();

const pair = sr25519PairFromSeed(hexToU8a(req.seed));
const signature = sr25519Sign(stringToU8a(req.nodeMessage), pair);
// @scure/sr25519 (behind util-crypto 14) throws on an R that is not a valid point; that is a "no" too.
const verdicts = req.toVerify.map((v) => {
  try {
    return sr25519Verify(stringToU8a(v.message), hexToU8a(v.signature), hexToU8a(v.publicKey));
  } catch (e) {
    return false;
  }
});
const derived = req.suris.map((suri) => {
  const { phrase, path, password } = keyExtractSuri(suri);
  const seed = isHex(phrase, 256) ? hexToU8a(phrase) : mnemonicToMiniSecret(phrase, password);
  return u8aToHex(keyFromPath(sr25519PairFromSeed(seed), path, 'sr25519').publicKey);
});
process.stdout.write(JSON.stringify({ publicKey: u8aToHex(pair.publicKey), signature: u8aToHex(signature), verdicts, derived }));
