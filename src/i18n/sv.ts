import type { Catalog } from "./en.js";

export const sv: Catalog = {
  "app.name": "Pipeline",

  "welcome.title": "Välkommen till Pipeline",
  "welcome.personal":
    "Jag håller ordning på din försäljningspipeline i Teams: leads, affärsmöjligheter och deras steg. Skriv ett kommando här eller använd knapparna nedan.",
  "welcome.team":
    "Jag håller ordning på teamets försäljningspipeline i Teams. Nämn mig (@Pipeline) före ett kommando i en kanal, till exempel @Pipeline lead list.",
  "welcome.help": "Visa kommandon",
  "welcome.newLead": "Skapa ett lead",

  "help.title": "Det här kan du be mig om",
  "help.personal": "Skriv ett kommando nedan. Kommandon är inte skiftlägeskänsliga.",
  "help.channel": "I en kanal eller gruppchatt nämner du mig först: @Pipeline {example}",
  "help.role": "Din roll: {role}",
  "command.help": "Visa de kommandon du kan använda",
  "command.lead new": "Skapa ett lead; utan argument öppnas leadformuläret",
  "command.lead list": "Visa leads (öppna som standard)",
  "command.lead show": "Visa ett lead",

  "role.admin": "administratör",
  "role.manager": "chef",
  "role.rep": "säljare",
  "role.partner": "partner",
  "role.external": "gäst utan åtkomst",

  "lead.form.title": "Nytt lead",
  "lead.form.intro": "Ett lead behöver ett ämne och efternamnet på den person som ska kontaktas.",
  "lead.form.errors": "Korrigera fälten som är markerade nedan.",
  "lead.form.submit": "Skapa lead",
  "lead.field.topic": "Ämne",
  "lead.field.first": "Förnamn",
  "lead.field.last": "Efternamn",
  "lead.field.company": "Företag",
  "lead.field.title": "Jobbtitel",
  "lead.field.email": "E-post",
  "lead.field.phone": "Telefon (företag)",
  "lead.field.mobile": "Mobiltelefon",
  "lead.field.source": "Leadkälla",
  "lead.field.industry": "Bransch",
  "lead.field.contactmethod": "Önskad kontaktmetod",
  "lead.field.currency": "Valuta",
  "lead.field.status": "Status",
  "lead.field.owner": "Ägare",
  "lead.field.created": "Skapad",
  "lead.field.contact": "Kontakt",

  "lead.source.campaign": "Kampanj",
  "lead.source.website": "Webbplats",
  "lead.source.mailing_list": "E-postlista",
  "lead.source.referral": "Hänvisning",
  "lead.source.partner": "Partner",
  "lead.source.other": "Annat",

  "lead.contactmethod.any": "Valfri",
  "lead.contactmethod.email": "E-post",
  "lead.contactmethod.phone": "Telefon",
  "lead.contactmethod.mobile": "Mobil",
  "lead.contactmethod.teams": "Teams",

  "lead.status.open": "Öppen",
  "lead.status.qualified": "Kvalificerad",
  "lead.status.disqualified": "Diskvalificerad",

  "lead.card.timeline": "Tidslinje",
  "lead.card.noTimeline": "Inga anteckningar eller aktiviteter ännu.",
  "lead.created": "Lead {ref} har skapats.",
  "lead.not_found": "Jag hittar inte lead {ref}. Skriv lead list för att se dina leads.",
  "lead.bad_ref": '"{ref}" är inte en leadreferens. Leadreferenser ser ut som L-1001.',

  "lead.list.title.open": "Öppna leads",
  "lead.list.title.qualified": "Kvalificerade leads",
  "lead.list.title.disqualified": "Diskvalificerade leads",
  "lead.list.title.all": "Alla leads",
  "lead.list.empty": "Inga leads här ännu. Skriv lead new för att skapa ett.",
  "lead.list.more": "Visa fler",
  "lead.list.open": "Öppna",

  "problem.required": "{field} måste fyllas i.",
  "problem.too_long": "{field} får innehålla högst {max} tecken.",
  "problem.email": "{field} måste vara en e-postadress, till exempel ann@contoso.com.",
  "problem.currency": "{field} måste vara en ISO-valutakod med tre bokstäver, till exempel EUR eller SEK.",
  "problem.phone": "{field} får bara innehålla siffror, blanksteg och + - ( ) .",
  "problem.choice": "{field} måste vara något av följande: {choices}.",
  "problem.text": "{field} måste vara text.",
  "problem.too_many": "{field} får ha högst {max} poster.",

  "reply.invalid": "Det gick inte: {problems} Inget sparades.",
  "reply.forbidden": "Du har inte behörighet att använda {action}.",
  "reply.unknown_command": 'Jag känner inte till kommandot "{text}". Skriv help för att se vad jag kan göra.',
  "reply.unknown_command_suggest":
    'Jag känner inte till kommandot "{text}". Menade du {suggestion}? Skriv help för att se vad jag kan göra.',
  "reply.usage": "{problem} Skriv: {usage}",
  "reply.malformed_argument":
    'Jag kunde inte läsa "{token}": skriv argument som key=value, till exempel email=ann@contoso.com.',
  "reply.unknown_key": '"{key}" är inget jag kan ange här. Använd något av följande: {keys}.',
  "reply.duplicate_key": "Du angav {key} två gånger. Ange det bara en gång.",
  "reply.unclosed_quote":
    'Ett citattecken har inte avslutats. Sätt värden som innehåller blanksteg inom "dubbla citattecken".',
  "reply.too_long":
    "Meddelandet är för långt ({length, plural, one {# tecken} other {# tecken}}). Håll det under {max} tecken.",
  "reply.missing_argument": "Något saknas.",
  "reply.extra_argument": 'Jag förväntade mig inte "{token}".',
  "reply.bad_choice": '"{value}" är inte något av {choices}.',
  "reply.store_unavailable":
    "Jag når inte pipelinens lagring just nu, så inget har ändrats. Försök igen om en minut.",
  "reply.store_outcome_unknown":
    "Anslutningen till pipelinens lagring bröts medan jag sparade, så jag vet inte om din ändring sparades. Kontrollera med lead show eller opp show (lead list eller opp list för en ny) innan du försöker igen, så att inget sparas två gånger.",
  "reply.conflict": "Någon annan ändrade detta i samma stund. Inget sparades; här är det aktuella läget.",
  "reply.no_tenant":
    "Jag fungerar bara inom en Microsoft Teams-organisation (klientorganisation), och det här meddelandet angav inte vilken.",
  "reply.invalid_cursor": "Listan är inaktuell. Skriv listkommandot igen.",
  "reply.bad_action":
    "Knappens data var ogiltiga, så inget har ändrats. Öppna kortet igen med ett nytt kommando.",
  "reply.unknown_action": 'Den knappen känner jag inte till ("{verb}"), så inget har ändrats.',
  "reply.late_answer": "Mitt svar på ditt förra meddelande kom inte fram i tid. Det löd: {answer}",
  "reply.late_answer_unconfirmed":
    "Jag kunde inte få bekräftat att mitt svar på ditt förra meddelande kom fram. Om det inte gjorde det, löd det: {answer}",
  "reply.internal_error": "Något gick fel hos mig och inget har ändrats. Felet har loggats. Försök igen.",
};
