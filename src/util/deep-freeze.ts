/**
 * `value` made read-only all the way down, and returned. For parsed JSON and plain objects (no cycles, no
 * accessors); a part already frozen is taken as frozen throughout, so freezing a value that holds a shared
 * frozen part does not walk that part again.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}
