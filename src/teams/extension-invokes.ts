import * as z from "zod";
import type { ExtensionAnswer, ExtensionRequest, SourceMessage } from "../kit/extension.js";
import { adaptiveCardContentType } from "../kit/rendering/renderer.js";

/**
 * The message extension's invokes as Teams sends them (composeExtension/*, and application/search from a
 * searchable choice set in its forms), parsed into SDK-free requests; and the answers as the invoke response
 * bodies Teams expects. Whatever does not parse becomes a request that finds nothing, never an exception.
 */

export const extensionInvokeNames = [
  "composeExtension/query",
  "composeExtension/queryLink",
  "composeExtension/fetchTask",
  "composeExtension/submitAction",
  "application/search",
] as const;

/** A link pasted by someone who has not installed the app: answered without looking at anything. */
export const anonymousLinkInvoke = "composeExtension/anonymousQueryLink";

const text = (max: number) => z.string().max(max);
const page = (max: number) => z.coerce.number().int().min(0).max(max).catch(0);

const querySchema = z.object({
  commandId: text(64).catch(""),
  parameters: z
    .array(z.object({ name: text(64), value: z.unknown() }))
    .max(10)
    .catch([]),
  queryOptions: z
    .object({ skip: page(10_000), count: page(100) })
    .partial()
    .catch({}),
});

const linkSchema = z.object({ url: text(2048) });

const messagePayloadSchema = z
  .object({
    id: text(256).optional(),
    body: z.object({ contentType: text(32).optional(), content: text(100_000).optional() }).optional(),
    from: z
      .object({
        user: z.object({ displayName: text(256).optional(), aadObjectId: text(64).optional() }).optional(),
      })
      .nullish(),
    createdDateTime: text(64).optional(),
    linkToMessage: text(2048).optional(),
  })
  .optional()
  .catch(undefined);

const actionSchema = z.object({
  commandId: text(64).catch(""),
  data: z.unknown().optional(),
  messagePayload: messagePayloadSchema,
});

const searchSchema = z.object({
  queryText: text(256).catch(""),
  dataset: text(64).catch(""),
  queryOptions: z
    .object({ skip: page(10_000), top: page(100) })
    .partial()
    .catch({}),
});

/** The request an extension invoke stands for; undefined when its value cannot be read at all. */
export function extensionRequestOf(name: string, value: unknown): ExtensionRequest | undefined {
  switch (name) {
    case "composeExtension/query": {
      const parsed = querySchema.safeParse(value);
      if (!parsed.success) return undefined;
      const { commandId, parameters, queryOptions } = parsed.data;
      // The first call when the user opens the extension has `initialRun`: the empty search.
      const typed = parameters.find((p) => p.name !== "initialRun")?.value;
      return {
        kind: "query",
        commandId,
        text: typeof typed === "string" ? typed.slice(0, 256) : "",
        skip: queryOptions.skip ?? 0,
        count: queryOptions.count || 25,
      };
    }
    case "composeExtension/queryLink": {
      const parsed = linkSchema.safeParse(value);
      return parsed.success ? { kind: "queryLink", url: parsed.data.url } : undefined;
    }
    case "composeExtension/fetchTask":
    case "composeExtension/submitAction": {
      const parsed = actionSchema.safeParse(value);
      if (!parsed.success) return undefined;
      const message = sourceMessageOf(parsed.data.messagePayload);
      const base = { commandId: parsed.data.commandId, ...(message ? { message } : {}) };
      return name === "composeExtension/fetchTask"
        ? { kind: "fetchTask", ...base }
        : { kind: "submitAction", ...base, data: parsed.data.data };
    }
    case "application/search": {
      const parsed = searchSchema.safeParse(value);
      if (!parsed.success) return undefined;
      const { queryText, dataset, queryOptions } = parsed.data;
      return {
        kind: "choices",
        dataset,
        text: queryText,
        skip: queryOptions.skip ?? 0,
        count: queryOptions.top || 15,
      };
    }
    default:
      return undefined;
  }
}

function sourceMessageOf(payload: z.infer<typeof messagePayloadSchema>): SourceMessage | undefined {
  if (!payload) return undefined;
  const content = payload.body?.content ?? "";
  const user = payload.from?.user;
  return {
    ...(payload.id ? { id: payload.id } : {}),
    text: payload.body?.contentType === "text" ? content.trim() : htmlToText(content),
    ...(user?.displayName
      ? { from: { name: user.displayName, ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) } }
      : {}),
    ...(payload.createdDateTime && !Number.isNaN(Date.parse(payload.createdDateTime))
      ? { createdAt: new Date(payload.createdDateTime).toISOString() }
      : {}),
    ...(payload.linkToMessage && /^https:\/\//i.test(payload.linkToMessage)
      ? { link: payload.linkToMessage }
      : {}),
  };
}

const entities: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** Teams message HTML as plain text: line breaks kept, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|div|li|h[1-6]|tr)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith("#")) {
        const code =
          name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const thumbnailCardType = "application/vnd.microsoft.card.thumbnail";
const searchResponseType = "application/vnd.microsoft.search.searchResponse";

/** The invoke response body for an answer. */
export function invokeBodyOf(answer: ExtensionAnswer): object {
  switch (answer.kind) {
    case "results":
      return {
        composeExtension: {
          type: "result",
          attachmentLayout: "list",
          attachments: answer.results.map((r) => ({
            contentType: adaptiveCardContentType,
            content: r.card,
            preview: { contentType: thumbnailCardType, content: r.preview },
          })),
        },
      };
    case "message":
      return { composeExtension: { type: "message", text: answer.text } };
    case "task":
      return {
        task: {
          type: "continue",
          value: {
            title: answer.title,
            height: "large",
            width: "medium",
            card: { contentType: adaptiveCardContentType, content: answer.card },
          },
        },
      };
    case "taskMessage":
      return { task: { type: "message", value: answer.text } };
    case "choices":
      return { statusCode: 200, type: searchResponseType, value: { results: answer.choices } };
  }
}

/** What answers an anonymous link: nothing, so Teams shows the plain link. */
export const nothingFound: ExtensionAnswer = { kind: "results", results: [] };

/** The answer when the bot could not handle an extension invoke: the sentence where Teams can show one. */
export function failedAnswer(name: string | undefined, text: string): ExtensionAnswer {
  if (name === "composeExtension/query") return { kind: "message", text };
  if (name === "composeExtension/fetchTask" || name === "composeExtension/submitAction")
    return { kind: "taskMessage", text };
  if (name === "application/search") return { kind: "choices", choices: [] };
  return nothingFound;
}
