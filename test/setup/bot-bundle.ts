import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error a plain .mjs build script without type declarations
import { bundleAll } from "../../scripts/bundle.mjs";
import { projectRoot } from "../../src/util/project-root.js";
import type {} from "./provided-context.js";

/**
 * Global setup: bundles the bot once per test run with the build's own script (scripts/bundle.mjs), so the tests
 * that start the bot as a process run what production runs, and each start costs one file to load instead of
 * compiling src/ through tsx (9–17 s per start on a loaded machine). The folder is the run's own (two runs at
 * once do not share it) and lies inside the project, where the bundle finds cards/ and node_modules/.
 */
type Bundled = { readonly name: string; readonly file: string };
const bundleAllTyped = bundleAll as (root: string, outdir: string, only: string[]) => Promise<Bundled[]>;

let built: Promise<{ file: string; dir: string }> | undefined;

export default async function setup(project: TestProject): Promise<() => void> {
  // Both projects (embedded, cosmos) run this setup: they share one build.
  built ??= (async () => {
    const cache = join(projectRoot(), "node_modules", ".cache");
    mkdirSync(cache, { recursive: true });
    const dir = join(cache, `pipeline-test-bundle-${process.pid}`);
    const [bot] = await bundleAllTyped(projectRoot(), dir, ["bot"]);
    if (!bot) throw new Error("scripts/bundle.mjs built no bot bundle");
    return { file: bot.file, dir };
  })();
  const { file, dir } = await built;
  project.provide("botBundle", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
