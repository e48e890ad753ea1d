import type { Versioned } from "../shared/ports.js";
import type { ChannelDigest, NudgePrefs } from "./digest.js";

/** A tenant's nudge run: the last morning whose nudges were all fanned out (the scheduler's shortcut). */
export interface NudgeRun {
  readonly tenantId: string;
  readonly lastPeriod: string;
}

/**
 * Channel digests, people's nudge settings and the nudge run, per tenant. Saves are guarded by the version
 * read (`undefined` creates) and throw ConcurrencyConflict when someone else wrote first.
 */
export interface DigestRepository {
  channel(tenantId: string, conversationId: string): Promise<Versioned<ChannelDigest> | undefined>;
  saveChannel(digest: ChannelDigest, version: string | undefined): Promise<Versioned<ChannelDigest>>;
  /** Every active channel digest of the tenant. */
  activeChannels(tenantId: string): Promise<readonly Versioned<ChannelDigest>[]>;
  prefs(tenantId: string, userId: string): Promise<Versioned<NudgePrefs> | undefined>;
  savePrefs(prefs: NudgePrefs, version: string | undefined): Promise<Versioned<NudgePrefs>>;
  /** Every person's settings in the tenant (those who turned nudges off or snoozed something). */
  allPrefs(tenantId: string): Promise<readonly NudgePrefs[]>;
  nudgeRun(tenantId: string): Promise<Versioned<NudgeRun> | undefined>;
  saveNudgeRun(run: NudgeRun, version: string | undefined): Promise<Versioned<NudgeRun>>;
}
