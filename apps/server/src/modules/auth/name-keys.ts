import { pinyin } from "pinyin-pro";

/**
 * What a person is found by, lower case: the name, and for Chinese names the pinyin and its initials with
 * surnames read as surnames (单 → shan, 曾 → zeng): 张三 → "张三 zhangsan zs"; names of several words their
 * initials too: Zoe Smith → "zoe smith zs". A search matches any part.
 */
export function nameSearchKeys(name: string): string {
  const keys = [name.toLowerCase()];
  if (/[\u3400-\u9fff]/.test(name)) {
    const syllables = pinyin(name, { toneType: "none", type: "array", surname: "head", nonZh: "consecutive" })
      .map((s) => s.toLowerCase().replace(/\s+/g, ""))
      .filter(Boolean);
    keys.push(syllables.join(""), syllables.map((s) => s[0]).join(""));
  } else {
    const words = name
      .toLowerCase()
      .split(/[\s.\-_]+/)
      .filter(Boolean);
    if (words.length > 1) keys.push(words.map((w) => w[0]).join(""));
  }
  return keys.join(" ");
}
