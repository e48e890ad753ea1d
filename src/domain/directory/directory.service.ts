import { isConfiguredAdmin, isManager, isStaff, type Actor, type ConfiguredAdmin } from "../shared/actor.js";
import { BoundedMap } from "../shared/bounded-map.js";
import { languageTag } from "../shared/locale.js";
import { ConcurrencyConflict, type Clock } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import type { ConversationAddress, DirectoryUser, GrantedRole, Roster, RosterMember } from "./directory.js";
import type { DirectoryRepository, KnownConversation } from "./directory.repository.port.js";
import { DirectoryRecords, directoryCacheMs, userKey } from "./directory.records.js";
import {
  actorOf,
  conversationAsIs,
  describeUser,
  directoryLimits,
  isExternalMember,
  isReservedTenantId,
  looksLikeEmail,
  looksLikeUserId,
  pickMention,
  readTypedUser,
  sameAddress,
  staleAt,
} from "./directory.rules.js";

/** Tenants known to be registered in the store, at most (one that is forgotten is looked up once more). */
const registeredTenantsKept = 10_000;

export interface DirectoryServiceDeps {
  readonly directory: DirectoryRepository;
  readonly clock: Clock;
  /** The admins from configuration, each bound to its tenant. */
  readonly admins?: readonly ConfiguredAdmin[];
}

export interface SeenInput {
  readonly tenantId: string;
  /** The AAD object id (lower case); the Teams id itself when Teams gave none. */
  readonly userId: string;
  /** Teams user id ("29:…"). */
  readonly teamsId: string;
  readonly name: string;
  readonly conversation: ConversationAddress;
  readonly locale?: string;
  readonly roster: Roster;
}

export interface MentionContext {
  readonly mentions: readonly { readonly id: string; readonly name: string }[];
  readonly roster: Roster;
}

export interface RoleHolders {
  /** Admins from configuration, by id, with the name when the directory knows it. */
  readonly configured: readonly { readonly userId: string; readonly name?: string }[];
  /** Users holding a granted role, by name. */
  readonly granted: readonly DirectoryUser[];
}

/**
 * Who the bot has met, per tenant, and where it can post: users (with their granted role and personal chat)
 * and conversations. `seen` runs on every turn, so it is built to cost nothing on the common turn: users and
 * conversations are cached per instance for a short time, and nothing is written unless something changed.
 */
export class DirectoryService {
  /** Users and conversations, read through a short cache and written guarded (directory.records.ts). */
  private readonly records: DirectoryRecords;
  private readonly registered = new BoundedMap<string, true>(registeredTenantsKept);
  /** Member lookups in flight, per tenant and Teams id (see `lookup`). */
  private readonly lookups = new Map<string, Promise<RosterMember | undefined>>();
  private tenantList: { readonly tenants: readonly string[]; readonly until: number } | undefined;

  constructor(private readonly deps: DirectoryServiceDeps) {
    this.records = new DirectoryRecords(deps.directory, () => this.clockMs());
  }

  private get admins(): readonly ConfiguredAdmin[] {
    return this.deps.admins ?? [];
  }

  // -------------------------------------------------------------------------------------------------------
  // Every turn

  /**
   * Records the user and the conversation of a turn, and answers who the user is. Recording is best effort:
   * when the same user's turns race (several messages at once), the record another turn just wrote stands
   * and the command goes on; a user is never refused because they were recorded twice.
   */
  async seen(input: SeenInput): Promise<DirectoryUser> {
    const known = this.unchanged(input);
    if (known) return known;
    try {
      return await this.record(input);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
      const fresh = await this.records.loadUser(input.tenantId, input.userId, true);
      if (!fresh) throw error;
      return fresh.value;
    }
  }

  /**
   * The common turn, answered from memory without a read, a write or a wait: the tenant is registered, and
   * the conversation and the user are held fresh and this turn would change neither (`conversationAsIs`,
   * `userAsIs`: the same tests `record` makes before it writes). Anything else is `record`'s.
   */
  private unchanged(input: SeenInput): DirectoryUser | undefined {
    if (!this.registered.has(input.tenantId)) return undefined;
    const nowMs = this.clockMs();
    const conversation = this.records.freshConversation(
      input.tenantId,
      input.conversation.conversationId,
      nowMs,
    );
    if (!conversation || staleAt(conversation.seenAtMs, nowMs)) return undefined;
    if (!conversationAsIs(conversation.value.value, input.conversation)) return undefined;
    const user = this.records.freshUser(input.tenantId, input.userId, nowMs);
    if (!user || staleAt(user.seenAtMs, nowMs)) return undefined;
    return userAsIs(user.value.value, input) ? user.value.value : undefined;
  }

  private async record(input: SeenInput): Promise<DirectoryUser> {
    assertTenant(input.tenantId);
    await this.registerTenant(input.tenantId);
    try {
      await this.recordConversation(input.tenantId, input.conversation);
    } catch (error) {
      // Another turn recorded the conversation at the same moment: that record is as good as ours.
      if (!(error instanceof ConcurrencyConflict)) throw error;
    }
    const now = this.now();
    const personal = input.conversation.kind === "personal" ? input.conversation : undefined;
    const locale = languageTag(input.locale);
    return this.records.upsertUser(input.tenantId, input.userId, async (current) => {
      if (current) {
        const name = input.name.trim() || current.name;
        // Membership unknown since an earlier failed lookup: ask Teams again, on every turn until it answers.
        const membership = current.unverified ? await this.membership(input) : undefined;
        const changed =
          membership !== undefined || !sameUser(current, input, locale) || this.stale(current.lastSeenAt);
        if (!changed) return undefined;
        const { unverified: _u, ...rest } = current;
        return {
          ...(membership ? rest : current),
          ...(membership ? { external: membership.external } : {}),
          ...(membership?.email && !current.email ? { email: membership.email } : {}),
          name,
          teamsId: input.teamsId,
          ...(personal ? { personal } : {}),
          ...(locale ? { locale } : {}),
          lastSeenAt: now,
        };
      }
      // First turn of this user in this tenant: ask Teams whether they are a guest or from elsewhere. When
      // Teams does not answer, nobody knows: no access (help only) until a later turn's lookup works.
      const member = await this.lookup(input);
      return {
        tenantId: input.tenantId,
        userId: input.userId,
        teamsId: input.teamsId,
        name: input.name.trim() || member?.name || input.teamsId,
        ...(member?.email ? { email: member.email } : {}),
        external: member ? isExternalMember(member, input.tenantId) : true,
        ...(member ? {} : { unverified: true }),
        ...(personal ? { personal } : {}),
        ...(locale ? { locale } : {}),
        lastSeenAt: now,
      };
    });
  }

  /** What Teams now says about an unverified user; undefined while it still does not answer. */
  private async membership(
    input: SeenInput,
  ): Promise<{ readonly external: boolean; readonly email?: string } | undefined> {
    const member = await this.lookup(input);
    if (!member) return undefined;
    return {
      external: isExternalMember(member, input.tenantId),
      ...(member.email ? { email: member.email } : {}),
    };
  }

  /**
   * Teams' answer about a user, shared by the turns that ask while it is on its way. A new user's first
   * messages often arrive together: each turn asked Teams on its own (ten messages, ten lookups, under load
   * each slower than the last) and the turns raced to record different answers — one that timed out left the
   * user "unknown" for the others.
   */
  private lookup(input: SeenInput): Promise<RosterMember | undefined> {
    const key = userKey(input.tenantId, input.teamsId);
    let pending = this.lookups.get(key);
    if (!pending) {
      pending = input.roster.member(input.teamsId).finally(() => this.lookups.delete(key));
      this.lookups.set(key, pending);
    }
    return pending;
  }

  /** The actor a user acts as: role from configuration or the directory, and their partner organisation. */
  actorFor(user: DirectoryUser): Actor {
    return actorOf(user, this.admins);
  }

  /** Admins from configuration stay admins (in their tenant) whatever role is stored for them. */
  isConfiguredAdmin(tenantId: string, userId: string): boolean {
    return isConfiguredAdmin(this.admins, tenantId, userId);
  }

  // -------------------------------------------------------------------------------------------------------
  // Users

  async user(tenantId: string, userId: string): Promise<DirectoryUser | undefined> {
    assertTenant(tenantId);
    return (await this.records.loadUser(tenantId, userId.toLowerCase()))?.value;
  }

  async byTeamsId(tenantId: string, teamsId: string): Promise<DirectoryUser | undefined> {
    assertTenant(tenantId);
    return (await this.deps.directory.userByTeamsId(tenantId, teamsId))?.value;
  }

  /** People whose name (whole, first or last) or email is the text; a leading "@" is ignored. */
  async search(tenantId: string, text: string): Promise<DirectoryUser[]> {
    assertTenant(tenantId);
    const wanted = text.trim().replace(/^@/u, "").trim();
    if (!wanted) return [];
    const match = looksLikeEmail(wanted) ? { email: wanted } : { name: wanted };
    const found = await this.deps.directory.findUsers(tenantId, match, directoryLimits.search);
    return [...found].sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  }

  /**
   * The person a user typed: a Teams @mention is looked up in the conversation's roster (and recorded), a
   * user id is looked up directly, and anything else is searched in the directory by name or email.
   */
  async resolveUser(tenantId: string, ctx: MentionContext, text: string): Promise<Result<DirectoryUser>> {
    assertTenant(tenantId);
    const typed = readTypedUser(text);
    if (!typed.name) return fail("directory.user_required");
    const mention = pickMention(ctx.mentions, typed);
    if (mention) {
      const member = await ctx.roster.member(mention.id);
      if (member?.aadObjectId) return ok(await this.fromRoster(tenantId, member, mention.name));
      const known = await this.byTeamsId(tenantId, mention.id);
      return known ? ok(known) : fail("directory.lookup_failed", { name: mention.name || typed.name });
    }
    if (looksLikeUserId(typed.name)) {
      const known = await this.user(tenantId, typed.name);
      if (known) return ok(known);
    }
    const found = await this.search(tenantId, typed.name);
    const [only] = found;
    if (only && found.length === 1) return ok(only);
    if (found.length > 1)
      return fail("directory.ambiguous", { name: typed.name, matches: found.map(describeUser).join(", ") });
    return fail("directory.unknown_user", { name: typed.name });
  }

  // -------------------------------------------------------------------------------------------------------
  // Roles

  mayGrant(actor: Actor): boolean {
    return actor.role === "admin";
  }

  /**
   * Gives a user a role; admins only. A guest or a user of another tenant can only be mapped to a partner.
   * Partner organisations are not records yet, so the partner is stored by the name given; checking it
   * against the tenant's partner organisations belongs to the issue that introduces them.
   */
  async grant(
    actor: Actor,
    target: DirectoryUser,
    role: GrantedRole,
    partner?: string,
  ): Promise<Result<DirectoryUser>> {
    if (!this.mayGrant(actor)) return fail("forbidden", { action: "role" });
    if (target.tenantId !== actor.tenantId) return fail("directory.unknown_user", { name: target.name });
    const partnerName = partner?.trim() ?? "";
    if (role === "partner") {
      if (!partnerName) return fail("invalid", undefined, [{ field: "partner", problem: "required" }]);
      if (partnerName.length > directoryLimits.partnerName) {
        return fail("invalid", undefined, [
          { field: "partner", problem: "too_long", params: { max: directoryLimits.partnerName } },
        ]);
      }
    } else if (target.external) {
      return fail("directory.external_needs_partner", { name: target.name });
    }
    const now = this.now();
    const saved = await this.records.upsertUser(actor.tenantId, target.userId, async (current) => {
      const { role: _r, partner: _p, grantedBy: _b, grantedAt: _a, ...rest } = current ?? target;
      return {
        ...rest,
        role,
        ...(role === "partner" ? { partner: partnerName } : {}),
        grantedBy: { id: actor.userId, name: actor.name },
        grantedAt: now,
      };
    });
    return ok(saved);
  }

  /**
   * Makes a user a member of a partner organisation (role `partner` bound to its ref). Managers and admins
   * staff partners (`partner add`); the partner service checks the organisation exists.
   */
  async bindPartner(actor: Actor, target: DirectoryUser, partnerRef: string): Promise<Result<DirectoryUser>> {
    if (!isManager(actor)) return fail("partner.forbidden");
    if (target.tenantId !== actor.tenantId) return fail("directory.unknown_user", { name: target.name });
    const now = this.now();
    const saved = await this.records.upsertUser(actor.tenantId, target.userId, async (current) => {
      const { role: _r, partner: _p, grantedBy: _b, grantedAt: _a, ...rest } = current ?? target;
      return {
        ...rest,
        role: "partner" as const,
        partner: partnerRef,
        grantedBy: { id: actor.userId, name: actor.name },
        grantedAt: now,
      };
    });
    return ok(saved);
  }

  /** Who holds which role: the configured admins and every granted role. Managers and admins may look. */
  async roleHolders(actor: Actor): Promise<Result<RoleHolders>> {
    if (!isManager(actor)) return fail("forbidden", { action: "role list" });
    const granted = await this.deps.directory.listUsers(actor.tenantId, {
      granted: true,
      limit: directoryLimits.grants,
    });
    const configured = await Promise.all(
      this.admins
        .filter((admin) => admin.tenantId === undefined || admin.tenantId === actor.tenantId)
        .map(async ({ userId }) => {
          const known = await this.user(actor.tenantId, userId);
          return known ? { userId, name: known.name } : { userId };
        }),
    );
    return ok({ configured, granted });
  }

  /** People an admin can pick on the role form: the directory's users, by name. */
  async grantCandidates(actor: Actor): Promise<Result<readonly DirectoryUser[]>> {
    if (!this.mayGrant(actor)) return fail("forbidden", { action: "role" });
    return ok(await this.deps.directory.listUsers(actor.tenantId, { limit: directoryLimits.formUsers }));
  }

  /** People who work the pipeline (admins, managers, reps), by name: whom a manager can assign work to. */
  async assignees(actor: Actor): Promise<DirectoryUser[]> {
    if (!isManager(actor)) return [];
    const users = await this.deps.directory.listUsers(actor.tenantId, { limit: directoryLimits.formUsers });
    return users.filter((u) => isStaff(this.actorFor(u)));
  }

  // -------------------------------------------------------------------------------------------------------
  // Conversations

  async conversation(tenantId: string, conversationId: string): Promise<KnownConversation | undefined> {
    assertTenant(tenantId);
    return (await this.records.loadConversation(tenantId, conversationId))?.value;
  }

  /** The bot was removed from the conversation (uninstalled, or removed from the team or chat). */
  async conversationRemoved(tenantId: string, conversationId: string): Promise<void> {
    assertTenant(tenantId);
    const removedAt = this.now();
    await this.records.writeConversation(tenantId, conversationId, (current) =>
      current && current.active ? { ...current, active: false, removedAt } : undefined,
    );
  }

  /** The user's personal chat with the bot is known (installed for the user, or first message there). */
  async personalOpened(tenantId: string, userId: string, address: ConversationAddress): Promise<void> {
    assertTenant(tenantId);
    await this.recordConversation(tenantId, address);
    await this.records.writeUser(tenantId, userId.toLowerCase(), async (current) =>
      current && !sameAddress(current.personal, address) ? { ...current, personal: address } : undefined,
    );
  }

  /** The user's personal chat with the bot is gone (the user uninstalled the app). */
  async personalGone(tenantId: string, userId: string): Promise<void> {
    assertTenant(tenantId);
    await this.records.writeUser(tenantId, userId.toLowerCase(), async (current) => {
      if (!current?.personal) return undefined;
      const { personal: _gone, ...rest } = current;
      return rest;
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Tenants

  /** Every tenant the bot has seen, so work pending in any of them is found after a restart. */
  async knownTenants(): Promise<string[]> {
    const cached = this.tenantList;
    if (cached && cached.until > this.clockMs()) return [...cached.tenants];
    const tenants = [
      ...new Set([...(await this.deps.directory.tenants()), ...this.registered.keys()]),
    ].sort();
    this.tenantList = { tenants, until: this.clockMs() + directoryCacheMs };
    return [...tenants];
  }

  private async registerTenant(tenantId: string): Promise<void> {
    if (this.registered.has(tenantId)) return;
    if (!(await this.deps.directory.isRegistered(tenantId))) {
      await this.deps.directory.register(tenantId, this.now());
      this.tenantList = undefined;
    }
    this.registered.set(tenantId, true);
  }

  // -------------------------------------------------------------------------------------------------------

  private async fromRoster(
    tenantId: string,
    member: RosterMember,
    mentionedAs: string,
  ): Promise<DirectoryUser> {
    const userId = (member.aadObjectId ?? member.teamsId).toLowerCase();
    const external = isExternalMember(member, tenantId);
    const name = member.name.trim() || mentionedAs.trim() || member.teamsId;
    return this.records.upsertUser(tenantId, userId, async (current) => {
      if (!current) {
        return {
          tenantId,
          userId,
          teamsId: member.teamsId,
          name,
          ...(member.email ? { email: member.email } : {}),
          external,
          lastSeenAt: this.now(),
        };
      }
      const email = member.email ?? current.email;
      if (
        current.name === name &&
        current.teamsId === member.teamsId &&
        current.email === email &&
        current.external === external &&
        !current.unverified
      )
        return undefined;
      // Teams answered for this user: whatever an earlier failed lookup left unknown is known now.
      const { unverified: _u, ...known } = current;
      return { ...known, name, teamsId: member.teamsId, ...(email ? { email } : {}), external };
    });
  }

  private async recordConversation(tenantId: string, address: ConversationAddress): Promise<void> {
    const now = this.now();
    await this.records.writeConversation(tenantId, address.conversationId, (current) => {
      if (current && conversationAsIs(current, address) && !this.stale(current.lastSeenAt)) return undefined;
      return { tenantId, address, lastSeenAt: now, active: true };
    });
  }

  private stale(lastSeenAt: string): boolean {
    return staleAt(Date.parse(lastSeenAt), this.clockMs());
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private clockMs(): number {
    return this.deps.clock.now().getTime();
  }
}

/**
 * A turn of this user leaves their record as it is (but for `lastSeenAt`): the same name (a blank one keeps
 * the known name), Teams id, personal chat and language (`locale`: the turn's, as a language tag).
 */
function sameUser(current: DirectoryUser, input: SeenInput, locale: string | undefined): boolean {
  const name = input.name.trim();
  const personal = input.conversation.kind === "personal" ? input.conversation : undefined;
  return (
    (name === "" || name === current.name) &&
    input.teamsId === current.teamsId &&
    (personal === undefined || sameAddress(personal, current.personal)) &&
    (locale === undefined || locale === current.locale)
  );
}

/** As sameUser, and the user's membership is known (an unverified one is asked about again: `record`). */
const userAsIs = (current: DirectoryUser, input: SeenInput): boolean =>
  current.unverified !== true && sameUser(current, input, languageTag(input.locale));

/** A reserved tenant id reaching the directory is a bug at the edge (which refuses such activities). */
function assertTenant(tenantId: string): void {
  if (!tenantId || isReservedTenantId(tenantId))
    throw new Error(`Not a tenant id: ${JSON.stringify(tenantId)}`);
}
