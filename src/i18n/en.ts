/**
 * English texts: the reference catalogue. Other languages must have exactly the same keys (the compiler
 * checks it). `{name}` is replaced by the parameter of that name.
 */
export const en = {
  "app.name": "Pipeline",

  "welcome.title": "Welcome to Pipeline",
  "welcome.personal":
    "I keep your sales pipeline in Teams: leads, opportunities and their stages. Type a command here, or use the buttons below.",
  "welcome.team":
    "I keep this team's sales pipeline in Teams. Mention me (@Pipeline) before a command in a channel, for example @Pipeline lead list.",
  "welcome.help": "Show commands",
  "welcome.newLead": "Create a lead",

  "help.title": "What you can ask me",
  "help.personal": "Type a command below. Commands are not case-sensitive.",
  "help.channel": "In a channel or group chat, mention me first: @Pipeline {example}",
  "help.role": "Your role: {role}",
  "command.help": "Show the commands you can use",
  "command.lead new": "Create a lead; without arguments it opens the lead form",
  "command.lead list": "List leads (open by default)",
  "command.lead show": "Show one lead",

  "role.admin": "admin",
  "role.manager": "manager",
  "role.rep": "sales rep",
  "role.partner": "partner",
  "role.external": "guest without access",

  "lead.form.title": "New lead",
  "lead.form.intro": "A lead needs a topic and the last name of the person to contact.",
  "lead.form.errors": "Please correct the fields marked below.",
  "lead.form.submit": "Create lead",
  "lead.field.topic": "Topic",
  "lead.field.first": "First name",
  "lead.field.last": "Last name",
  "lead.field.company": "Company",
  "lead.field.title": "Job title",
  "lead.field.email": "Email",
  "lead.field.phone": "Business phone",
  "lead.field.mobile": "Mobile phone",
  "lead.field.source": "Lead source",
  "lead.field.industry": "Industry",
  "lead.field.contactmethod": "Preferred contact method",
  "lead.field.currency": "Currency",
  "lead.field.status": "Status",
  "lead.field.owner": "Owner",
  "lead.field.created": "Created",
  "lead.field.contact": "Contact",

  "lead.source.campaign": "Campaign",
  "lead.source.website": "Website",
  "lead.source.mailing_list": "Mailing list",
  "lead.source.referral": "Referral",
  "lead.source.partner": "Partner",
  "lead.source.other": "Other",

  "lead.contactmethod.any": "Any",
  "lead.contactmethod.email": "Email",
  "lead.contactmethod.phone": "Phone",
  "lead.contactmethod.mobile": "Mobile",
  "lead.contactmethod.teams": "Teams",

  "lead.status.open": "Open",
  "lead.status.qualified": "Qualified",
  "lead.status.disqualified": "Disqualified",

  "lead.card.timeline": "Timeline",
  "lead.card.noTimeline": "No notes or activities yet.",
  "lead.created": "Lead {ref} created.",
  "lead.not_found": "I can't find lead {ref}. Type lead list to see your leads.",
  "lead.bad_ref": '"{ref}" is not a lead reference. Lead references look like L-1001.',

  "lead.list.title.open": "Open leads",
  "lead.list.title.qualified": "Qualified leads",
  "lead.list.title.disqualified": "Disqualified leads",
  "lead.list.title.all": "All leads",
  "lead.list.empty": "No leads here yet. Type lead new to create one.",
  "lead.list.more": "Show more",
  "lead.list.open": "Open",

  "problem.required": "{field} is required.",
  "problem.too_long": "{field} can be at most {max} characters.",
  "problem.email": "{field} must be an email address, like ann@contoso.com.",
  "problem.currency": "{field} must be a three-letter ISO currency code, like EUR or DKK.",
  "problem.phone": "{field} may only contain digits, spaces and + - ( ) .",
  "problem.choice": "{field} must be one of: {choices}.",
  "problem.text": "{field} must be text.",
  "problem.too_many": "{field} can have at most {max} entries.",

  "reply.invalid": "That didn't work: {problems} Nothing was saved.",
  "reply.forbidden": "You are not allowed to use {action}.",
  "reply.unknown_command": 'I don\'t know the command "{text}". Type help to see what I can do.',
  "reply.unknown_command_suggest":
    'I don\'t know the command "{text}". Did you mean {suggestion}? Type help to see what I can do.',
  "reply.usage": "{problem} Type: {usage}",
  "reply.malformed_argument":
    'I couldn\'t read "{token}": write arguments as key=value, for example email=ann@contoso.com.',
  "reply.unknown_key": '"{key}" is not something I can set here. Use one of: {keys}.',
  "reply.duplicate_key": "You gave {key} twice. Give it once.",
  "reply.unclosed_quote": 'A quotation mark is not closed. Put values with spaces in "double quotes".',
  "reply.too_long":
    "That message is too long ({length, plural, one {# character} other {# characters}}); keep it under {max}.",
  "reply.missing_argument": "Something is missing.",
  "reply.extra_argument": 'I didn\'t expect "{token}".',
  "reply.bad_choice": '"{value}" is not one of {choices}.',
  "reply.store_unavailable":
    "I can't reach the pipeline's storage right now, so nothing was changed. Please try again in a minute.",
  "reply.store_outcome_unknown":
    "The connection to the pipeline's storage broke while I was saving, so I can't tell whether your change was saved. Check with lead show or opp show (lead list or opp list for a new one) before you try again, so nothing is saved twice.",
  "reply.conflict": "Someone changed this at the same moment. Nothing was saved; here is the current state.",
  "reply.no_tenant":
    "I only work inside a Microsoft Teams organisation (tenant), and this message did not say which one.",
  "reply.invalid_cursor": "That list is out of date. Type the list command again.",
  "reply.bad_action":
    "That button's data was not valid, so nothing was changed. Open the card again with a fresh command.",
  "reply.unknown_action": 'That button is not one I know ("{verb}"), so nothing was changed.',
  "reply.late_answer": "My answer to your previous message did not reach you in time. It was: {answer}",
  "reply.late_answer_unconfirmed":
    "I could not confirm that my answer to your previous message reached you. In case it did not, it was: {answer}",
  "reply.internal_error":
    "Something went wrong on my side and nothing was changed. The error was logged; please try again.",
} as const;

export type MessageKey = keyof typeof en;

/** The core catalogue of one language (feature messages live beside their features). */
export type Catalog = Readonly<Record<MessageKey, string>>;
