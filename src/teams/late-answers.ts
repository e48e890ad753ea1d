import { BoundedMap } from "../domain/shared/bounded-map.js";

/**
 * A reply send that missed its turn's deadline. Until it settles nobody knows whether the user will see it:
 * the connector may still deliver it (a slow connector, or a turn queued behind many others), so it is not
 * owed yet. Only once it has failed — or been given up on — is its undelivered part owed to the user's next
 * turn.
 */
interface LateSend {
  state: "sending" | "failed";
  /** The undelivered part of the answer; set when the send failed or was given up on. */
  text: string;
  /** Given up on while the connector still had it: the user may have seen it after all. */
  uncertain: boolean;
}

/** An answer owed to the user: `uncertain` when it may have reached them after all (a hung send). */
export interface OwedAnswer {
  readonly text: string;
  readonly uncertain: boolean;
}

/** What the bot may do with a tracked send while it is on its way. */
export interface LateTracking {
  /**
   * The send stopped (the caller aborts it): what had not arrived is owed now, marked uncertain, as the
   * connector may have delivered the request it was holding. If the send then succeeds before the user's
   * next turn (the answer came in as it was stopped), nothing is owed after all.
   */
  giveUp(): void;
}

/** Sends kept per user and conversation; past it the oldest is forgotten (a bound, not a tuning knob). */
const maxPerUser = 20;

/**
 * Answers that did not reach their user in time, per user and conversation, so each is seen exactly once:
 * either the late send delivers it, or — only after that send has failed or was given up on — the user's next
 * turn repeats it.
 *
 * A late send still on its way when the next turn starts is not repeated by that turn (it used to be, and then
 * arrived as well: the answer twice). If it fails later, the turn after tells it. A send that never settles (a
 * hung connector) is given up on by the bot after a while (teams-bot.ts), which stops it, so it cannot arrive
 * after it was told. Taking what is owed is synchronous (read and forget in one step), so of several turns of
 * one user running at once only one repeats a given answer; and each late send is kept on its own, so two late
 * at once are both told.
 */
export class LateAnswers {
  private readonly sends: BoundedMap<string, LateSend[]>;

  /** `limit`: users (and conversations) remembered; past it the least recently used is forgotten. */
  constructor(limit: number) {
    this.sends = new BoundedMap(limit);
  }

  /**
   * A send that missed the deadline: nothing is owed while it is on its way; if it fails, `unsent` (read when
   * it has failed) is what did not arrive, owed to the next turn.
   */
  track(key: string, sending: Promise<unknown>, unsent: () => string): LateTracking {
    const send: LateSend = { state: "sending", text: "", uncertain: false };
    const kept = [...(this.sends.get(key) ?? []), send].slice(-maxPerUser);
    this.sends.set(key, kept);
    const owe = () => {
      send.text = unsent();
      if (send.text === "") this.forget(key, send);
      else send.state = "failed";
    };
    sending.then(
      // Arrived (after a give-up too: then the answer came in as the send was stopped, and was not taken yet).
      () => this.forget(key, send),
      owe,
    );
    return {
      giveUp: () => {
        if (send.state !== "sending") return;
        send.uncertain = true;
        owe();
      },
    };
  }

  /** The answers owed to the user (failed or given-up sends, oldest first), forgotten as they are taken. */
  take(key: string): OwedAnswer[] {
    const kept = this.sends.get(key);
    if (!kept) return [];
    const failed = kept.filter((s) => s.state === "failed");
    if (failed.length === 0) return [];
    this.keep(
      key,
      kept.filter((s) => s.state === "sending"),
    );
    return failed.map((s) => ({ text: s.text, uncertain: s.uncertain }));
  }

  private forget(key: string, send: LateSend): void {
    const kept = this.sends.get(key);
    if (kept)
      this.keep(
        key,
        kept.filter((s) => s !== send),
      );
  }

  private keep(key: string, sends: LateSend[]): void {
    if (sends.length === 0) this.sends.delete(key);
    else this.sends.set(key, sends);
  }
}
