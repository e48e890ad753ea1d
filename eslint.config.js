// @ts-check
import { dirname, relative, resolve } from "node:path";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/**
 * Which folder may import which. `files` are the importing files (path prefixes from the repository root,
 * `*` one folder), `never` the folders they may not import, `except` what they may import all the same.
 */
export const boundaries = [
  {
    files: "src/domain/",
    never: ["src/"],
    except: ["src/domain/"],
    why: "the domain imports only the domain",
  },
  {
    files: "src/features/*/",
    never: ["src/features/", "src/app/"],
    except: ["src/features/$1/"],
    why: "a feature imports no other feature, nor the app that runs it",
  },
  {
    files: "src/features/*/*.messages.ts",
    never: ["src/"],
    except: ["src/i18n/define.ts"],
    why: "messages are data: the i18n catalogue reads them, so they import nothing but defineMessages",
  },
  ...["src/kit/", "src/i18n/", "src/store/", "src/notify/", "src/config/"].map((below) => ({
    files: below,
    never: ["src/features/", "src/app/"],
    // The catalogue of every language gathers the features' messages (data only, see above).
    except: below === "src/i18n/" ? ["src/features/*/*.messages.ts"] : [],
    why: "nothing below the features imports a feature or the app",
  })),
];

/** A path prefix with `*` for one folder (or file name part) as a regular expression, capturing each `*`. */
const prefix = (pattern) => new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\*/g, "([^/]+)")}`);

/** The boundaries as a lint rule: a relative import into a folder the importing file may not use is an error. */
const layout = {
  rules: {
    boundaries: {
      meta: { type: "problem", schema: [] },
      create(context) {
        const root = context.cwd;
        const as = relative(root, context.filename).split("\\").join("/");
        const check = (node) => {
          const source = node.source?.value;
          if (typeof source !== "string" || !source.startsWith(".")) return;
          const target = relative(root, resolve(dirname(context.filename), source))
            .split("\\")
            .join("/")
            .replace(/\.js$/, ".ts");
          for (const rule of boundaries) {
            const bound = prefix(rule.files).exec(as);
            if (!bound) continue;
            const own = (p) => p.replace(/\$(\d)/g, (_, i) => bound[Number(i)] ?? "");
            if (!rule.never.some((p) => prefix(p).test(target))) continue;
            if (rule.except.some((p) => prefix(own(p)).test(target))) continue;
            context.report({ node: node.source, message: `${rule.why} (${as} imports ${target})` });
          }
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "CatchClause[body.body.length=0]", message: "Empty catch blocks hide failures." },
        {
          // `import { z } from "zod"` takes zod's namespace object as a value, which keeps all of zod (and its
          // 64 locales) in the bundle (scripts/bundle.mjs); with `import * as z` esbuild keeps what is used.
          selector:
            "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
          message: 'Write `import * as z from "zod"`: the bundle then keeps only the parts of zod in use.',
        },
      ],
    },
  },
  ...importBoundaries(),
  { files: ["src/**/*.ts"], plugins: { layout }, rules: { "layout/boundaries": "error" } },
  {
    // No file of src/ reaches itself again through what it imports: a circle of modules is one unit that
    // only reads as several, and its order of evaluation decides which half sees the other undefined. Type
    // imports are erased, so they are not counted. The TypeScript resolver maps the sources' `.js` to `.ts`.
    files: ["src/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
);

/**
 * The domain imports no SDK; only src/teams imports the Bot Framework SDK and only src/store/cosmos imports
 * @azure/cosmos. botbuilder is out of support, so keeping it at the edge is what lets us replace it later.
 * The Bot Framework SDK's own HTTP layer, @azure/core-rest-pipeline, belongs to that edge: src/teams sends
 * replies through it (connector-send.ts).
 */
function importBoundaries() {
  const bot = ["botbuilder", "botbuilder-*", "botframework-*"];
  const cosmos = ["@azure/*"];
  const rule = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });
  return [
    { files: ["src/**/*.ts"], rules: rule([...bot, ...cosmos]) },
    { files: ["src/teams/**/*.ts"], rules: rule(["@azure/*", "!@azure/core-rest-pipeline"]) },
    { files: ["src/store/cosmos/**/*.ts"], rules: rule(bot) },
    {
      files: ["src/domain/**/*.ts"],
      rules: rule([...bot, ...cosmos, "restify", "adaptivecards*", "adaptive-expressions", "zod", "node:*"]),
    },
  ];
}
