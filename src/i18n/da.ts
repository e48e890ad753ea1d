import type { Catalog } from "./en.js";

export const da: Catalog = {
  "app.name": "Pipeline",

  "welcome.title": "Velkommen til Pipeline",
  "welcome.personal":
    "Jeg holder styr på din salgspipeline i Teams: leads, salgsmuligheder og deres faser. Skriv en kommando her, eller brug knapperne nedenfor.",
  "welcome.team":
    "Jeg holder styr på teamets salgspipeline i Teams. Nævn mig (@Pipeline) før en kommando i en kanal, f.eks. @Pipeline lead list.",
  "welcome.help": "Vis kommandoer",
  "welcome.newLead": "Opret et lead",

  "help.title": "Det kan du bede mig om",
  "help.personal": "Skriv en kommando nedenfor. Der skelnes ikke mellem store og små bogstaver i kommandoer.",
  "help.channel": "I en kanal eller gruppechat skal du nævne mig først: @Pipeline {example}",
  "help.role": "Din rolle: {role}",
  "command.help": "Vis de kommandoer, du kan bruge",
  "command.lead new": "Opret et lead; uden argumenter åbnes leadformularen",
  "command.lead list": "Vis leads (åbne som standard)",
  "command.lead show": "Vis ét lead",

  "role.admin": "administrator",
  "role.manager": "leder",
  "role.rep": "sælger",
  "role.partner": "partner",
  "role.external": "gæst uden adgang",

  "lead.form.title": "Nyt lead",
  "lead.form.intro": "Et lead skal have et emne og efternavnet på den person, der skal kontaktes.",
  "lead.form.errors": "Ret de felter, der er markeret nedenfor.",
  "lead.form.submit": "Opret lead",
  "lead.field.topic": "Emne",
  "lead.field.first": "Fornavn",
  "lead.field.last": "Efternavn",
  "lead.field.company": "Virksomhed",
  "lead.field.title": "Stilling",
  "lead.field.email": "Mail",
  "lead.field.phone": "Telefon (arbejde)",
  "lead.field.mobile": "Mobiltelefon",
  "lead.field.source": "Leadkilde",
  "lead.field.industry": "Branche",
  "lead.field.contactmethod": "Foretrukken kontaktmetode",
  "lead.field.currency": "Valuta",
  "lead.field.status": "Status",
  "lead.field.owner": "Ejer",
  "lead.field.created": "Oprettet",
  "lead.field.contact": "Kontakt",

  "lead.source.campaign": "Kampagne",
  "lead.source.website": "Websted",
  "lead.source.mailing_list": "Mailingliste",
  "lead.source.referral": "Henvisning",
  "lead.source.partner": "Partner",
  "lead.source.other": "Andet",

  "lead.contactmethod.any": "Alle",
  "lead.contactmethod.email": "Mail",
  "lead.contactmethod.phone": "Telefon",
  "lead.contactmethod.mobile": "Mobil",
  "lead.contactmethod.teams": "Teams",

  "lead.status.open": "Åben",
  "lead.status.qualified": "Kvalificeret",
  "lead.status.disqualified": "Diskvalificeret",

  "lead.card.timeline": "Tidslinje",
  "lead.card.noTimeline": "Ingen noter eller aktiviteter endnu.",
  "lead.created": "Lead {ref} er oprettet.",
  "lead.not_found": "Jeg kan ikke finde lead {ref}. Skriv lead list for at se dine leads.",
  "lead.bad_ref": '"{ref}" er ikke en leadreference. Leadreferencer ser sådan ud: L-1001.',

  "lead.list.title.open": "Åbne leads",
  "lead.list.title.qualified": "Kvalificerede leads",
  "lead.list.title.disqualified": "Diskvalificerede leads",
  "lead.list.title.all": "Alle leads",
  "lead.list.empty": "Der er ingen leads her endnu. Skriv lead new for at oprette et.",
  "lead.list.more": "Vis flere",
  "lead.list.open": "Åbn",

  "problem.required": "{field} skal udfyldes.",
  "problem.too_long": "{field} må højst være på {max} tegn.",
  "problem.email": "{field} skal være en mailadresse, f.eks. ann@contoso.com.",
  "problem.currency": "{field} skal være en ISO-valutakode på tre bogstaver, f.eks. EUR eller DKK.",
  "problem.phone": "{field} må kun indeholde cifre, mellemrum og + - ( ) .",
  "problem.choice": "{field} skal være en af følgende: {choices}.",
  "problem.text": "{field} skal være tekst.",
  "problem.too_many": "{field} må højst have {max} elementer.",

  "reply.invalid": "Det lykkedes ikke: {problems} Intet blev gemt.",
  "reply.forbidden": "Du har ikke tilladelse til at bruge {action}.",
  "reply.unknown_command": 'Jeg kender ikke kommandoen "{text}". Skriv help for at se, hvad jeg kan.',
  "reply.unknown_command_suggest":
    'Jeg kender ikke kommandoen "{text}". Mente du {suggestion}? Skriv help for at se, hvad jeg kan.',
  "reply.usage": "{problem} Skriv: {usage}",
  "reply.malformed_argument":
    'Jeg kunne ikke læse "{token}": skriv argumenter som key=value, f.eks. email=ann@contoso.com.',
  "reply.unknown_key": '"{key}" er ikke noget, jeg kan angive her. Brug en af disse: {keys}.',
  "reply.duplicate_key": "Du har angivet {key} to gange. Angiv det kun én gang.",
  "reply.unclosed_quote":
    'Et anførselstegn er ikke lukket. Sæt værdier med mellemrum i "dobbelte anførselstegn".',
  "reply.too_long":
    "Beskeden er for lang ({length, plural, one {# tegn} other {# tegn}}). Hold den under {max} tegn.",
  "reply.missing_argument": "Der mangler noget.",
  "reply.extra_argument": 'Jeg forventede ikke "{token}".',
  "reply.bad_choice": '"{value}" er ikke en af {choices}.',
  "reply.store_unavailable":
    "Jeg kan ikke få forbindelse til pipelinens datalager lige nu, så intet blev ændret. Prøv igen om et øjeblik.",
  "reply.store_outcome_unknown":
    "Forbindelsen til pipelinens datalager blev afbrudt, mens jeg gemte, så jeg ved ikke, om din ændring blev gemt. Tjek med lead show eller opp show (lead list eller opp list for en ny) før du prøver igen, så intet bliver gemt to gange.",
  "reply.conflict": "En anden ændrede dette i samme øjeblik. Intet blev gemt; her er den aktuelle status.",
  "reply.no_tenant":
    "Jeg fungerer kun i en Microsoft Teams-organisation (lejer), og denne besked angav ikke hvilken.",
  "reply.invalid_cursor": "Listen er forældet. Skriv listekommandoen igen.",
  "reply.bad_action":
    "Knappens data var ikke gyldige, så intet blev ændret. Åbn kortet igen med en ny kommando.",
  "reply.unknown_action": 'Den knap kender jeg ikke ("{verb}"), så intet blev ændret.',
  "reply.late_answer": "Mit svar på din forrige besked nåede ikke frem i tide. Det lød: {answer}",
  "reply.late_answer_unconfirmed":
    "Jeg kunne ikke få bekræftet, at mit svar på din forrige besked nåede frem. Hvis det ikke gjorde, lød det: {answer}",
  "reply.internal_error": "Der gik noget galt hos mig, og intet blev ændret. Fejlen er logget; prøv igen.",
};
