/**
 * A feature's own messages in all four languages. The compiler checks that Danish, Norwegian and Swedish
 * have exactly the English keys; a test checks the `{placeholders}` match.
 */
export interface FeatureMessages<E extends Readonly<Record<string, string>>> {
  readonly en: E;
  readonly da: Readonly<Record<keyof E, string>>;
  readonly nb: Readonly<Record<keyof E, string>>;
  readonly sv: Readonly<Record<keyof E, string>>;
}

export function defineMessages<const E extends Readonly<Record<string, string>>>(
  messages: FeatureMessages<E>,
): FeatureMessages<E> {
  return messages;
}
