import { afterAll, beforeAll, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";
import { executeActions } from "../support/card-validation.js";

/**
 * Sales-cycle administration over real HTTP: Teams activities in, replies recorded by the stand-in connector.
 * Ann is an admin (ADMIN_AAD_IDS), Bo a rep. Each test works in its own tenant, so each starts from the
 * default cycle (Qualify, Develop, Propose, Negotiate).
 */

const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };
const bo = { id: "29:bo", name: "Bo Lind", aadObjectId: "00000000-0000-0000-0000-00000000b001" };
type User = typeof ann;

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: ann.aadObjectId });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

let tenantCounter = 0;
/** A fresh tenant, and what its users can do in it. */
function tenant() {
  const tenantId = `cycles-tenant-${++tenantCounter}`;

  const { say: sayTo, press } = chat(
    () => bot,
    () => connector,
    { tenantId },
  );
  const say = async (text: string, user: User = ann) => (await sayTo(text, { user })).sent;
  /** Everything a typed command got back: the texts, then the card's text. */
  const sayText = async (text: string, user: User = ann) => (await sayTo(text, { user })).text;
  /** A card button (Action.Execute): the card that replaces it, or the message. */
  const click = async (verb: string, data: Record<string, unknown>, user: User = ann) => {
    const { card, text } = await press(verb, data, { user });
    return { card, text };
  };

  const admin: Actor = { tenantId, userId: ann.aadObjectId, name: ann.name, role: "admin" };
  // A fresh composition reads the store, not the bot's cache.
  const services = () => composeServices(bot.store);
  const cycle = async () => value(await services().cycles.show(admin)).cycle;
  const stages = async () => (await cycle()).stages.map((s) => s.name);

  /** Opportunities for Contoso, moved on `steps` stages from the default one. */
  async function opportunities(count: number, steps: number): Promise<string[]> {
    const s = services();
    const existing = await s.parties.createAccount(admin, { name: `Contoso ${count}-${steps}` });
    const account = value(existing).ref;
    const refs: string[] = [];
    for (let i = 0; i < count; i++) {
      const { opportunity } = value(await s.opportunities.create(admin, { title: `Deal ${i + 1}`, account }));
      for (let n = 0; n < steps; n++) value(await s.opportunities.next(admin, opportunity.ref));
      refs.push(opportunity.ref);
    }
    return refs;
  }

  const opportunity = async (ref: string) =>
    value(await services().opportunities.show(admin, ref)).opportunity;

  return { tenantId, say, sayText, click, services, cycle, stages, opportunities, opportunity, admin };
}

function value<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code} ${JSON.stringify(result.error.params)}`);
  return result.value;
}

const adminOnly = "Only admins can change sales cycles. Type cycle show to see the stages.";

test("cycle show lists the stages in order with their figures, the closing stages last, and edit buttons for admins", async () => {
  const { say, sayText } = tenant();

  const text = await sayText("cycle show");

  expect(text).toContain("Sales cycle with 4 stages. New opportunities start in Qualify.");
  expect(text).toMatch(/1\. Qualify[\s\S]*Default[\s\S]*Completed 10% · chances of success 20%/);
  expect(text).toContain("Completed 90% · chances of success 80% · quote required");
  expect(text).toContain("- Send the quote · 3 days · reminder");
  expect(text.indexOf("4. Negotiate")).toBeLessThan(text.indexOf("Closed won"));
  expect(text).toContain("Closed lost");
  const [adminCard] = await say("cycle show");
  const verbs = executeActions(cardOf(adminCard)).map((a) => a.verb);
  expect(verbs.filter((v) => v === "cycle.stage.form")).toHaveLength(5); // four stages, and "Add stage"
  expect(verbs).toContain("cycle.stage.delete.form");

  const [repCard] = await say("cycle show", bo);
  expect(executeActions(cardOf(repCard)).map((a) => a.verb)).toEqual(["closecode.list"]);
  expect(cardText(cardOf(repCard))).toContain("4. Negotiate");
});

test("an admin adds a stage by text and by the form card, each where asked", async () => {
  const { sayText, click, stages, cycle } = tenant();

  const typed = await sayText("cycle stage add Demo completed=55 chance=50% skip=yes position=3");
  expect(typed).toContain("Stage Demo added.");
  expect(typed).toContain("3. Demo");

  const form = await sayText("cycle stage add");
  expect(form).toContain("New stage in Standard sales cycle");
  const added = await click("cycle.stage.add", {
    cycle: "standard",
    name: "Security review",
    completed: "80",
    chance: "70",
    skip: "false",
    quote: "true",
    position: "6",
  });
  expect(added.text).toContain("Stage Security review added.");

  expect(await stages()).toEqual(["Qualify", "Develop", "Demo", "Propose", "Negotiate", "Security review"]);
  expect((await cycle()).stages[2]).toEqual({
    id: "demo",
    name: "Demo",
    completedPct: 55,
    chancePct: 50,
    allowSkip: true,
    quoteRequired: false,
    activities: [],
  });
});

test("an admin renames and edits a stage by text and through the prefilled form", async () => {
  const { say, sayText, click, cycle } = tenant();

  const [formReply] = await say("cycle stage edit develop");
  const form = cardOf(formReply);
  expect(cardText(form)).toContain("Edit stage Develop");
  expect(JSON.stringify(form)).toContain('"id":"completed","label":"Completed %","value":40');

  expect(await sayText("cycle stage edit Develop name=Develop solution chance=45")).toContain(
    "Stage Develop solution saved.",
  );
  const saved = await click("cycle.stage.update", {
    cycle: "standard",
    stage: "develop",
    name: "Build the solution",
    completed: "45",
    chance: "50",
    skip: "false",
    quote: "true",
  });
  expect(saved.text).toContain("Stage Build the solution saved.");

  expect((await cycle()).stages[1]).toMatchObject({
    id: "develop",
    name: "Build the solution",
    completedPct: 45,
    chancePct: 50,
    allowSkip: false,
    quoteRequired: true,
    activities: [{ name: "Present the proposed solution", durationDays: 7, reminder: true }],
  });
});

test("an admin reorders stages with the buttons and by text, and sets the default stage", async () => {
  const { sayText, click, stages, opportunities, opportunity } = tenant();

  expect(
    (await click("cycle.stage.move", { cycle: "standard", stage: "propose", direction: "up" })).text,
  ).toContain("Propose is now stage 2.");
  expect(await sayText("cycle stage move Qualify down")).toContain("Qualify is now stage 2.");
  expect(await sayText("cycle stage move Negotiate 1")).toContain("Negotiate is now stage 1.");
  expect(await stages()).toEqual(["Negotiate", "Propose", "Qualify", "Develop"]);
  expect(await sayText("cycle stage move Negotiate up")).toBe("Negotiate is already the first stage.");
  expect(await sayText("cycle stage move Develop sideways")).toBe(
    '"sideways" is not up, down or a position number. Type: cycle stage move ‹stage› up|down|‹position›',
  );

  expect((await click("cycle.stage.default", { cycle: "standard", stage: "propose" })).text).toContain(
    "New opportunities now start in Propose.",
  );
  expect(await sayText("cycle stage default Develop")).toContain("New opportunities now start in Develop.");
  const [ref] = await opportunities(1, 0);
  expect((await opportunity(ref ?? "")).stageId).toBe("develop");
});

test("an admin edits a stage's activities in the form; eleven are refused and nothing changes", async () => {
  const { sayText, click, cycle } = tenant();

  const form = await sayText("cycle stage activities Propose");
  expect(form).toContain("Activities in Propose");
  expect(form).toContain("Send the quote");

  const saved = await click("cycle.activities.save", {
    cycle: "standard",
    stage: "propose",
    name1: "Book the demo",
    days1: "2",
    reminder1: "true",
    name2: "Send the quote",
    days2: "3",
    reminder2: "false",
    name3: "",
    days3: "",
    reminder3: "false",
  });
  expect(saved.text).toContain("Activities in Propose saved.");
  expect(saved.text).toContain("- Book the demo · 2 days · reminder");
  const activities = [
    { name: "Book the demo", durationDays: 2, reminder: true },
    // still the default's name: it keeps its key, so other languages read it in theirs
    { name: "Send the quote", durationDays: 3, reminder: false, builtIn: "propose.quote" },
  ];
  expect((await cycle()).stages[2]?.activities).toEqual(activities);

  const eleven = Object.fromEntries(
    Array.from({ length: 11 }, (_, i) => [
      [`name${i + 1}`, `Step ${i + 1}`],
      [`days${i + 1}`, "1"],
    ]).flat(),
  );
  const refused = await click("cycle.activities.save", { cycle: "standard", stage: "propose", ...eleven });
  expect(refused.text).toContain("Activities can have at most 10 entries.");
  const badDays = await click("cycle.activities.save", { stage: "propose", name1: "Call", days1: "soon" });
  expect(badDays.text).toContain("Each activity's days must be a whole number from 0 to 365.");
  expect((await cycle()).stages[2]?.activities).toEqual(activities);
});

test("deleting a stage with a replacement moves its opportunities and activities, and writes their history", async () => {
  const { say, click, cycle, opportunities, opportunity } = tenant();
  const moving = await opportunities(2, 2);
  const [staying] = await opportunities(1, 1);

  const [question] = await say("cycle stage delete Propose");
  const card = cardOf(question);
  expect(cardText(card)).toContain("2 opportunities are in this stage. Choose where they go.");
  expect(cardText(card)).toContain("No stage (leave the opportunities without a stage)");
  expect(cardText(card)).toContain("Also move its activity to the replacement stage");

  const done = await click("cycle.stage.delete", {
    cycle: "standard",
    stage: "propose",
    replacement: "develop",
    activities: "true",
  });

  expect(done.text).toContain(
    "Stage Propose deleted. 2 opportunities moved to Develop. 1 activity moved to Develop.",
  );
  const after = await cycle();
  expect(after.stages.map((s) => s.id)).toEqual(["qualify", "develop", "negotiate"]);
  expect(after.stages[1]?.activities.map((a) => a.name)).toEqual([
    "Send the quote",
    "Present the proposed solution",
  ]);
  for (const ref of moving) {
    const o = await opportunity(ref);
    expect(o.stageId).toBe("develop");
    expect(o.history.at(-1)).toMatchObject({
      action: "replace",
      from: "propose",
      to: "develop",
      by: { id: ann.aadObjectId, name: ann.name },
      note: "Propose",
    });
  }
  expect((await opportunity(staying ?? "")).history.map((h) => h.action)).toEqual(["create", "next"]);
});

test("deleting a stage without a replacement by text leaves its opportunities without a stage", async () => {
  const { sayText, stages, opportunities, opportunity } = tenant();
  const [ref] = await opportunities(1, 1);

  const reply = await sayText("cycle stage delete Develop replace=none");

  expect(reply).toContain("Stage Develop deleted. 1 opportunity is now without a stage.");
  expect(await stages()).toEqual(["Qualify", "Propose", "Negotiate"]);
  const o = await opportunity(ref ?? "");
  expect(o.stageId).toBeUndefined();
  expect(o.history.at(-1)).toMatchObject({ action: "replace", from: "develop", note: "Develop" });
  expect(o.history.at(-1)).not.toHaveProperty("to");
});

test("a rep is refused every change, typed or by a forged card, and nothing changes", async () => {
  const { sayText, click, cycle, opportunities, opportunity } = tenant();
  const [ref] = await opportunities(1, 2);
  const before = await cycle();

  const typed = [
    "cycle stage add Demo completed=50",
    "cycle stage add",
    "cycle stage edit Develop name=Build",
    "cycle stage edit Develop",
    "cycle stage move Develop up",
    "cycle stage default Develop",
    "cycle stage activities Develop",
    "cycle stage delete Propose",
    "cycle stage delete Propose replace=Develop",
  ];
  for (const text of typed) expect(await sayText(text, bo), text).toBe(adminOnly);

  const forged: [string, Record<string, unknown>][] = [
    ["cycle.stage.form", { cycle: "standard" }],
    ["cycle.stage.add", { cycle: "standard", name: "Demo", completed: "50", chance: "50" }],
    ["cycle.stage.update", { cycle: "standard", stage: "develop", name: "Build" }],
    ["cycle.stage.move", { cycle: "standard", stage: "develop", direction: "up" }],
    ["cycle.stage.default", { cycle: "standard", stage: "develop" }],
    ["cycle.activities.form", { cycle: "standard", stage: "develop" }],
    ["cycle.activities.save", { cycle: "standard", stage: "develop", name1: "Hack", days1: "1" }],
    ["cycle.stage.delete.form", { cycle: "standard", stage: "propose" }],
    ["cycle.stage.delete", { cycle: "standard", stage: "propose", replacement: "none" }],
  ];
  for (const [verb, data] of forged) {
    expect(await click(verb, data, bo), verb).toEqual({ card: undefined, text: adminOnly });
  }

  expect(await cycle()).toEqual(before);
  expect((await opportunity(ref ?? "")).stageId).toBe("propose");
});

test("a close code added by text or form is listed and closes an opportunity; reps may only list them", async () => {
  const { sayText, click, services, opportunities, admin } = tenant();
  const refusal = "Only managers and admins can add close codes. Type closecode list to see them.";

  expect(await sayText("closecode add LOST-TIMING lost Bad timing, try next year", bo)).toBe(refusal);
  expect(await click("closecode.add", { code: "LOST-TIMING", type: "lost", description: "x" }, bo)).toEqual({
    card: undefined,
    text: refusal,
  });
  expect(await sayText("closecode add", bo)).toBe(refusal);

  expect(await sayText("closecode add lost-timing lost Bad timing, try next year")).toContain(
    "Close code LOST-TIMING added.",
  );
  expect(await sayText("closecode add")).toContain("New close code");
  const byForm = await click("closecode.add", {
    code: "won-referral",
    type: "won",
    description: "Referred by a customer",
  });
  expect(byForm.text).toContain("Close code WON-REFERRAL added.");
  expect(await sayText("closecode add LOST-TIMING lost Again")).toBe(
    "The close code LOST-TIMING exists already.",
  );

  const list = await sayText("closecode list", bo);
  expect(list).toContain("LOST-TIMING\nBad timing, try next year");
  expect(list).toContain("WON-REFERRAL\nReferred by a customer");

  const [ref] = await opportunities(1, 0);
  const closed = value(
    await services().opportunities.close(admin, ref ?? "", "lost", "lost-timing", undefined),
  );
  expect(closed.opportunity).toMatchObject({ status: "lost", closeCode: "LOST-TIMING" });
});

test("bad values get clear replies that say what to fix, and nothing changes", async () => {
  const { say, sayText, click, cycle, stages } = tenant();
  const before = await cycle();

  const percent = await say("cycle stage add Demo completed=150");
  // One message: the form, saying what is wrong (no separate line repeating it).
  expect(percent).toHaveLength(1);
  const form = cardOf(percent.find((r) => cardOf(r)));
  expect(cardText(form)).toContain("New stage in Standard sales cycle");
  expect(cardText(form)).toContain("Completed % must be a whole number from 0 to 100.");
  expect(JSON.stringify(form)).toContain('"id":"name","label":"Stage name","value":"Demo"');
  expect(JSON.stringify(form)).toContain('"id":"completed","label":"Completed %","value":150');
  const empty = await click("cycle.stage.add", {
    cycle: "standard",
    name: "",
    completed: "10",
    chance: "10",
  });
  expect(empty.text).toContain("Stage name is required.");
  const cleared = await click("cycle.stage.update", { cycle: "standard", stage: "develop", name: " " });
  expect(cleared.text).toContain("Stage name is required.");
  expect(await sayText("cycle stage add qualify")).toBe(
    "There is already a stage named qualify. Choose another name.",
  );
  expect(await sayText('cycle stage add "Closed won"')).toContain(
    'Stage name cannot be "Closed won": Closed won and Closed lost are fixed closing stages.',
  );
  expect(await sayText("cycle stage add Demo skip=maybe")).toContain("Allow skip must be yes or no.");
  expect(await sayText("cycle stage add Demo colour=red")).toBe(
    '"colour" is not something I can set here. Use one of: completed, chance, skip, quote, position, cycle. ' +
      "Type: cycle stage add ‹name› [completed=‹n›] [chance=‹n›] [skip=yes|no] [quote=yes|no] [position=‹n›]",
  );
  expect(await sayText("cycle stage edit Nope chance=5")).toBe(
    'There is no stage "Nope" in this cycle. Stages: Qualify, Develop, Propose, Negotiate.',
  );
  expect(await sayText("cycle stage delete Qualify replace=Develop")).toBe(
    "Qualify is the default stage. Make another stage the default first: cycle stage default ‹stage›.",
  );
  expect(await sayText("cycle stage delete Develop replace=Develop")).toBe(
    "A stage cannot replace itself. Choose another stage, or no stage.",
  );
  const unchosen = await click("cycle.stage.delete", {
    cycle: "standard",
    stage: "develop",
    replacement: "",
  });
  expect(unchosen.text).toContain("Choose a replacement stage, or no stage.");
  expect(await cycle()).toEqual(before);

  for (const stage of ["Develop", "Propose", "Negotiate"])
    await sayText(`cycle stage delete ${stage} replace=none`);
  expect(await stages()).toEqual(["Qualify"]);
  expect(await sayText("cycle stage delete Qualify replace=none")).toBe(
    "Qualify is the only stage, so it cannot be deleted.",
  );
  expect(await stages()).toEqual(["Qualify"]);
});

test("the cycle speaks the user's language: Norwegian trinn and the terminal stages as Microsoft names them", async () => {
  const { tenantId } = tenant();
  const activity = teamsMessage({
    serviceUrl: connector.serviceUrl,
    text: "cycle show",
    user: ann,
    tenantId,
    locale: "nb-NO",
  });
  expect((await bot.post(activity)).status).toBe(200);
  const text = cardText(cardOf(connector.received.find((r) => r.body.replyToId === activity.id)));
  expect(text).toContain("Salgssyklus med 4 trinn. Nye salgsmuligheter starter i Kvalifiser.");
  expect(text).toContain("Lukket/avtale inngått");
  expect(text).toContain("Flytt opp");
});
