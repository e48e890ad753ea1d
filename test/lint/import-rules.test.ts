import { ESLint } from "eslint";
import { expect, test } from "vitest";
import { projectRoot } from "../../src/util/project-root.js";

/**
 * The import rules of `npm run lint` (eslint.config.js), each shown to fire: the code is linted as if it
 * stood at the path given, so no file is written.
 */
const eslint = new ESLint({ cwd: projectRoot() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) =>
      ["layout/boundaries", "no-restricted-imports", "no-restricted-syntax", "import-x/no-cycle"].includes(
        m.ruleId ?? "",
      ),
    )
    .map((m) => m.message);
}

const refused = [
  ["src/domain/leads/x.ts", 'import { x } from "../../store/lead.repository.js";', "the domain imports only"],
  ["src/domain/leads/x.ts", 'import { x } from "../../kit/feature.js";', "the domain imports only"],
  ["src/domain/leads/x.ts", 'import { x } from "zod";', "'zod' import is restricted"],
  [
    "src/features/leads/x.ts",
    'import { x } from "../opportunities/opportunity.views.js";',
    "no other feature",
  ],
  ["src/features/leads/x.ts", 'import { x } from "../../app/pipeline-app.js";', "no other feature"],
  ["src/features/leads/leads.messages.ts", 'import { x } from "../../kit/feature.js";', "messages are data"],
  ["src/kit/x.ts", 'import { x } from "../features/index.js";', "nothing below the features"],
  ["src/i18n/x.ts", 'import { x } from "../features/leads/leads.feature.js";', "nothing below the features"],
  ["src/store/x.ts", 'import { x } from "../app/turn.js";', "nothing below the features"],
  [
    "src/notify/x.ts",
    'import { x } from "../features/notify/notify.feature.js";',
    "nothing below the features",
  ],
  ["src/app/x.ts", 'import { x } from "botbuilder";', "'botbuilder' import is restricted"],
  ["src/store/x.ts", 'import { x } from "@azure/cosmos";', "'@azure/cosmos' import is restricted"],
  ["src/teams/x.ts", 'import { x } from "@azure/cosmos";', "'@azure/cosmos' import is restricted"],
  [
    "src/app/x.ts",
    'import { x } from "@azure/core-rest-pipeline";',
    "'@azure/core-rest-pipeline' import is restricted",
  ],
  ["src/kit/x.ts", 'import { z as x } from "zod";', "import * as z"],
  ["bench/x.ts", 'import x from "zod";', "import * as z"],
] as const;

test.each(refused)("%s may not: %s", async (file, code, because) => {
  const found = await problems(file, code);
  expect(found.join("\n")).toContain(because);
});

const allowed = [
  ["src/features/leads/x.ts", 'import { x } from "./lead.views.js";'],
  ["src/features/leads/x.ts", 'import { x } from "../../kit/feature.js";'],
  ["src/features/leads/x.ts", 'import { x } from "../../domain/leads/lead.js";'],
  ["src/features/index.ts", 'import { x } from "./leads/leads.feature.js";'],
  ["src/app/x.ts", 'import { x } from "../features/index.js";'],
  ["src/i18n/x.ts", 'import { x } from "../features/leads/leads.messages.js";'],
  ["src/features/leads/leads.messages.ts", 'import { x } from "../../i18n/define.js";'],
  ["src/domain/leads/x.ts", 'import { x } from "../shared/result.js";'],
  ["src/teams/x.ts", 'import { x } from "botbuilder";'],
  ["src/teams/x.ts", 'import { x } from "@azure/core-rest-pipeline";'],
  ["src/store/cosmos/x.ts", 'import { x } from "@azure/cosmos";'],
  ["src/kit/x.ts", 'import * as x from "zod";'],
] as const;

test.each(allowed)("%s may: %s", async (file, code) => {
  expect(await problems(file, code)).toEqual([]);
});

// A file that imports, at run time, a file that imports it back (here the repository, which runs the
// preparation's pages): the circle is refused; a type import is erased and draws none.
test("a circle of imports is refused; a type import closes none", async () => {
  const file = "src/store/opportunity-preparation.ts";
  const value = 'import { opportunityWrite as x } from "./opportunity.repository.js";';
  expect((await problems(file, value)).join("\n")).toContain("Dependency cycle");
  const type =
    'import type { StoreOpportunityRepository as X } from "./opportunity.repository.js";\nconst x: X[] = [];';
  expect(await problems(file, type)).toEqual([]);
});
