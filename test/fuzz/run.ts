import { parseArgs } from "node:util";
import { fuzzEdge } from "./hostile-activities.js";

/** `npm run fuzz -- --runs 100000 [--seed n]`: a long campaign; prints its figures as JSON. */
const { values } = parseArgs({
  options: { runs: { type: "string", default: "10000" }, seed: { type: "string" } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const figures = await fuzzEdge({ runs, seed });
process.stdout.write(`${JSON.stringify({ seed, ...figures }, null, 2)}\n`);
