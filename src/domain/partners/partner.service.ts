import type { ConversationAddress, DirectoryUser } from "../directory/directory.js";
import { languageTag } from "../shared/locale.js";
import type { DirectoryService } from "../directory/directory.service.js";
import type { Opportunity } from "../opportunities/opportunity.js";
import { isManager, isStaff, type Actor } from "../shared/actor.js";
import { ConcurrencyConflict, stoppedBy, type Clock, type Page, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  checkPartnerInput,
  partnerKey,
  partnerLimits,
  partnerRefPattern,
  rankPartners,
  type Partner,
  type PartnerFit,
  type PartnerInput,
} from "./partner.js";
import type { PartnerRepository } from "./partner.repository.port.js";

export interface PartnerServiceDeps {
  readonly partners: PartnerRepository;
  readonly directory: DirectoryService;
  /** How many open opportunities a partner holds (delivered or accepted), up to `atMost`. */
  readonly load: (tenantId: string, partnerRef: string, atMost: number) => Promise<number>;
  readonly clock: Clock;
}

/** Partner organisations: defined and staffed by managers, found by name for distribution. */
export class PartnerService {
  constructor(private readonly deps: PartnerServiceDeps) {}

  /** `partner new`: managers and admins. */
  async create(actor: Actor, input: PartnerInput): Promise<Result<Partner>> {
    if (!isManager(actor)) return fail("partner.forbidden");
    const checked = checkPartnerInput(input);
    if (!checked.ok) return checked;
    const existing = await this.deps.partners.findByName(actor.tenantId, checked.value.name);
    if (existing) return fail("partner.exists", { name: existing.value.name });
    const page = await this.deps.partners.list(actor.tenantId, { limit: partnerLimits.perTenant });
    if (page.items.length >= partnerLimits.perTenant || page.cursor)
      return fail("partner.too_many", { max: partnerLimits.perTenant });
    const at = this.deps.clock.now().toISOString();
    const me = { id: actor.userId, name: actor.name };
    const partner: Partner = {
      ref: await this.deps.partners.nextRef(actor.tenantId),
      tenantId: actor.tenantId,
      ...checked.value,
      members: [],
      revision: 1,
      createdBy: me,
      createdAt: at,
      updatedBy: me,
      updatedAt: at,
    };
    try {
      return ok((await this.deps.partners.create(partner)).value);
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return fail("partner.exists", { name: partner.name });
      throw error;
    }
  }

  /** `partner list`: the vendor's people see every partner; a partner user sees their own organisation. */
  async list(actor: Actor, cursor?: string): Promise<Result<Page<Partner>>> {
    if (actor.role === "partner") {
      const own = actor.partner ? await this.deps.partners.get(actor.tenantId, actor.partner) : undefined;
      return ok({ items: own ? [own.value] : [] });
    }
    if (!isStaff(actor)) return fail("partner.forbidden");
    const page = await this.deps.partners.list(actor.tenantId, { limit: 25, ...(cursor ? { cursor } : {}) });
    return ok({ items: page.items.map((p) => p.value), ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  /** A partner by ref ("P-1001") or name, as the vendor's people name it. */
  async find(actor: Actor, text: string): Promise<Result<Partner>> {
    if (!isStaff(actor) && !(actor.role === "partner")) return fail("partner.forbidden");
    const found = await this.lookup(actor.tenantId, text);
    if (!found.ok) return found;
    // A partner user knows only their own organisation.
    if (actor.role === "partner" && found.value.ref !== actor.partner)
      return fail("partner.not_found", { partner: text.trim() });
    return found;
  }

  /** Several partners named in one go ("Fabrikam,Northwind"); every unknown name is reported. */
  async findMany(actor: Actor, names: readonly string[]): Promise<Result<Partner[]>> {
    const found: Partner[] = [];
    const unknown: string[] = [];
    for (const name of names) {
      const one = await this.lookup(actor.tenantId, name);
      if (one.ok) found.push(one.value);
      else unknown.push(name.trim());
    }
    if (unknown.length) return fail("partner.not_found", { partner: unknown.join(", ") });
    return ok(found);
  }

  /** The organisation a partner user acts for (system read: the relay, the composer). */
  async get(tenantId: string, ref: string): Promise<Partner | undefined> {
    return (await this.deps.partners.get(tenantId, ref))?.value;
  }

  /**
   * `partner add <partner> @user` (managers, admins) and `role @user partner=<name>` (admins): the user
   * acts for that partner from now on, and hears of what is distributed to it. A user moves from one
   * partner to another; the vendor's managers and admins cannot be made partner users.
   */
  async addMember(actor: Actor, partnerText: string, user: DirectoryUser): Promise<Result<Partner>> {
    if (!isManager(actor)) return fail("partner.forbidden");
    if (user.tenantId !== actor.tenantId) return fail("directory.unknown_user", { name: user.name });
    const target = this.deps.directory.actorFor(user);
    if (target.role === "admin" || target.role === "manager")
      return fail("partner.member_is_staff", { name: user.name, role: target.role });
    const found = await this.lookup(actor.tenantId, partnerText);
    if (!found.ok) return found;
    const partner = found.value;
    const member = partner.members.some((m) => m.id === user.userId);
    // Checked before the role is bound, so a full partner leaves the user as they were.
    if (!member && partner.members.length >= partnerLimits.members)
      return fail("partner.too_many_members", { max: partnerLimits.members });
    // Three writes, ordered so that the same command run again after a storage failure part way finishes
    // the job: off the former partner's members, then bound to this one, then on its members.
    let written = false;
    try {
      if (user.partner && user.partner !== partner.ref) {
        await this.removeMember(actor, user.partner, user.userId);
        written = true;
      }
      const bound = await this.deps.directory.bindPartner(actor, user, partner.ref);
      if (!bound.ok) return bound;
      written = true;
      if (member) return ok(partner);
      return await this.edit(actor, partner.ref, (p) =>
        p.members.some((m) => m.id === user.userId)
          ? p
          : { ...p, members: [...p.members, { id: user.userId, name: user.name }] },
      );
    } catch (error) {
      // Part of it is saved: not "nothing was changed", but to run it again (which completes it).
      const stopped = stoppedBy(error);
      if (!stopped || !written) throw error;
      return fail("partner.add_incomplete", { name: user.name, partner: partner.name });
    }
  }

  /** Takes a user out of a partner's members (their role changed, or they moved to another partner). */
  async removeMember(actor: Actor, partnerRef: string, userId: string): Promise<void> {
    await this.edit(actor, partnerRef, (p) => ({ ...p, members: p.members.filter((m) => m.id !== userId) }));
  }

  /**
   * `notify here partner` typed by a partner member in their channel: distribution cards go there instead
   * of each member's personal chat.
   */
  async setInbox(
    actor: Actor,
    address: ConversationAddress | undefined,
    locale?: string,
  ): Promise<Result<Partner>> {
    if (actor.role !== "partner" || !actor.partner) return fail("partner.inbox_partners_only");
    if (address && address.kind === "personal") return fail("partner.inbox_channel_only");
    const language = languageTag(locale);
    return this.edit(actor, actor.partner, (p) => {
      const { inbox: _old, inboxLocale: _oldLocale, ...rest } = p;
      return address ? { ...rest, inbox: address, ...(language ? { inboxLocale: language } : {}) } : rest;
    });
  }

  /** Removes the inbox of every partner whose channel the bot was removed from (system). */
  async inboxGone(tenantId: string, conversationId: string): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.partners.list(tenantId, { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const p of page.items)
        if (p.value.inbox?.conversationId === conversationId) {
          const { inbox: _gone, inboxLocale: _locale, ...rest } = p.value;
          try {
            await this.deps.partners.update({ ...rest, revision: rest.revision + 1 }, p.version);
          } catch (error) {
            if (!(error instanceof ConcurrencyConflict)) throw error;
          }
        }
      cursor = page.cursor;
    } while (cursor);
  }

  /**
   * The preferred-partner rule for `opp distribute … auto`: every partner with free capacity that matches
   * the opportunity's region, industry or products, best first.
   */
  async rank(actor: Actor, o: Opportunity): Promise<PartnerFit[]> {
    const candidates: { partner: Partner; load: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.partners.list(actor.tenantId, {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const p of page.items) {
        if (p.value.capacity <= 0 || o.origin?.partner === p.value.ref) continue;
        const load = await this.deps.load(actor.tenantId, p.value.ref, p.value.capacity);
        candidates.push({ partner: p.value, load });
      }
      cursor = page.cursor;
    } while (cursor);
    return rankPartners(candidates, {
      ...(o.region ? { region: o.region } : {}),
      ...(o.industry ? { industry: o.industry } : {}),
      products: o.lines.map((l) => l.product),
    });
  }

  private async lookup(tenantId: string, text: string): Promise<Result<Partner>> {
    const wanted = text.trim();
    if (!wanted) return fail("partner.required");
    if (wanted.length > partnerLimits.name)
      return fail("partner.not_found", { partner: wanted.slice(0, 40) });
    const byRef = partnerRefPattern.test(wanted.toUpperCase())
      ? await this.deps.partners.get(tenantId, wanted.toUpperCase())
      : undefined;
    const found = byRef ?? (await this.deps.partners.findByName(tenantId, partnerKey(wanted)));
    return found ? ok(found.value) : fail("partner.not_found", { partner: wanted });
  }

  /** Read, change, write guarded by the version read; a conflict is tried again (small, rare records). */
  private async edit(actor: Actor, ref: string, change: (p: Partner) => Partner): Promise<Result<Partner>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.deps.partners.get(actor.tenantId, ref);
      if (!found) return fail("partner.not_found", { partner: ref });
      const changed = change(found.value);
      if (changed === found.value) return ok(found.value);
      try {
        const saved = await this.deps.partners.update(
          {
            ...changed,
            revision: found.value.revision + 1,
            updatedBy: { id: actor.userId, name: actor.name },
            updatedAt: this.deps.clock.now().toISOString(),
          },
          found.version,
        );
        return ok(saved.value);
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
      }
    }
    return fail("partner.changed", { partner: ref });
  }
}

export type { Versioned };
