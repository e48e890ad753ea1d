/** Expected failures are values with a stable code; bugs are thrown. The bot turns a failure into a reply. */
export interface FieldProblem {
  /** The input's name, as on the card and in `key=value` commands (e.g. "email"). */
  readonly field: string;
  /** Stable code of the problem, e.g. "required", "too_long", "email". */
  readonly problem: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * Every failure code, as keys. The domain names none itself: the message catalogue (src/i18n) adds the
 * codes it can explain, so a failure whose code has no message does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface FailureCodes {}

/** A failure code: a message key, or `x` where `reply.x` is one; "invalid" carries field problems. */
export type FailureCode = keyof FailureCodes & string;

export interface Failure {
  /** Stable code, e.g. "lead.not_found"; also the message key for the reply. */
  readonly code: FailureCode;
  readonly params?: Readonly<Record<string, string | number>>;
  /** For "invalid": which inputs were wrong, so a form can show each problem next to its field. */
  readonly fields?: readonly FieldProblem[];
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(
  code: FailureCode,
  params?: Failure["params"],
  fields?: readonly FieldProblem[],
): Result<T> => ({
  ok: false,
  // Each combination written out (the same keys as spreading the present ones): a card asks the stage rules
  // a dozen trial questions, most of them refused, and spreading made each refusal copy two small objects.
  error: params
    ? fields
      ? { code, params, fields }
      : { code, params }
    : fields
      ? { code, fields }
      : { code },
});
