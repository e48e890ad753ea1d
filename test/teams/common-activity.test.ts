import { expect, test } from "vitest";
import { activitySchema, readActivity } from "../../src/teams/activity.js";
import { readCommonActivity } from "../../src/teams/common-activity.js";
import { paths, withChange } from "../support/field-changes.js";

/**
 * readCommonActivity (the zod-free read of the activities Teams posts every day) may answer only what zod
 * would: for every activity it reads, zod must accept it too and give the same value. Compared on activities
 * as Teams sends them and on each of their fields changed to every boundary length and every wrong type.
 */

const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const serviceUrl = "https://smba.trafficmanager.net/emea/";

const message = {
  type: "message",
  id: "1700000000000",
  timestamp: "2026-12-07T01:00:00.000Z",
  localTimezone: "Europe/Oslo",
  serviceUrl,
  channelId: "msteams",
  from: { id: "29:1ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" },
  recipient: { id: "28:bot", name: "Pipeline" },
  conversation: { id: "a:1chat", conversationType: "personal", tenantId: tenant },
  text: "opp show O-1001",
  textFormat: "plain",
  locale: "en-US",
  entities: [
    { type: "clientInfo", locale: "en-US", country: "US", platform: "Web", timezone: "Europe/Oslo" },
  ],
  channelData: { tenant: { id: tenant } },
};

const cardPress = {
  ...message,
  type: "invoke",
  name: "adaptiveCard/action",
  text: undefined,
  value: { action: { type: "Action.Execute", verb: "opp.show", data: { ref: "O-1001" } }, trigger: "manual" },
};
delete (cardPress as Partial<typeof cardPress>).text;

const channelMention = {
  ...message,
  text: "<at>Pipeline</at> pipeline",
  conversation: { id: "19:abc@thread.tacv2;messageid=1", conversationType: "channel", tenantId: tenant },
  entities: [
    { type: "mention", mentioned: { id: "28:bot", name: "Pipeline" }, text: "<at>Pipeline</at>" },
    { type: "mention", mentioned: { id: "29:1bob" } },
  ],
  channelData: {
    tenant: { id: tenant },
    team: { id: "19:team@thread.tacv2", name: "Sales", aadGroupId: "g-1" },
    channel: { id: "19:abc@thread.tacv2", name: "General" },
    eventType: "teamMemberAdded",
    settings: { selectedChannel: { id: "19:abc@thread.tacv2" } },
  },
};

const installed = {
  ...message,
  type: "conversationUpdate",
  membersAdded: [{ id: "28:bot" }, { id: "29:1ann", name: "Ann" }],
  membersRemoved: [],
  action: "add",
};

const samples = { message, cardPress, channelMention, installed };

/** What the fast read must agree with: zod's answer, with the service URL check zod itself makes. */
function compare(body: unknown): void {
  const fast = readCommonActivity(body, (url) => activitySchema.shape.serviceUrl.safeParse(url).data === url);
  const zod = activitySchema.safeParse(body);
  if (fast !== undefined) {
    expect(zod.success, JSON.stringify(body)).toBe(true);
    expect(fast, JSON.stringify(body)).toStrictEqual(zod.data);
    expect(prototypes(fast), JSON.stringify(body)).toEqual(prototypes(zod.data));
  }
  const read = readActivity(body);
  expect(read.ok, JSON.stringify(body)).toBe(zod.success);
  if (read.ok) expect(read.activity).toStrictEqual(zod.data);
}

/** The prototype of every object in a value (toStrictEqual does not look: a copied "__proto__" sets one). */
function prototypes(value: unknown): unknown[] {
  if (!value || typeof value !== "object") return [];
  const fields = Object.keys(value).sort();
  const own = value as Record<string, unknown>;
  return [Object.getPrototypeOf(value), ...fields.flatMap((key) => prototypes(own[key]))];
}

const lengths = [0, 1, 32, 33, 64, 65, 128, 129, 256, 257, 512, 513, 1024, 1025, 100_000, 100_001];
const replacements: unknown[] = [
  null,
  undefined,
  42,
  true,
  {},
  [],
  [{}],
  [null],
  { id: "x" },
  { toString: "x" },
  " padded ",
  "http://127.0.0.1:3978/",
  "https://example.com/a\tb",
  " https://example.com/",
  "file:///etc/passwd",
  "https:example.com",
  ...lengths.map((n) => "a".repeat(n)),
  ...lengths.map((n) => "https://e.com/" + "a".repeat(Math.max(0, n - 14))),
];

test.each(Object.entries(samples))(
  "the %s Teams sends is read without zod, as zod reads it",
  (_name, body) => {
    const fast = readCommonActivity(body, () => true);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(activitySchema.parse(body));
  },
);

test.each(Object.entries(samples))(
  "every field of the %s, changed to each boundary and wrong type, is read as zod reads it",
  (_name, body) => {
    for (const path of paths(body)) {
      if (path.length > 0) compare(withChange(body, path, { remove: true }));
      for (const value of replacements) compare(path.length ? withChange(body, path, { value }) : value);
    }
    for (const arrayField of ["entities", "membersAdded"]) {
      compare({ ...body, [arrayField]: Array.from({ length: 100 }, () => ({ type: "x", id: "29:x" })) });
      compare({ ...body, [arrayField]: Array.from({ length: 101 }, () => ({ type: "x", id: "29:x" })) });
    }
    compare({ ...body, __proto__: { type: "message" } });
    // A "__proto__" field as JSON.parse makes it (an own field), at the top and in the objects kept loose.
    const json = JSON.stringify(body);
    compare(JSON.parse(json.replace(/^\{/, '{"__proto__":{"x":1},')));
    compare(JSON.parse(json.replace('"channelData":{', '"channelData":{"__proto__":{"x":1},')));
    compare(JSON.parse(json.replace('"entities":[{', '"entities":[{"__proto__":{"x":1},')));
  },
);

test("a service URL zod changes (spaces around it) is left to zod", () => {
  const padded = { ...message, serviceUrl: ` ${serviceUrl}` };
  expect(readCommonActivity(padded, (url) => url === serviceUrl)).toBeUndefined();
  const read = readActivity(padded);
  expect(read.ok && read.activity.serviceUrl).toBe(serviceUrl);
});
