// The test strings: hand-picked hard cases, then seeded combinations of fragments (same list on every run).
const handPicked = [
  "", " ", "  ", "\t", "\n", "\r\n", " \n ", "\n\n\n", "a", "A", "hello", " hello", "hello ", "  hello  world  ",
  "The quick brown fox jumps over the lazy dog.", "Question: What is the capital of France?\nAnswer:",
  "Question: Who wrote Hamlet?\nAnswer: William Shakespeare", "I'm sure you'll see they've done it, haven't they? We'd go.",
  "IT'S LOUD, ISN'T IT? YOU'LL SEE.", "don't DON'T Don'T", "1", "12", "123", "1234", "12345678901234567890",
  "3.14159", "-42", "+1 (555) 010-9999", "1,000,000", "2026-12-07T15:20:26Z", "0x1F600", "1e-5", "v2.5.1",
  "naïve café résumé", "São Paulo", "Zürich Straße", "Ångström", "El Niño", "Dvořák", "Łódź", "İstanbul ıi",
  "e\u0301", "n\u0303o", "A\u030A", "ﬁ ﬂ", "Å", "ǅ", "Ⅻ", "²³¹", "½ ¼", "٣٤٥", "१२३",
  "东京是日本的首都。", "北京欢迎你", "你好，世界！", "日本語のテキスト、カタカナとひらがな。", "한국어 문장입니다.",
  "Привет, мир! Как дела?", "Γειά σου Κόσμε", "مرحبا بالعالم", "שלום עולם", "สวัสดีชาวโลก", "नमस्ते दुनिया",
  "Ελληνικά και English mixed 中文", "🙂", "😀😃😄", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷🇯🇵", "I ❤️ NY", "✓ ✗ → ← ∑ ∞ ≠ ≤",
  "🤖 robots 🤖 everywhere", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𠀀𠀁", "\u200b zero width", "non\u00a0breaking", "\u3000ideographic space",
  "tab\tseparated\tvalues", "line one\nline two\nline three", "windows\r\nline endings\r\n", "trailing spaces   ",
  "   leading spaces", "multiple     spaces     here", "mixed \t \n whitespace \t\n", "\t\tindented",
  "def f(x):\n    return x * 2\n", "for (int i = 0; i < n; i++) { sum += a[i]; }", "if x == 1 and y != 2:\n\tpass",
  "const add = (a, b) => a + b;", "SELECT * FROM users WHERE id = 42;", "<div class=\"note\">Hi</div>",
  "{\"key\": [1, 2, 3], \"nested\": {\"a\": null}}", "https://example.com/path?q=1&r=2#frag", "user@example.org",
  "#!/bin/bash\necho \"$HOME\" | grep -v '^#'", "λx. x + 1", "a_b_c __init__ snake_case CamelCase kebab-case",
  "!!!", "???", "...", "---", "***", "~~~", "$$$", "@@@", "(((())))", "[[[]]]", "''", "\"\"", "'''", "`code`",
  "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "hello'world", "rock'n'roll",
  "<s>", "</s>", "<unk>", "<s> hello </s>", "hello<s>world", "<s><s>", "</s></s>", "a</s>b",
  "<|endoftext|>", "<|im_start|>user\nHello<|im_end|>", "<|im_start|>assistant\n", "<|begin_of_text|>Hi",
  "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
  "text <|endoftext|> more text", "<think>\nreasoning\n</think>\n\nanswer", "<tool_call>{}</tool_call>",
  // Words Llama 3 keeps whole (ignore_merges) although its merges would split them.
  "Việt Nam có nhiều điều hợp", "công việc ngoài", "evlerinden geliyordu ve gelmektedir lardan", "ایران", "характер",
  "<0x41>", "▁", "▁▁hello", "Ġ", "Ċ", "<|fake_token|>", "< s >", "<<s>>",
];

const fragments = [
  "the", "The", " of", "capital", "Paris", "Tokyo", "river", "1848", "3", "42.0", "  ", "\t", "\n", "\r\n", " ",
  "café", "über", "niño", "東京", "中国", "日本", "서울", "Москва", "Αθήνα", "القاهرة", "🙂", "🚀", "👩‍💻", "✨",
  "'s", "'ll", "n't", "don't", "?", "!", ",", ".", ";", ":", "-", "_", "/", "\\", "(", ")", "{", "}", "[", "]",
  "=>", "==", "!=", "+=", "<=", "->", "::", "#", "@", "$", "%", "&", "*", "|", "^", "~", "`", "\"",
  "int", "return", "x", "self", "printf", "Σ", "π", "∂", "µ", "Ω", "½", "©", "®", "™", "€", "£", "¥",
  "<s>", "</s>", "<|endoftext|>", "<|im_end|>", "<|eot_id|>", "▁", "  \n", "\n\n", "   ", "2026", "0", "007",
];

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function testStrings(total = 640) {
  const random = mulberry32(20231207);
  const strings = [...handPicked];
  while (strings.length < total) {
    const parts = 1 + Math.floor(random() * 9);
    let text = "";
    for (let i = 0; i < parts; i++) {
      const fragment = fragments[Math.floor(random() * fragments.length)];
      const joiner = random() < 0.55 ? " " : "";
      text += (i === 0 ? "" : joiner) + fragment;
    }
    strings.push(text);
  }
  return strings;
}
