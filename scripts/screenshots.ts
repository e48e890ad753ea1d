/**
 * `npm run screenshots`: PNGs of the bot's main Adaptive Cards as a Teams user sees them, for the README.
 *
 *   npm run screenshots                  (writes docs/screenshots/<name>.png)
 *   CHROMIUM=/path/to/chromium npm run screenshots
 *
 * Each card is expanded from its template in cards/ by the bot's own CardRenderer with the view models the
 * card tests use (test/support/*-card-samples.ts; the lead and welcome samples of test/cards.test.ts are
 * rebuilt below because that file runs tests when imported), in English. It is then drawn by Microsoft's
 * `adaptivecards` JS renderer in headless Chromium with a host config close to Teams' light theme, and the
 * card element is screenshotted at device scale factor 1.5.
 *
 * Needs Debian's chromium (`apt-get install chromium fonts-dejavu-core fonts-liberation`); playwright-core
 * only drives it and never downloads a browser. CI does not run this script. The page is a file:// URL and
 * every request to another host is aborted. The script fails if the renderer reports any problem with a card
 * (parse events, validation events, too many actions, a button that was not drawn).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { deflateSync, inflateSync } from "node:zlib";
import { chromium } from "playwright-core";

import { CardRenderer, type AdaptiveCard, type CardName } from "../src/kit/rendering/renderer.js";
import { helpView, welcomeView } from "../src/features/general/general.views.js";
import { commandCatalog } from "../src/features/index.js";
import { leadDuplicatesView, leadFormView, leadView } from "../src/features/leads/lead.views.js";
import type { ViewContext } from "../src/kit/rendering/view-context.js";
import { translator } from "../src/i18n/index.js";
import { projectRoot } from "../src/util/project-root.js";
import { directoryCardSamples } from "../test/support/directory-card-samples.js";
import { distributionCardSamples } from "../test/support/distribution-card-samples.js";
import { partnerCardSamples } from "../test/support/partner-card-samples.js";
import { cycleCardSamples } from "../test/support/cycle-card-samples.js";
import { opportunityCardSamples } from "../test/support/opportunity-card-samples.js";
import { extensionCardSamples } from "../test/support/extension-card-samples.js";
import {
  formProblems,
  formValues,
  minimalLead,
  ownerActions,
  timeline,
} from "../test/support/lead-card-samples.js";

const root = projectRoot();
const outDir = join(root, "docs", "screenshots");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** Past this a PNG is too heavy for a README; the script fails rather than commit it. */
const maxPngBytes = 250 * 1024;

// ---------------------------------------------------------------------------------------------------------
// The cards and their data.

const ctx: ViewContext = { t: translator("en-US"), locale: "en-US", timeZone: "America/New_York" };

interface Shot {
  /** The PNG's name in docs/screenshots/. */
  readonly file: string;
  readonly card: CardName;
  readonly data: object;
}

/** A sample of test/support by its variant name: a renamed variant stops the script instead of a stale PNG. */
function sampleData(
  samples: readonly { card: CardName; variant: string; data: object }[],
  card: CardName,
  variant: string,
): object {
  const found = samples.find((s) => s.card === card && s.variant === variant);
  if (!found)
    throw new Error(`No ${card} sample "${variant}" in test/support any more: update scripts/screenshots.ts`);
  return found.data;
}

function shots(): Shot[] {
  const opportunities = opportunityCardSamples(ctx);
  const cycles = cycleCardSamples(ctx);
  const extensions = extensionCardSamples(ctx);
  return [
    { file: "welcome", card: "welcome", data: welcomeView(ctx, "personal", "rep") },
    {
      // What a search result inserts, and what a pasted record link unfurls into.
      file: "record-compact",
      card: "record-compact",
      data: sampleData(extensions, "record-compact", "opportunity"),
    },
    {
      file: "record-lead-form",
      card: "record-lead-form",
      data: sampleData(extensions, "record-lead-form", "prefilled from a message"),
    },

    {
      file: "help",
      card: "help",
      data: helpView(
        ctx,
        commandCatalog.filter((c) => c.roles.includes("rep")),
        "rep",
        false,
      ),
    },
    { file: "lead-form", card: "lead-form", data: leadFormView(ctx, formValues, formProblems) },
    { file: "lead", card: "lead", data: leadView(ctx, { ...minimalLead, timeline }, "", ownerActions) },
    {
      file: "lead-duplicates",
      card: "lead-duplicates",
      data: leadDuplicatesView(
        ctx,
        {
          leadRef: "L-1002",
          accounts: [{ ref: "A-1001", name: "Contoso Ltd", domain: "contoso.com" }],
          contacts: [{ ref: "C-1001", name: "Ann Berg", email: "ann@contoso.com" }],
        },
        "DKK",
      ),
    },
    {
      // The only open sample with lines and a quote. A manager may press exactly the buttons its owner may
      // (mayChange; no stage move depends on the role), so only the sample's "changed meanwhile" notice is
      // left out.
      file: "opportunity",
      card: "opportunity",
      data: {
        ...sampleData(
          opportunities,
          "opportunity",
          "in the last stage with a quote, seen by a manager, stale notice",
        ),
        notice: "",
      },
    },
    {
      file: "opportunity-list",
      card: "opportunity-list",
      data: sampleData(opportunities, "opportunity-list", "10 items, filters and a cursor"),
    },
    {
      file: "pipeline",
      card: "pipeline",
      data: sampleData(opportunities, "pipeline", "three currencies, a stageless row, truncated"),
    },
    {
      file: "inbox",
      card: "inbox",
      data: sampleData(opportunities, "inbox", "a due activity and a passed close date"),
    },
    { file: "cycle", card: "cycle", data: sampleData(cycles, "cycle", "default cycle, admin") },
    {
      file: "notification",
      card: "notification",
      data: sampleData(
        opportunities,
        "notification",
        "a thread's root: the current state and the latest event",
      ),
    },
    {
      file: "opportunity-assign",
      card: "opportunity-assign",
      data: sampleData(opportunities, "opportunity-assign", "three people to choose from"),
    },
    {
      file: "partner-opportunity",
      card: "partner-opportunity",
      data: sampleData(
        distributionCardSamples(ctx),
        "partner-opportunity",
        "awaiting the partner's answer, alone",
      ),
    },
    {
      file: "partner-dashboard",
      card: "partner-dashboard",
      data: sampleData(
        opportunities,
        "partner-dashboard",
        "awaiting an answer, managed with a collaborating partner, created in every state",
      ),
    },
    {
      file: "partner-list",
      card: "partner-list",
      data: sampleData(partnerCardSamples(ctx), "partner-list", "two partners, seen by a rep"),
    },
    {
      file: "role-form",
      card: "role-form",
      data: sampleData(directoryCardSamples(ctx), "role-form", "three people, none chosen"),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Teams' light theme, as far as a host config and a little CSS get.

const mono = `Consolas, Menlo, "Liberation Mono", "DejaVu Sans Mono", monospace`;
const font = `"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", "Liberation Sans", Arial, "DejaVu Sans", sans-serif`;
const accent = "#6264A7";
const text = { default: "#242424", subtle: "#616161" };

const colours = {
  default: { default: text.default, subtle: text.subtle },
  dark: { default: "#242424", subtle: "#424242" },
  light: { default: "#FFFFFF", subtle: "#F5F5F5" },
  accent: { default: accent, subtle: "#8B8CC7" },
  good: { default: "#237B4B", subtle: "#2E8B57" },
  warning: { default: "#835C00", subtle: "#A07400" },
  attention: { default: "#C4314B", subtle: "#D0576D" },
};

/** Teams' type ramp, from a 12px base. */
const fontSizes = { small: 11, default: 12, medium: 14, large: 16, extraLarge: 20 };
const fontWeights = { lighter: 300, default: 400, bolder: 600 };

const hostConfig = {
  supportsInteractivity: true,
  fontTypes: {
    default: { fontFamily: font, fontSizes, fontWeights },
    monospace: { fontFamily: mono, fontSizes, fontWeights },
  },
  lineHeights: { small: 15, default: 16, medium: 19, large: 22, extraLarge: 26 },
  spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E0E0E0" },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: "#FFFFFF", foregroundColors: colours },
    emphasis: { backgroundColor: "#F5F5F5", foregroundColors: colours },
    accent: { backgroundColor: "#E8EBFA", foregroundColors: colours },
    good: { backgroundColor: "#E7F2DA", foregroundColors: colours },
    attention: { backgroundColor: "#FDE7E9", foregroundColors: colours },
    warning: { backgroundColor: "#FBF6D9", foregroundColors: colours },
  },
  actions: {
    maxActions: 6,
    spacing: "Default",
    buttonSpacing: 8,
    showCard: { actionMode: "Inline", inlineTopMargin: 16, style: "emphasis" },
    actionsOrientation: "Horizontal",
    actionAlignment: "Left",
  },
  factSet: {
    title: {
      color: "Default",
      size: "Default",
      isSubtle: false,
      weight: "Bolder",
      wrap: true,
      maxWidth: 150,
    },
    value: { color: "Default", size: "Default", isSubtle: false, weight: "Default", wrap: true },
    spacing: 12,
  },
  inputs: {
    label: {
      inputSpacing: "Small",
      requiredInputs: { weight: "Bolder", suffix: " *", suffixColor: "Attention" },
      optionalInputs: { weight: "Bolder" },
    },
    errorMessage: { size: "Small", color: "Attention" },
  },
  textBlock: { headingLevel: 2 },
};

const css = `
html, body { margin: 0; background: #F5F5F5; font-family: ${font}; }
#frame { display: inline-block; padding: 12px; background: #F5F5F5; }
#card {
  width: 450px; box-sizing: border-box; overflow: hidden; background: #FFFFFF;
  border: 1px solid #E0E0E0; border-radius: 6px; box-shadow: 0 1px 2px rgba(0, 0, 0, 0.08);
}
#card .ac-adaptiveCard:focus { outline: none; }
.ac-textBlock p { margin: 0; }
.ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 18px; }
.ac-textBlock a { color: ${accent}; text-decoration: none; }
.ac-pushButton {
  font-family: ${font}; font-size: 12px; font-weight: 600; line-height: 16px; min-height: 28px;
  padding: 5px 12px; border: 1px solid #D1D1D1; border-radius: 4px; background: #FFFFFF; color: ${accent};
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
.ac-pushButton.style-positive { background: ${accent}; border-color: ${accent}; color: #FFFFFF; }
.ac-pushButton.style-destructive { color: #C4314B; }
.ac-input { font-family: ${font}; font-size: 12px; color: ${text.default}; }
.ac-textInput, .ac-numberInput, .ac-dateInput, .ac-timeInput, .ac-choiceSetInput-compact {
  box-sizing: border-box; min-height: 30px; padding: 5px 8px; background: #FFFFFF;
  border: 1px solid #D1D1D1; border-bottom-color: #616161; border-radius: 4px;
}
.ac-textInput.ac-multiline { min-height: 60px; resize: none; }
.ac-input.ac-input-validation-failed,
.ac-input-container.ac-input-validation-failed .ac-input { border-color: #C4314B; }
.ac-input input[type="radio"], .ac-input input[type="checkbox"] { accent-color: ${accent}; }
`;

/** What the page offers the script (defined by the page's script below). */
interface PageApi {
  renderCard(card: unknown, hostConfig: unknown): { problems: string[] };
}

/**
 * Runs in the page: parse, validate and render one card into #card, and say what went wrong. Teams renders
 * a TextBlock's markdown (bold, italic, links, "- " and "1. " lists, backslash escapes such as "6\. dec."); the
 * library needs a processor for that, so a small one for that subset is set below.
 */
const pageScript = String.raw`
const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const inline = (s) => escapeHtml(s)
  .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
  .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, "$1<em>$2</em>")
  .replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, "$1<em>$2</em>")
  .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
  .replace(/\\([!-\/:-@\[-\x60{-~])/g, "$1");
const markdown = (text) => {
  const html = [];
  let list = null;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) html.push("<p>" + paragraph.join("<br>") + "</p>");
    paragraph = [];
    if (list) html.push(list.tag === "ol" ? '<ol start="' + list.start + '">' + list.items.join("") + "</ol>" : "<ul>" + list.items.join("") + "</ul>");
    list = null;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d+)\.\s+(.*)$/.exec(line);
    const tag = bullet ? "ul" : numbered ? "ol" : null;
    if (tag) {
      if (paragraph.length || (list && list.tag !== tag)) flush();
      if (!list) list = { tag, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push("<li>" + inline(bullet ? bullet[1] : numbered[2]) + "</li>");
    } else if (line.trim() === "") {
      flush();
    } else {
      if (list) flush();
      paragraph.push(inline(line));
    }
  }
  flush();
  return html.join("");
};
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown(text);
  result.didProcess = true;
};

window.renderCard = (json, hostConfigJson) => {
  const AC = window.AdaptiveCards;
  const problems = [];
  const name = (e) => AC.ValidationEvent[e.event] + ": " + e.message;
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(hostConfigJson);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push("parser: " + name(context.getEventAt(i)));
  for (const e of card.validateProperties().validationEvents) problems.push("validation: " + name(e));
  const element = card.render();
  const host = document.getElementById("card");
  host.replaceChildren();
  if (!element) return { problems: [...problems, "render() returned nothing"] };
  host.appendChild(element);
  // Every visible button must have been drawn (the body of an Action.ShowCard is drawn when it opens).
  const actions = [];
  const walk = (v, inActions) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, inActions));
    else if (v && typeof v === "object") {
      const isAction = typeof v.type === "string" && v.type.startsWith("Action.");
      if (inActions && isAction && v.isVisible !== false) actions.push(v);
      if (v.type === "Action.ShowCard") return;
      for (const [k, x] of Object.entries(v)) if (k !== "data") walk(x, k === "actions");
    }
  };
  walk(json, false);
  const buttons = host.querySelectorAll(".ac-pushButton, .ac-pushButton-disabled");
  if (buttons.length !== actions.length)
    problems.push("drew " + buttons.length + " buttons for " + actions.length + " actions");
  for (const b of buttons) if (b.scrollWidth > b.clientWidth + 1) problems.push("button title cut off: " + b.textContent);
  return { problems };
};
`;

function pageHtml(): string {
  const require = createRequire(import.meta.url);
  const library = pathToFileURL(require.resolve("adaptivecards/dist/adaptivecards.min.js")).href;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cards</title><style>${css}</style>
<script src="${library}"></script><script>${pageScript}</script></head>
<body><div id="frame"><div id="card"></div></div></body></html>`;
}

// ---------------------------------------------------------------------------------------------------------
// Chromium writes 24-bit PNGs; a card has a few hundred colours (antialiased text on flat fills), so a 256
// colour palette halves the file with no visible change. Lossless when the card has at most 256 colours;
// otherwise the rarest colours move to their nearest palette colour, and the 24-bit PNG is kept if any would
// move visibly.

/** Largest distance (RGB, 0-441) a rare colour may move to its palette colour. */
const maxColourShift = 16;
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGB, row-major. */
  readonly rgb: Uint8Array;
}

function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    chunks.push({
      type: png.toString("latin1", at + 4, at + 8),
      data: png.subarray(at + 8, at + 8 + length),
    });
    at += 12 + length;
  }
  return chunks;
}

/** Decodes Chromium's screenshots: 8-bit RGB or RGBA, not interlaced. */
function decodePng(png: Buffer): Pixels {
  const chunks = pngChunks(png);
  const header = chunks.find((c) => c.type === "IHDR")?.data;
  if (!header) throw new Error("not a PNG");
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const channels = header[9] === 6 ? 4 : header[9] === 2 ? 3 : 0;
  if (header[8] !== 8 || channels === 0 || header[12] !== 0) throw new Error("unexpected PNG format");
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (rows[line + x - channels] ?? 0) : 0;
      const b = y > 0 ? (rows[line - stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (rows[line - stride + x - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter ?? 0] ?? 0;
      rows[line + x] = ((raw[y * (stride + 1) + 1 + x] ?? 0) + predictor) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rows.length; i += channels, j += 3) rgb.set(rows.subarray(i, i + 3), j);
  return { width, height, rgb };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The screenshot as an 8-bit palette PNG, or undefined when 256 colours cannot show it faithfully. */
function palettePng({ width, height, rgb }: Pixels): Buffer | undefined {
  const counts = new Map<number, number>();
  for (let i = 0; i < rgb.length; i += 3) {
    const colour = ((rgb[i] ?? 0) << 16) | ((rgb[i + 1] ?? 0) << 8) | (rgb[i + 2] ?? 0);
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  // The most frequent colours, then the colour farthest from any chosen so far until 256: every colour
  // of the card ends up near one in the palette, the flat fills and the text exactly.
  const colours = [...counts.entries()].sort(([c1, n1], [c2, n2]) => n2 - n1 || c1 - c2).map(([c]) => c);
  const channel = (c: number, shift: number) => (c >> shift) & 0xff;
  const distance = (c1: number, c2: number) =>
    Math.sqrt([16, 8, 0].reduce((sum, shift) => sum + (channel(c1, shift) - channel(c2, shift)) ** 2, 0));
  const palette = colours.slice(0, 192);
  const nearest = colours.map((colour) => {
    let best = 0;
    palette.forEach((p, i) => {
      if (distance(p, colour) < distance(palette[best] ?? 0, colour)) best = i;
    });
    return best;
  });
  while (palette.length < 256 && palette.length < colours.length) {
    let far = 0;
    colours.forEach((colour, i) => {
      const d = distance(palette[nearest[i] ?? 0] ?? 0, colour);
      if (d > distance(palette[nearest[far] ?? 0] ?? 0, colours[far] ?? 0)) far = i;
    });
    const added = colours[far] ?? 0;
    palette.push(added);
    colours.forEach((colour, i) => {
      if (distance(added, colour) < distance(palette[nearest[i] ?? 0] ?? 0, colour))
        nearest[i] = palette.length - 1;
    });
  }
  const index = new Map<number, number>();
  for (const [i, colour] of colours.entries()) {
    if (distance(palette[nearest[i] ?? 0] ?? 0, colour) > maxColourShift) return undefined;
    index.set(colour, nearest[i] ?? 0);
  }
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0, i = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none, the usual choice for palette images
    for (let x = 0; x < width; x++, i += 3) {
      const colour = ((rgb[i] ?? 0) << 16) | ((rgb[i + 1] ?? 0) << 8) | (rgb[i + 2] ?? 0);
      raw[y * (width + 1) + 1 + x] = index.get(colour) ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8-bit, palette, deflate, filter method 0, not interlaced
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((c, i) => plte.set([channel(c, 16), channel(c, 8), channel(c, 0)], i * 3));
  return Buffer.concat([
    pngSignature,
    chunk("IHDR", header),
    chunk("PLTE", plte),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** The smaller of Chromium's PNG and its palette version. */
function smallestPng(screenshot: Buffer): Buffer {
  const palette = palettePng(decodePng(screenshot));
  return palette && palette.length < screenshot.length ? palette : screenshot;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: apt-get install -y chromium fonts-dejavu-core fonts-liberation (or set CHROMIUM)`,
    );
  }
  const renderer = CardRenderer.load();
  const cards = shots().map((s) => ({ ...s, json: renderer.render(s.card, s.data) as AdaptiveCard }));

  const work = mkdtempSync(join(tmpdir(), "card-screenshots-"));
  try {
    const pagePath = join(work, "cards.html");
    writeFileSync(pagePath, pageHtml());
    mkdirSync(outDir, { recursive: true });
    await screenshot(cards, pathToFileURL(pagePath).href, join(work, "profile"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function screenshot(
  cards: readonly { file: string; json: AdaptiveCard }[],
  pageUrl: string,
  profile: string,
): Promise<void> {
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    deviceScaleFactor: 1.5,
    viewport: { width: 520, height: 800 },
    locale: "en-US",
    timezoneId: "America/New_York",
  });
  try {
    await browser.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const local = url.protocol === "file:" || ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
      return local ? route.continue() : route.abort();
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pageUrl);
    if (!(await page.evaluate(() => "renderCard" in globalThis && "AdaptiveCards" in globalThis))) {
      throw new Error(`The page did not load the adaptivecards library: ${errors.join("; ") || "no error"}`);
    }

    const failures: string[] = [];
    for (const { file, json } of cards) {
      const { problems } = await page.evaluate(
        ([card, config]) => (globalThis as unknown as PageApi).renderCard(card, config),
        [json, hostConfig] as const,
      );
      problems.push(...errors.splice(0));
      if (problems.length > 0) {
        failures.push(`${file}:\n  ${problems.join("\n  ")}`);
        continue;
      }
      await page.evaluate("document.fonts.ready");
      const png = join(outDir, `${file}.png`);
      const shot = await page.locator("#frame").screenshot({ animations: "disabled", caret: "hide" });
      writeFileSync(png, smallestPng(shot));
      const bytes = statSync(png).size;
      console.log(`${png}  ${Math.round(bytes / 1024)} KB`);
      if (bytes > maxPngBytes) failures.push(`${file}: the PNG is ${Math.round(bytes / 1024)} KB`);
    }
    if (failures.length > 0) throw new Error(`No screenshot for these cards:\n${failures.join("\n")}`);
  } finally {
    await browser.close();
  }
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
