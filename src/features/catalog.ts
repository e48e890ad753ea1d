/**
 * The commands the bot understands, in the order `help` shows them. The help card, the manifest's
 * `commandLists` (checked by a test) and the README's command reference all follow this list.
 */
import type { Role } from "../domain/shared/actor.js";

export type { Role };

export interface CommandInfo {
  /** The words that select the command, lower case, e.g. "lead new". */
  readonly name: string;
  /** What to type, as shown in help and in replies to bad input. */
  readonly usage: string;
  /** One line for the help card and the Teams command menu (at most 128 characters). */
  readonly description: string;
  /** Roles that may use it; `help` shows a user only these. */
  readonly roles: readonly Role[];
}

const everyone: readonly Role[] = ["admin", "manager", "rep", "partner", "external"];
const staff: readonly Role[] = ["admin", "manager", "rep"];

export const commandCatalog: readonly CommandInfo[] = [
  { name: "help", usage: "help", description: "Show the commands you can use", roles: everyone },
  {
    name: "lead new",
    usage: "lead new [<topic>] [key=value ...]",
    description: "Create a lead; without arguments it opens the lead form",
    roles: staff,
  },
  {
    name: "lead list",
    usage: "lead list [open|qualified|disqualified|all]",
    description: "List leads (open by default)",
    roles: staff,
  },
  { name: "lead show", usage: "lead show <L-ref>", description: "Show one lead", roles: staff },
  {
    name: "opp new",
    usage: "opp new [<title>] [key=value ...] [owner=@user]",
    description: "Create an opportunity; without arguments it opens the form",
    roles: [...staff, "partner"],
  },
  {
    name: "opp list",
    usage: "opp list [mine|open|closed|all] [owner=@user] [contact=<name>] [stage=<name>]",
    description: "List opportunities: mine, open, closed or all, by contact or stage",
    roles: [...staff, "partner"],
  },
  {
    name: "opp show",
    usage: "opp show <O-ref>",
    description: "Show one opportunity",
    roles: [...staff, "partner"],
  },
  {
    name: "opp next",
    usage: "opp next <O-ref>",
    description: "Move an opportunity to the next stage",
    roles: [...staff, "partner"],
  },
  {
    name: "opp previous",
    usage: "opp previous <O-ref>",
    description: "Move an opportunity back one stage",
    roles: [...staff, "partner"],
  },
  {
    name: "opp skip",
    usage: "opp skip <O-ref> <stage>",
    description: "Skip an opportunity forward to a later stage",
    roles: [...staff, "partner"],
  },
  {
    name: "opp goto",
    usage: "opp goto <O-ref> <stage>",
    description: "Move an opportunity back to an earlier stage",
    roles: [...staff, "partner"],
  },
  {
    name: "opp update",
    usage: "opp update <O-ref> [value=<n>] [chance=<n>] [close=<YYYY-MM-DD>]",
    description: "Change estimated value, chances of success or expected close date",
    roles: [...staff, "partner"],
  },
  {
    name: "opp line",
    usage: "opp line <O-ref> <product> qty=<n> price=<n>",
    description: "Add a product or service line to an opportunity",
    roles: [...staff, "partner"],
  },
  {
    name: "opp close",
    usage: "opp close <O-ref> won|lost <close code> [date=<YYYY-MM-DD>]",
    description: "Close an opportunity as won or lost, with a close code",
    roles: [...staff, "partner"],
  },
  {
    name: "opp reopen",
    usage: "opp reopen <O-ref>",
    description: "Reopen a closed opportunity",
    roles: ["admin", "manager"],
  },
  {
    name: "opp quote",
    usage: "opp quote <O-ref>",
    description: "Make a sales quote from an opportunity's lines",
    roles: staff,
  },
  {
    name: "opp order",
    usage: "opp order <O-ref>",
    description: "Make a sales order from an opportunity's quote",
    roles: staff,
  },
  {
    name: "opp delete",
    usage: "opp delete <O-ref>",
    description: "Delete a closed opportunity",
    roles: staff,
  },
  {
    name: "opp purge",
    usage: "opp purge [before=<YYYY-MM-DD>] [owner=@user] [won|lost]",
    description: "Delete closed opportunities in bulk, by closed date and outcome",
    roles: ["admin", "manager"],
  },
  {
    name: "opp register",
    usage: "opp register <O-ref>",
    description: "Register a deal on an opportunity your organisation created (partners)",
    roles: ["partner"],
  },
  {
    name: "opp approve",
    usage: "opp approve <O-ref>",
    description: "Approve a partner's opportunity or deal registration (managers)",
    roles: ["admin", "manager"],
  },
  {
    name: "opp reject",
    usage: "opp reject <O-ref> [reason]",
    description: "Reject a partner's opportunity or deal registration, with a reason (managers)",
    roles: ["admin", "manager"],
  },
  {
    name: "opp assign",
    usage: "opp assign <O-ref> [<O-ref> ...] @user",
    description: "Assign opportunities to a salesperson; they are told in their chat",
    roles: ["admin", "manager"],
  },
  {
    name: "opp distribute",
    usage: "opp distribute <O-ref> <partner>[,<partner> ...] | auto",
    description: "Distribute an opportunity to partners, or auto for the best-matching one",
    roles: ["admin", "manager"],
  },
  {
    name: "opp recall",
    usage: "opp recall <O-ref> [partner]",
    description: "Take an opportunity back from its partners, or from one of them",
    roles: ["admin", "manager"],
  },
  {
    name: "opp accept",
    usage: "opp accept <O-ref>",
    description: "Accept an opportunity distributed to your organisation",
    roles: ["partner"],
  },
  {
    name: "opp decline",
    usage: "opp decline <O-ref> <reason>",
    description: "Decline an opportunity distributed to your organisation, with a reason",
    roles: ["partner"],
  },
  {
    name: "partner new",
    usage:
      "partner new <name> [regions=a,b] [industries=a,b] [products=a,b] [capacity=<n>] [preferred=yes|no]",
    description: "Create a partner organisation; without arguments it opens the partner form",
    roles: ["admin", "manager"],
  },
  {
    name: "partner list",
    usage: "partner list",
    description: "List the partner organisations with their members and inbox channel",
    roles: [...staff, "partner"],
  },
  {
    name: "partner show",
    usage: "partner show <partner>",
    description: "Show one partner organisation",
    roles: [...staff, "partner"],
  },
  {
    name: "partner add",
    usage: "partner add <partner> @user",
    description: "Make someone a member of a partner organisation; they then act for it",
    roles: ["admin", "manager"],
  },
  {
    name: "notify",
    usage: "notify",
    description: "Show which events this channel receives",
    roles: ["admin", "manager", "rep", "partner"],
  },
  {
    name: "notify here",
    usage: "notify here [stage|assignment|partner|deal|won|lead|all ...]",
    description: "Post stage changes, assignments and other events to this channel",
    roles: ["admin", "manager", "partner"],
  },
  {
    name: "notify off",
    usage: "notify off",
    description: "Stop posting events to this channel",
    roles: ["admin", "manager", "partner"],
  },
  {
    name: "pipeline",
    usage: "pipeline",
    description: "The pipeline per stage: counts, totals and weighted totals",
    roles: staff,
  },
  {
    name: "inbox",
    usage: "inbox",
    description: "What needs your attention: due stage activities and passed close dates",
    roles: [...staff, "partner"],
  },
  {
    name: "cycle show",
    usage: "cycle show [<cycle>]",
    description: "Show the stages of a sales cycle",
    roles: staff,
  },
  {
    name: "cycle stage add",
    usage: "cycle stage add <name> [completed=<n>] [chance=<n>] [skip=yes|no] [quote=yes|no] [position=<n>]",
    description: "Add a stage to the sales cycle; without arguments it opens a form",
    roles: ["admin"],
  },
  {
    name: "cycle stage edit",
    usage:
      "cycle stage edit <stage> [name=<new name>] [completed=<n>] [chance=<n>] [skip=yes|no] [quote=yes|no]",
    description: "Rename or change a stage; without changes it opens a form",
    roles: ["admin"],
  },
  {
    name: "cycle stage move",
    usage: "cycle stage move <stage> up|down|<position>",
    description: "Move a stage up or down in the sales cycle",
    roles: ["admin"],
  },
  {
    name: "cycle stage default",
    usage: "cycle stage default <stage>",
    description: "Make a stage the one new opportunities start in",
    roles: ["admin"],
  },
  {
    name: "cycle stage activities",
    usage: "cycle stage activities <stage>",
    description: "Edit the activities of a stage in a form",
    roles: ["admin"],
  },
  {
    name: "cycle stage delete",
    usage: "cycle stage delete <stage> [replace=<stage>|none] [activities=yes|no]",
    description: "Delete a stage and move its opportunities to another stage",
    roles: ["admin"],
  },
  {
    name: "closecode list",
    usage: "closecode list",
    description: "List the close codes for won and lost opportunities",
    roles: staff,
  },
  {
    name: "closecode add",
    usage: "closecode add <code> won|lost <description>",
    description: "Add a close code; without arguments it opens a form",
    roles: ["admin", "manager"],
  },
  {
    name: "lead qualify",
    usage: "lead qualify <L-ref> [<L-ref> ...] [currency=<ISO code>]",
    description: "Qualify leads into opportunities (with account and contact)",
    roles: staff,
  },
  {
    name: "lead disqualify",
    usage: "lead disqualify <L-ref> [reason]",
    description: "Disqualify a lead, with a reason; it stays for the record",
    roles: staff,
  },
  {
    name: "lead reactivate",
    usage: "lead reactivate <L-ref>",
    description: "Reopen a disqualified lead",
    roles: staff,
  },
  {
    name: "lead delete",
    usage: "lead delete <L-ref>",
    description: "Delete a lead and its notes",
    roles: staff,
  },
  {
    name: "note",
    usage: "note <ref> <text>",
    description: "Add a note to a lead or opportunity",
    roles: [...staff, "partner"],
  },
  {
    name: "log",
    usage: "log <ref> call|email|meeting|task <text>",
    description: "Log a call, email, meeting or task on a lead or opportunity",
    roles: [...staff, "partner"],
  },
  {
    name: "account new",
    usage: "account new <name> [domain=<web domain>] [industry=<industry>] [customer=yes]",
    description: "Create an account (a company you sell to)",
    roles: staff,
  },
  {
    name: "contact new",
    usage:
      "contact new <first> <last> [email=] [phone=] [mobile=] [title=] [account=] [kind=person|company] [customer=yes]",
    description: "Create a contact (a person, or a company with kind=company)",
    roles: staff,
  },
  { name: "account show", usage: "account show <A-ref>", description: "Show an account", roles: staff },
  { name: "contact show", usage: "contact show <C-ref>", description: "Show a contact", roles: staff },
  {
    name: "customer",
    usage: "customer <A-ref|C-ref> [yes|no]",
    description: "Mark an account or contact as a customer (or not: no)",
    roles: staff,
  },
  {
    name: "list show",
    usage: "list show [types|sources|terms]",
    description: "Show the pick lists: opportunity types, sources, payment terms",
    roles: staff,
  },
  {
    name: "list add",
    usage: "list add types|sources|terms <value>",
    description: "Add an entry to a pick list (admins)",
    roles: ["admin"],
  },
  {
    name: "list remove",
    usage: "list remove types|sources|terms <value>",
    description: "Remove an entry from a pick list (admins)",
    roles: ["admin"],
  },
  {
    name: "setting",
    usage: "setting qualify all|choose | setting currency <ISO code>",
    description: "Change a setting: qualify all|choose, currency <ISO code> (admins)",
    roles: ["admin"],
  },
  {
    name: "role",
    usage: "role @user admin|manager|rep|partner=<partner name>",
    description: "Give someone a role: admin, manager, rep or partner=<name> (admins)",
    roles: ["admin"],
  },
  {
    name: "role list",
    usage: "role list",
    description: "Show who holds which role",
    roles: ["admin", "manager"],
  },
  {
    name: "stakeholder",
    usage: "stakeholder <L-ref> <contact email or name> [role=<role>]",
    description: "Connect a contact to a lead with a role",
    roles: staff,
  },
];
