import type { Failure } from "../../domain/shared/result.js";

/** Longest command text we read; longer messages get a clear refusal instead of being parsed. */
export const maxCommandLength = 4000;

/** Opening quote → the characters that may close it (Teams may turn " into typographic quotes). */
const quotePairs: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\u201c": "\u201d\u201c",
  "\u201e": "\u201c\u201d",
  "\u2018": "\u2019",
};

/**
 * Splits a command into words. Quotes group words ("Contoso Ltd", also Teams' typographic quotes), and a
 * quote may start after `key=` (company="Contoso Ltd"). Non-breaking spaces count as spaces.
 */
export function tokenize(text: string): { ok: true; tokens: string[] } | { ok: false; error: Failure } {
  if (text.length > maxCommandLength) {
    return {
      ok: false,
      error: { code: "reply.too_long", params: { length: text.length, max: maxCommandLength } },
    };
  }
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let closing: string | undefined;
  for (const ch of text) {
    if (closing !== undefined) {
      if (closing.includes(ch)) closing = undefined;
      else current += ch;
      continue;
    }
    if (/\s/u.test(ch)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
      continue;
    }
    const close = quotePairs[ch];
    // An apostrophe inside a word (O'Brien) is a letter, not a quote.
    if (close !== undefined && !(ch === "'" && inToken && !current.endsWith("="))) {
      closing = close;
      inToken = true;
      continue;
    }
    current += ch;
    inToken = true;
  }
  if (closing !== undefined) return { ok: false, error: { code: "reply.unclosed_quote" } };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}
