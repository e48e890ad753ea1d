// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
      ],
    },
  },
  ...importBoundaries(),
);

/**
 * The domain imports no SDK; only src/teams imports the Bot Framework SDK and only src/store/cosmos imports
 * @azure/cosmos. botbuilder is out of support, so keeping it at the edge is what lets us replace it later.
 */
function importBoundaries() {
  const bot = ["botbuilder", "botbuilder-*", "botframework-*"];
  const cosmos = ["@azure/*"];
  const rule = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });
  return [
    { files: ["src/**/*.ts"], rules: rule([...bot, ...cosmos]) },
    { files: ["src/teams/**/*.ts"], rules: rule(cosmos) },
    { files: ["src/store/cosmos/**/*.ts"], rules: rule(bot) },
    {
      files: ["src/domain/**/*.ts"],
      rules: rule([...bot, ...cosmos, "restify", "adaptivecards*", "adaptive-expressions", "zod", "node:*"]),
    },
  ];
}
