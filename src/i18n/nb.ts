import type { Catalog } from "./en.js";

export const nb: Catalog = {
  "app.name": "Pipeline",

  "welcome.title": "Velkommen til Pipeline",
  "welcome.personal":
    "Jeg holder orden på salgspipelinen din i Teams: kundeemner, salgsmuligheter og salgstrinnene deres. Skriv en kommando her, eller bruk knappene nedenfor.",
  "welcome.team":
    "Jeg holder orden på salgspipelinen til dette teamet i Teams. Nevn meg (@Pipeline) foran en kommando i en kanal, for eksempel @Pipeline lead list.",
  "welcome.help": "Vis kommandoer",
  "welcome.newLead": "Opprett et kundeemne",

  "help.title": "Dette kan du be meg om",
  "help.personal": "Skriv en kommando nedenfor. Kommandoer skiller ikke mellom store og små bokstaver.",
  "help.channel": "I en kanal eller gruppechat må du nevne meg først: @Pipeline {example}",
  "help.role": "Rollen din: {role}",
  "command.help": "Vis kommandoene du kan bruke",
  "command.lead new": "Opprett et kundeemne; uten argumenter åpnes skjemaet for kundeemner",
  "command.lead list": "Vis kundeemner (åpne som standard)",
  "command.lead show": "Vis ett kundeemne",

  "role.admin": "administrator",
  "role.manager": "leder",
  "role.rep": "selger",
  "role.partner": "partner",
  "role.external": "gjest uten tilgang",

  "lead.form.title": "Nytt kundeemne",
  "lead.form.intro": "Et kundeemne må ha et emne og etternavnet til personen som skal kontaktes.",
  "lead.form.errors": "Rett opp feltene som er merket nedenfor.",
  "lead.form.submit": "Opprett kundeemne",
  "lead.field.topic": "Emne",
  "lead.field.first": "Fornavn",
  "lead.field.last": "Etternavn",
  "lead.field.company": "Firma",
  "lead.field.title": "Stillingstittel",
  "lead.field.email": "E-post",
  "lead.field.phone": "Telefon (arbeid)",
  "lead.field.mobile": "Mobiltelefon",
  "lead.field.source": "Kundeemnekilde",
  "lead.field.industry": "Bransje",
  "lead.field.contactmethod": "Foretrukket kontaktmetode",
  "lead.field.currency": "Valuta",
  "lead.field.status": "Status",
  "lead.field.owner": "Eier",
  "lead.field.created": "Opprettet",
  "lead.field.contact": "Kontakt",

  "lead.source.campaign": "Kampanje",
  "lead.source.website": "Nettsted",
  "lead.source.mailing_list": "E-postliste",
  "lead.source.referral": "Henvisning",
  "lead.source.partner": "Partner",
  "lead.source.other": "Annet",

  "lead.contactmethod.any": "Alle",
  "lead.contactmethod.email": "E-post",
  "lead.contactmethod.phone": "Telefon",
  "lead.contactmethod.mobile": "Mobil",
  "lead.contactmethod.teams": "Teams",

  "lead.status.open": "Åpen",
  "lead.status.qualified": "Kvalifisert",
  "lead.status.disqualified": "Diskvalifisert",

  "lead.card.timeline": "Tidslinje",
  "lead.card.noTimeline": "Ingen notater eller aktiviteter ennå.",
  "lead.created": "Kundeemnet {ref} er opprettet.",
  "lead.not_found": "Jeg finner ikke kundeemnet {ref}. Skriv lead list for å se kundeemnene dine.",
  "lead.bad_ref": '"{ref}" er ikke en kundeemnereferanse. Kundeemnereferanser ser slik ut: L-1001.',

  "lead.list.title.open": "Åpne kundeemner",
  "lead.list.title.qualified": "Kvalifiserte kundeemner",
  "lead.list.title.disqualified": "Diskvalifiserte kundeemner",
  "lead.list.title.all": "Alle kundeemner",
  "lead.list.empty": "Ingen kundeemner her ennå. Skriv lead new for å opprette ett.",
  "lead.list.more": "Vis flere",
  "lead.list.open": "Åpne",

  "problem.required": "{field} må fylles ut.",
  "problem.too_long": "{field} kan være på maks {max} tegn.",
  "problem.email": "{field} må være en e-postadresse, for eksempel ann@contoso.com.",
  "problem.currency": "{field} må være en ISO-valutakode på tre bokstaver, for eksempel EUR eller NOK.",
  "problem.phone": "{field} kan bare inneholde sifre, mellomrom og + - ( ) .",
  "problem.choice": "{field} må være én av disse: {choices}.",
  "problem.text": "{field} må være tekst.",
  "problem.too_many": "{field} kan ha maks {max} elementer.",

  "reply.invalid": "Det gikk ikke: {problems} Ingenting ble lagret.",
  "reply.forbidden": "Du har ikke tillatelse til å bruke {action}.",
  "reply.unknown_command": 'Jeg kjenner ikke kommandoen "{text}". Skriv help for å se hva jeg kan gjøre.',
  "reply.unknown_command_suggest":
    'Jeg kjenner ikke kommandoen "{text}". Mente du {suggestion}? Skriv help for å se hva jeg kan gjøre.',
  "reply.usage": "{problem} Skriv: {usage}",
  "reply.malformed_argument":
    'Jeg kunne ikke lese "{token}": skriv argumenter som key=value, for eksempel email=ann@contoso.com.',
  "reply.unknown_key": '"{key}" er ikke noe jeg kan angi her. Bruk én av disse: {keys}.',
  "reply.duplicate_key": "Du anga {key} to ganger. Angi det bare én gang.",
  "reply.unclosed_quote":
    'Et anførselstegn er ikke lukket. Sett verdier med mellomrom i "doble anførselstegn".',
  "reply.too_long":
    "Meldingen er for lang ({length, plural, one {# tegn} other {# tegn}}). Hold den under {max} tegn.",
  "reply.missing_argument": "Noe mangler.",
  "reply.extra_argument": 'Jeg forventet ikke "{token}".',
  "reply.bad_choice": '"{value}" er ikke én av {choices}.',
  "reply.store_unavailable":
    "Jeg får ikke kontakt med lagringen til pipelinen akkurat nå, så ingenting ble endret. Prøv igjen om et minutt.",
  "reply.store_outcome_unknown":
    "Forbindelsen til lagringen til pipelinen ble brutt mens jeg lagret, så jeg vet ikke om endringen din ble lagret. Sjekk med lead show eller opp show (lead list eller opp list for en ny) før du prøver igjen, så ingenting blir lagret to ganger.",
  "reply.conflict":
    "Noen andre endret dette i samme øyeblikk. Ingenting ble lagret; her er gjeldende tilstand.",
  "reply.no_tenant":
    "Jeg fungerer bare i en Microsoft Teams-organisasjon (leier), og denne meldingen oppga ikke hvilken.",
  "reply.invalid_cursor": "Listen er utdatert. Skriv listekommandoen på nytt.",
  "reply.bad_action":
    "Dataene fra knappen var ikke gyldige, så ingenting ble endret. Åpne kortet på nytt med en ny kommando.",
  "reply.unknown_action": 'Den knappen kjenner jeg ikke ("{verb}"), så ingenting ble endret.',
  "reply.late_answer": "Svaret mitt på forrige melding kom ikke fram i tide. Det var: {answer}",
  "reply.late_answer_unconfirmed":
    "Jeg fikk ikke bekreftet at svaret mitt på forrige melding kom fram. Hvis det ikke gjorde det, var det: {answer}",
  "reply.internal_error": "Noe gikk galt hos meg, og ingenting ble endret. Feilen er logget; prøv igjen.",
};
