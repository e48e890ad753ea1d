import { namesIn } from "../rendering/built-in-names.js";
import { problemText } from "../rendering/view-context.js";
import type { Failure } from "../../domain/shared/result.js";
import type { MessageKey, Translator } from "../../i18n/index.js";

/** The reply for an expected failure: what went wrong and what to type instead. */
export function failureText(t: Translator, failure: Failure): string {
  return namesIn(t, explainFailure(t, failure));
}

function explainFailure(t: Translator, failure: Failure): string {
  if (failure.code === "reply.usage") {
    const { problemCode, usage, ...params } = failure.params ?? {};
    const problem = typeof problemCode === "string" && t.has(problemCode) ? t.t(problemCode, params) : "";
    return t.t("reply.usage", { problem, usage: String(usage ?? "") }).trim();
  }
  if (failure.code === "invalid") {
    return t.t("reply.invalid", { problems: (failure.fields ?? []).map((p) => problemText(t, p)).join(" ") });
  }
  if (failure.code === "forbidden") return t.t("reply.forbidden", failure.params);
  // A code is a message key, or `x` for the message `reply.x` (the compiler holds every failure to that).
  const key: MessageKey = t.has(failure.code) ? failure.code : `reply.${failure.code}`;
  // Only a code forced past the compiler (a cast) has no message; it must not break the reply.
  return t.has(key) ? t.t(key, failure.params) : t.t("reply.internal_error");
}
