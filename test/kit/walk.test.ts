import { Template } from "adaptivecards-templating";
import { expect, test } from "vitest";

import { escapeCardMarkdown } from "../../src/kit/rendering/markdown.js";
import { preparedTemplate } from "../../src/kit/rendering/prepared.js";

/**
 * A prepared template's walk answers some nodes itself (walk.ts) and looks paths up without the library's
 * memory (paths.ts). Each case where that could part from the library is here, expanded both ways from the
 * same data, as plain objects and as the Maps the renderer hands over: keys that differ only in case (the
 * library takes the first one equal ignoring case), a path through an array, a null, a missing name, a
 * `$when` that is true, false, not a boolean or missing (and the warnings the library writes for them), a
 * `$when` inside a `$data` item, `$root` and `$data` and `$index` inside items, reserved names in an item,
 * a frozen object put into the card whole, and the library's version (`$_acTemplateVersion`).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const template: Json = {
  type: "AdaptiveCard",
  version: "1.5",
  body: [
    { type: "TextBlock", text: "${title}" },
    { type: "TextBlock", text: "${TITLE} / ${Title}", wrap: true },
    { type: "TextBlock", text: "${missing}" },
    { type: "TextBlock", text: "${$_acTemplateVersion.major}.${$_acTemplateVersion.minor}" },
    { type: "TextBlock", text: "${$_acTemplateVersion.patch}${$_acTemplateVersion.suffix}" },
    { type: "TextBlock", text: "${group.missing} and ${group.name}" },
    { type: "TextBlock", text: "${group.nothing}", $when: "${group.shown}" },
    { type: "TextBlock", text: "shown", $when: "${group.shown}" },
    { type: "TextBlock", text: "hidden", $when: "${group.hidden}" },
    { type: "TextBlock", text: "a text is no boolean", $when: "${group.name}" },
    { type: "TextBlock", text: "a missing when", $when: "${group.absent}" },
    { type: "TextBlock", text: "${list.length} ${list[0]}" },
    { type: "TextBlock", text: "${nothing}", separator: "${nothing}" },
    { type: "TextBlock", text: "${deep.a.b.c}" },
    {
      type: "Container",
      $data: "${items}",
      $when: "${visible}",
      items: [
        { type: "TextBlock", text: "${name} (${NAME}) ${$index}: ${$data.name} of ${$root.title}" },
        { type: "TextBlock", text: "${label}", $when: "${flag}" },
        { type: "TextBlock", text: "${nested.value}", color: "${nested.Color}" },
        { type: "TextBlock", text: "${$root.group.name}", isSubtle: "${$root.group.shown}" },
      ],
    },
    // Comparisons the walk decides itself where it is sure (conditions.ts), and leaves to the library where
    // the value is missing or of another type than the comparison was written for.
    { type: "TextBlock", text: "notice shown", $when: "${notice != ''}" },
    { type: "TextBlock", text: "no notice", $when: "${notice == ''}" },
    { type: "TextBlock", text: "empty shown", $when: "${empty != ''}" },
    { type: "TextBlock", text: "missing compared", $when: "${absent != ''}" },
    { type: "TextBlock", text: "number compared with text", $when: "${size != ''}" },
    { type: "TextBlock", text: "text compared with number", $when: "${title > 1}" },
    { type: "TextBlock", text: "counted", $when: "${count(list) > 0}" },
    { type: "TextBlock", text: "counted none", $when: "${count(none) == 0}" },
    { type: "TextBlock", text: "counted a text", $when: "${count(title) >= 3}" },
    { type: "TextBlock", text: "counted a missing list", $when: "${count(absent) > 0}" },
    { type: "TextBlock", text: "size", $when: "${size >= 2}" },
    { type: "TextBlock", text: "small", $when: "${$root.size < 2.5}" },
    { type: "TextBlock", text: "not small", $when: "${size <= 2.5}" },
    { type: "TextBlock", text: "about three", $when: "${size == 3}" },
    { type: "TextBlock", text: "more than three", $when: "${size > 3}" },
    { type: "TextBlock", text: "at most three", $when: "${size <= 3}" },
    // A static part, prepared once and escaped then: the card's escape walks past it.
    { type: "Container", items: [{ type: "TextBlock", text: "1. static" }] },
    { type: "TextBlock", text: "more than two", $when: "${count(list) > 1}" },
    { type: "TextBlock", text: "not three", $when: "${size != 3}" },
    { type: "TextBlock", text: "not hidden", $when: "${!group.hidden}" },
    { type: "TextBlock", text: "not shown", $when: "${!group.shown}" },
    { type: "TextBlock", text: "not a text", $when: "${!group.name}" },
    { type: "TextBlock", text: "not missing", $when: "${!group.absent}" },
    { type: "TextBlock", text: "a function", $when: "${not(empty(notice))}" },
    {
      type: "TextBlock",
      $data: "${items}",
      $when: "${name != 'hidden'}",
      text: "${name} at ${$index} (${$root.title != 'Ann'})",
    },
    { type: "TextBlock", $data: "${group}", $when: "${name == 'Contoso'}", text: "one object: ${name}" },
    { type: "TextBlock", $data: "${none}", text: "never" },
    { type: "TextBlock", $data: "${list}", $when: "always", text: "no expression" },
    { type: "TextBlock", $data: "${sparse}", text: "${$index}: ${$data}" },
    {
      type: "Container",
      $data: "${items}",
      items: [
        { type: "TextBlock", $data: "${$root.list}", text: "${$data} of ${$index}" },
        { type: "TextBlock", text: "then item ${$index} again" },
      ],
    },
    {
      // A `$data` as a field's value: one item is the value itself, none is null.
      type: "Container",
      selectAction: { $data: "${group}", type: "Action.OpenUrl", url: "https://x.example/${name}" },
      fallback: { $data: "${none}", type: "TextBlock", text: "never" },
      items: [],
    },
    {
      type: "ActionSet",
      actions: [{ type: "Action.Execute", title: "Go", verb: "go", data: "${data}" }],
    },
  ],
};

const data = {
  title: "Ann",
  Title: "Shadowed",
  group: { name: "Contoso", shown: true, hidden: false },
  list: ["a", "b"],
  nothing: null,
  deep: { a: { b: { c: "1. deep" } } },
  items: [
    // Keys equal ignoring case: the library takes the first of them.
    {
      NAME: "upper",
      name: "lower",
      visible: true,
      flag: true,
      label: "x",
      nested: { value: "v", color: "good", COLOR: "x" },
    },
    { name: "2. second", visible: true, flag: false, label: "y", nested: { Value: "V", color: "attention" } },
    { name: "hidden", visible: false, flag: true, label: "z", nested: {} },
    { name: "odd", visible: "yes", flag: "no", label: null, nested: null },
    { name: "reserved", visible: true, flag: true, label: "r", nested: { value: 1 }, $index: 9, $data: 1 },
  ],
  data: Object.freeze({ ref: "O-1001", verb: "opp.show" }),
  notice: "Saved",
  empty: "",
  size: 3,
  none: [],
  // A view model's list may hold a hole: the library keeps the previous `$data` for it.
  sparse: ["first", undefined, "third"],
};

/** The view model's top two levels as Maps, as the renderer hands them over. */
const keyed = (root: object): Map<string, unknown> =>
  new Map(
    Object.entries(root).map(([key, value]) => [
      key,
      typeof value === "object" && value !== null && !Array.isArray(value) && !Object.isFrozen(value)
        ? new Map(Object.entries(value as object))
        : (value as unknown),
    ]),
  );

function expandBothWays(root: object) {
  const library = new Template(template);
  const expected = library.expand({ $root: root }) as object;
  escapeCardMarkdown(expected);
  const prepared = preparedTemplate(template);
  const card = prepared.expand({ $root: root }) as object;
  escapeCardMarkdown(card);
  return {
    card,
    expected,
    warnings: prepared.getLastTemplateExpansionWarnings(),
    expectedWarnings: library.getLastTemplateExpansionWarnings(),
  };
}

test("a prepared template expands plain objects exactly as the library does, warnings and all", () => {
  const { card, expected, warnings, expectedWarnings } = expandBothWays(data);
  expect(JSON.stringify(card)).toBe(JSON.stringify(expected));
  // The objects too, not only their JSON: no field the library leaves out (undefined) is there.
  expect(card).toStrictEqual(expected);
  expect(warnings).toEqual(expectedWarnings);
  // The cases above are really there: a shadowed key, a false `$when`, a value written back as `${…}`.
  expect(JSON.stringify(card)).toContain("upper (upper)");
  expect(JSON.stringify(card)).toContain("${missing}");
  expect(warnings.length).toBeGreaterThan(2);
  // And the comparisons: decided both ways, and handed to the library.
  for (const text of [
    "notice shown",
    "counted",
    "counted none",
    "size",
    "about three",
    "not hidden",
    "more than two",
  ])
    expect(JSON.stringify(card)).toContain(`"${text}"`);
  for (const text of [
    "no notice",
    "empty shown",
    "small",
    "not small",
    "not three",
    "not shown",
    "more than three",
    "never",
  ])
    expect(JSON.stringify(card)).not.toContain(`"${text}"`);
  expect(JSON.stringify(card)).toContain("one object: Contoso");
  expect(JSON.stringify(card)).toContain('"1\\\\. static"');
});

test("a prepared template expands the renderer's Maps exactly as the library does", () => {
  const { card, expected, warnings, expectedWarnings } = expandBothWays(keyed(data));
  expect(JSON.stringify(card)).toBe(JSON.stringify(expected));
  expect(warnings).toEqual(expectedWarnings);
  expect(JSON.stringify(card)).toContain('"data":{"ref":"O-1001","verb":"opp.show"}');
});

test("the same prepared template gives each card its own answer", () => {
  const prepared = preparedTemplate(template);
  const other = { ...data, title: "Bo", group: { name: "Fabrikam", shown: false, hidden: true } };
  const first = JSON.stringify(prepared.expand({ $root: data }));
  const second = prepared.expand({ $root: other }) as object;
  const library = new Template(template).expand({ $root: other }) as object;
  // Escaped as every card is (the prepared template's static parts are escaped once, when prepared).
  escapeCardMarkdown(second);
  escapeCardMarkdown(library);
  expect(JSON.stringify(second)).toBe(JSON.stringify(library));
  expect(JSON.stringify(prepared.expand({ $root: data }))).toBe(first);
});
