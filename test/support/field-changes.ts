/**
 * Damaged variants of a JSON value, for tests that compare a hand-written reader with the zod schema it
 * stands in for (test/store/document-parse.test.ts, test/teams/common-activity.test.ts).
 */

/** Every place in a value, as key paths: each object's fields, down into arrays' first elements. */
export function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? [prefix, ...paths(value[0], [...prefix, 0])] : [prefix];
  if (value && typeof value === "object")
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

/** A deep copy of `body` with the field at `path` removed or set to `change.value`. */
export function withChange(
  body: object,
  path: (string | number)[],
  change: { value?: unknown; remove?: true },
): Record<string | number, unknown> {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (change.remove) delete at[last];
  else at[last] = change.value;
  return copy;
}

/** Where each value is frozen, by path (toStrictEqual does not look). */
export function frozen(value: unknown, path = "$"): string[] {
  if (!value || typeof value !== "object") return [];
  const own = value as Record<string, unknown>;
  return [
    ...(Object.isFrozen(value) ? [path] : []),
    ...Object.keys(own)
      .sort()
      .flatMap((key) => frozen(own[key], `${path}.${key}`)),
  ];
}
