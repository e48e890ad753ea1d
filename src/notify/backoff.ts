/** When to try a delivery again after a retryable failure (5xx, network, a storage hiccup). */

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly capMs: number;
}

export const defaultBackoff: BackoffPolicy = Object.freeze({ baseMs: 1_000, factor: 2, capMs: 5 * 60_000 });

/**
 * Attempts (throttled ones not counted) after which a delivery is given up as `failed`: with the default
 * policy the last retry comes some 4 to 8.5 minutes after the first attempt.
 */
export const maxDeliveryAttempts = 10;

/**
 * Equal jitter: half of the exponential step is fixed and half random, so retries after a shared outage
 * spread out without ever coming back at once. `failures` counts failures so far (1 after the first).
 */
export function backoffDelay(
  failures: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = defaultBackoff,
): number {
  const exponent = Math.max(0, failures - 1);
  const step = Math.min(policy.capMs, policy.baseMs * policy.factor ** exponent);
  const share = Math.min(1, Math.max(0, random()));
  return Math.round(step / 2 + (share * step) / 2);
}
