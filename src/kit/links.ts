/**
 * Links to records on the bot's own domain: `https://<BOT_DOMAIN>/r/<ref>`. Cards carry them, Teams unfurls
 * them when they are pasted (composeExtension/queryLink), and opened in a browser they only redirect to the
 * bot's chat in Teams: the link itself shows no data.
 */
export interface RecordLinks {
  /** The link to a record. */
  url(ref: string): string;
  /** The record reference a link names, or undefined when it is not a record link of this bot. */
  refOf(url: string): string | undefined;
}

/** A record reference in a link: a lead, opportunity, account or contact ("O-1042"). */
export const linkedRefPattern = /^[LOAC]-\d{1,9}$/;

/** Links under `base` (e.g. "https://bot.contoso.com", no trailing slash). */
export function recordLinks(base: string): RecordLinks {
  const origin = new URL(base);
  const prefix = new URL("/r/", origin).href;
  return {
    // Every record card carries a link: a record reference ("O-1042") is safe in a path as it is, so its link
    // is joined, not parsed (a URL parse per card was a tenth of the opportunity card's view model).
    url: (ref) =>
      linkedRefPattern.test(ref) ? `${prefix}${ref}` : new URL(`/r/${encodeURIComponent(ref)}`, origin).href,
    refOf: (url) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return undefined; // not a URL: nothing to unfurl
      }
      if (parsed.host.toLowerCase() !== origin.host.toLowerCase()) return undefined;
      const match = /^\/r\/([^/]+)\/?$/.exec(parsed.pathname);
      const ref = match?.[1]?.toUpperCase();
      return ref && linkedRefPattern.test(ref) ? ref : undefined;
    },
  };
}

const showCommand: Readonly<Record<string, string>> = {
  L: "lead show",
  O: "opp show",
  A: "account show",
  C: "contact show",
};

/**
 * Where a record link opened in a browser goes: the chat with the bot in Teams (a Teams deep link), with
 * the command that shows the record typed in for the user to send. Without an app id (local mode) the chat
 * has no bot to name, so the link only carries the command.
 */
export function teamsChatLink(appId: string | undefined, ref: string): string {
  const url = new URL("https://teams.microsoft.com/l/chat/0/0");
  if (appId) url.searchParams.set("users", `28:${appId}`);
  url.searchParams.set("message", `${showCommand[ref[0] ?? ""] ?? "opp show"} ${ref}`);
  return url.href;
}
