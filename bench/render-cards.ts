import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as RendererModule from "../src/kit/rendering/renderer.js";
import type * as I18nModule from "../src/i18n/index.js";
import type { CardRenderer } from "../src/kit/rendering/renderer.js";
import type { ViewContext } from "../src/kit/rendering/view-context.js";
import type { CardSample } from "../test/support/opportunity-card-samples.js";
import { projectRoot } from "../src/util/project-root.js";

/**
 * The renderer alone, in process: the CPU of expanding a card template with its view model (the templating
 * library, the view model handed over as Maps, the markdown escape), without HTTP, turns or store reads.
 * It renders the card samples of the card tests (test/support/*-card-samples.ts) in en, da, nb and sv, and
 * reports µs per card for the opportunity card (what `opp show` and a card press render) and for all samples.
 * A figure from a shared machine is noisy: compare two builds side by side, in alternation, several times.
 *
 *   npx tsx bench/render-cards.ts [--rounds N] [--repeat N] [--card opportunity] [--compare ../other-worktree]
 *   npx tsx bench/render-cards.ts --check ../other-worktree   (every sample's card the same, byte for byte)
 *   node --cpu-prof --cpu-prof-dir=bench/results/profiles --import tsx bench/render-cards.ts   (a profile)
 */

const { values } = parseArgs({
  options: {
    rounds: { type: "string" },
    card: { type: "string" },
    compare: { type: "string" },
    repeat: { type: "string" },
    check: { type: "string" },
  },
});
const rounds = Number(values.rounds ?? 50);
const repeat = Number(values.repeat ?? 10);
const focus = values.card ?? "opportunity";
if (![rounds, repeat].every((n) => Number.isInteger(n) && n >= 1))
  throw new Error("--rounds and --repeat are whole numbers >= 1");

const locales = ["en-US", "da-DK", "nb-NO", "sv-SE"] as const;
const sampleSets = [
  ["cycle-card-samples", "cycleCardSamples"],
  ["opportunity-card-samples", "opportunityCardSamples"],
  ["directory-card-samples", "directoryCardSamples"],
  ["digest-card-samples", "digestCardSamples"],
  ["distribution-card-samples", "distributionCardSamples"],
  ["partner-card-samples", "partnerCardSamples"],
  ["extension-card-samples", "extensionCardSamples"],
] as const;

interface Build {
  readonly name: string;
  readonly renderer: CardRenderer;
  readonly focused: readonly CardSample[];
  readonly all: readonly CardSample[];
}

/** The renderer and the card samples of the project at `root` (this one, or a second worktree). */
async function load(root: string): Promise<Build> {
  const from = async <T>(path: string) => (await import(pathToFileURL(join(root, path)).href)) as T;
  const { CardRenderer } = await from<typeof RendererModule>("src/kit/rendering/renderer.ts");
  const { translator } = await from<typeof I18nModule>("src/i18n/index.ts");
  const makers: ((ctx: ViewContext) => CardSample[])[] = [];
  for (const [file, name] of sampleSets) {
    const module = await from<Record<string, (ctx: ViewContext) => CardSample[]>>(`test/support/${file}.ts`);
    const maker = module[name];
    if (!maker) throw new Error(`${file} has no ${name}`);
    makers.push(maker);
  }
  const all = locales.flatMap((locale) => {
    const ctx: ViewContext = {
      t: translator(locale),
      locale,
      timeZone: "Europe/Copenhagen",
      recordUrl: (ref) => `https://pipeline.contoso.com/r/${ref}`,
    };
    return makers.flatMap((make) => make(ctx));
  });
  const focused = all.filter((s) => s.card === focus);
  if (focused.length === 0) throw new Error(`No samples of card ${focus}`);
  return { name: root, renderer: CardRenderer.load(join(root, "cards")), focused, all };
}

/** CPU µs (user + system) per card for rendering `set` `rounds` times over. */
function perCard(renderer: CardRenderer, set: readonly CardSample[]): number {
  let sink = 0;
  const start = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const s of set) sink += renderer.render(s.card, s.data).body ? 1 : 0;
  const used = process.cpuUsage(start);
  if (sink === 0) throw new Error("no card had a body");
  return (used.user + used.system) / (rounds * set.length);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Every card sample of this tree and of `other` (same samples, each tree's own views, renderer and cards/)
 * rendered as JSON and compared: a change meant to make rendering cheaper must not change a byte of a card.
 */
async function check(other: string): Promise<void> {
  const [mine, theirs] = [await load(projectRoot()), await load(resolve(other))];
  if (mine.all.length !== theirs.all.length)
    throw new Error(`${mine.all.length} samples here, ${theirs.all.length} there`);
  let differ = 0;
  mine.all.forEach((sample, i) => {
    const there = theirs.all[i];
    const a = JSON.stringify(mine.renderer.render(sample.card, sample.data));
    const b = there ? JSON.stringify(theirs.renderer.render(there.card, there.data)) : "";
    if (a !== b || sample.variant !== there?.variant) {
      differ++;
      console.log(`differs: ${sample.card} ${sample.variant}`);
    }
  });
  console.log(
    `${mine.all.length - differ} of ${mine.all.length} card samples byte for byte the same as ${other}`,
  );
  if (differ > 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (values.check) return check(values.check);
  const builds = [await load(projectRoot())];
  if (values.compare) builds.push(await load(resolve(values.compare)));
  const times = builds.map(() => ({ focused: [] as number[], all: [] as number[] }));
  for (const b of builds) for (let i = 0; i < 3; i++) perCard(b.renderer, b.all); // warm-up
  // In alternation, so both builds see the same machine load.
  for (let i = 0; i < repeat; i++)
    builds.forEach((b, j) => {
      times[j]?.focused.push(perCard(b.renderer, b.focused));
      times[j]?.all.push(perCard(b.renderer, b.all));
    });
  builds.forEach((b, j) => {
    const t = times[j];
    if (!t) return;
    console.log(
      `${b.name}: ${focus} ${median(t.focused).toFixed(1)} µs CPU per card (${b.focused.length} samples), ` +
        `all ${median(t.all).toFixed(1)} µs (${b.all.length} samples); median of ${repeat} × ${rounds} rounds`,
    );
  });
  if (times.length === 2 && times[0] && times[1])
    console.log(
      `ratio this/other: ${focus} ${(median(times[0].focused) / median(times[1].focused)).toFixed(3)}, ` +
        `all ${(median(times[0].all) / median(times[1].all)).toFixed(3)}; load ${loadavg()[0]?.toFixed(2)}`,
    );
}

await main();
