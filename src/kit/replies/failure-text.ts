import { problemText } from "../rendering/view-context.js";
import type { Failure } from "../../domain/shared/result.js";
import type { MessageKey, Translator } from "../../i18n/index.js";

/** The reply for an expected failure: what went wrong and what to type instead. */
export function failureText(t: Translator, failure: Failure): string {
  if (failure.code === "reply.usage") {
    const { problemCode, usage, ...params } = failure.params ?? {};
    const problem = typeof problemCode === "string" && t.has(problemCode) ? t.t(problemCode, params) : "";
    return t.t("reply.usage", { problem, usage: String(usage ?? "") }).trim();
  }
  if (failure.code === "invalid") {
    return t.t("reply.invalid", { problems: (failure.fields ?? []).map((p) => problemText(t, p)).join(" ") });
  }
  if (failure.code === "forbidden") return t.t("reply.forbidden", failure.params);
  const key = t.has(failure.code)
    ? failure.code
    : t.has(`reply.${failure.code}`)
      ? `reply.${failure.code}`
      : undefined;
  return key ? t.t(key as MessageKey, failure.params) : t.t("reply.internal_error");
}
