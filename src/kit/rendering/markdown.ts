import { deepFreeze } from "../../util/deep-freeze.js";

/**
 * Teams reads a TextBlock's text and a fact's title and value as markdown. A line that starts with a number
 * and a dot (or parenthesis) followed by a space is a numbered-list item there, so a Danish or Norwegian date
 * ("6. dec. 2026", "31. mars 2027") was drawn as list item 6 or 31, indented. Escaping the dot is CommonMark's
 * way to say "not a list" and what Teams' renderers honour (a backslash before ASCII punctuation shows the
 * punctuation alone). Nothing else is escaped: bold, italic and links in our own texts keep working.
 */
const listMarker = /^([ \t]{0,3}\d{1,9})([.)])(?=[ \t]|$)/gm;

export const escapeListMarkers = (text: string): string => text.replace(listMarker, "$1\\$2");

/**
 * What a list marker needs: a digit at the start of a line, after at most three spaces or tabs. Most texts of
 * a card have none, and testing for that first (one pass, no replacement) costs a third of escaping them all,
 * which every card paid for each of its texts.
 */
const digitAtLineStart = /(?:^|[\n\r\u2028\u2029])[ \t]{0,3}\d/;

const escapeText = (text: string): string => (digitAtLineStart.test(text) ? escapeListMarkers(text) : text);

/**
 * Writes only a text that changes: the parts of a card that are the same on every card are shared and frozen
 * (prepared.ts), and escaped once when they are made, so here they have nothing left to change.
 */
function escapeField(element: Record<string, Json>, key: string): void {
  const text = element[key];
  if (typeof text !== "string") return;
  const escaped = escapeText(text);
  if (escaped !== text) element[key] = escaped;
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * Parts already escaped and frozen (prepared.ts: a template's static parts, the same on every card). A card
 * walks past them: nothing in them can change, and they were most of what the walk below visited.
 */
const escapedParts = new WeakSet<object>();

/** `part` escaped, frozen to the last node, and known as such to escapeCardMarkdown. */
export function escapedPart<T extends object>(part: T): Readonly<T> {
  escapeCardMarkdown(part);
  deepFreeze(part);
  escapedParts.add(part);
  return part;
}

/**
 * Escapes, in place, the texts of one element of a card that Teams reads as markdown: a TextBlock's text, a
 * FactSet's facts. What is inside the element is not looked at (the card walk escapes each element it makes
 * as it makes it, walk.ts). Escaping twice is escaping once: an escaped marker is no marker.
 */
export function escapeElement(element: Record<string, unknown>): void {
  const type = element.type;
  if (type === "TextBlock") escapeField(element as Record<string, Json>, "text");
  else if (type === "FactSet" && Array.isArray(element.facts)) {
    for (const fact of element.facts as Record<string, Json>[]) {
      escapeField(fact, "title");
      escapeField(fact, "value");
    }
  }
}

/**
 * Escapes, in place, every TextBlock text and every fact of an expanded card (the only texts Teams reads as
 * markdown), wherever they sit: body, containers, columns, show-card actions.
 */
export function escapeCardMarkdown(node: unknown): void {
  if (typeof node !== "object" || node === null || escapedParts.has(node)) return;
  if (Array.isArray(node)) {
    for (const item of node) escapeCardMarkdown(item);
    return;
  }
  const element = node as Record<string, Json>;
  escapeElement(element);
  // Every card goes through here: a for-in over the keys, not Object.values, which built an array per node.
  for (const key in element) {
    const value = element[key];
    if (typeof value === "object" && value !== null) escapeCardMarkdown(value);
  }
}
