/** What a greeting or a thank-you typed instead of a command is: answered kindly, never as a wrong command. */
export type SmallTalk = "greeting" | "thanks";

/** In the four languages the bot speaks, as people type them (lower case, without punctuation or emoji). */
const phrases: Readonly<Record<SmallTalk, readonly string[]>> = {
  greeting: [
    "hi",
    "hi there",
    "hello",
    "hello there",
    "hey",
    "hey there",
    "good morning",
    "good afternoon",
    "hej",
    "hejsa",
    "hejsan",
    "hej hej",
    "hei",
    "heisann",
    "hallo",
    "halløj",
    "hallå",
    "goddag",
    "god dag",
    "godmorgen",
    "god morgen",
    "god morgon",
    "morn",
    "tjena",
  ],
  thanks: [
    "thanks",
    "thanks a lot",
    "thank you",
    "thank you very much",
    "thx",
    "tak",
    "tusind tak",
    "mange tak",
    "takk",
    "tusen takk",
    "mange takk",
    "tack",
    "tack så mycket",
    "tusen tack",
  ],
};

const lookup = new Map(
  Object.entries(phrases).flatMap(([talk, list]) => list.map((p) => [p, talk as SmallTalk] as const)),
);

/** The small talk a whole message is ("Hi!", "thanks 🙂", "Tak."), or undefined for anything else. */
export function smallTalk(text: string): SmallTalk | undefined {
  const words = text
    .normalize("NFC")
    .toLowerCase()
    // Punctuation, symbols and emoji around or between the words do not change what was said.
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .trim()
    .split(/\s+/);
  return lookup.get(words.join(" "));
}
