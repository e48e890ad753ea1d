import type { Failure } from "../../domain/shared/result.js";

export interface KeyValueArguments {
  /** Words before the first key=value. */
  readonly words: readonly string[];
  /** Keys in lower case; bare words after a key=value continue its value (company=Contoso Ltd). */
  readonly values: Readonly<Record<string, string>>;
}

const keyPattern = /^[a-z][a-z0-9_]*$/;

export function splitKeyValues(
  tokens: readonly string[],
  allowedKeys: readonly string[],
): { ok: true; args: KeyValueArguments } | { ok: false; error: Failure } {
  const words: string[] = [];
  const values: Record<string, string> = {};
  let lastKey: string | undefined;
  for (const token of tokens) {
    const eq = token.indexOf("=");
    if (eq < 0) {
      if (lastKey === undefined) words.push(token);
      else values[lastKey] = `${values[lastKey]} ${token}`.trim();
      continue;
    }
    const key = token.slice(0, eq).toLowerCase();
    const value = token.slice(eq + 1).trim();
    if (!keyPattern.test(key))
      return { ok: false, error: { code: "reply.malformed_argument", params: { token } } };
    if (!allowedKeys.includes(key)) {
      return {
        ok: false,
        error: { code: "reply.unknown_key", params: { key, keys: allowedKeys.join(", ") } },
      };
    }
    if (Object.hasOwn(values, key))
      return { ok: false, error: { code: "reply.duplicate_key", params: { key } } };
    values[key] = value;
    lastKey = key;
  }
  return { ok: true, args: { words, values } };
}
