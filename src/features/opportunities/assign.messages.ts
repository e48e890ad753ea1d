import { defineMessages } from "../../i18n/define.js";

/** `opp assign` and its form. */
export const assignMessages = defineMessages({
  en: {
    "command.opp assign": "Assign opportunities to a salesperson (managers)",
    "assign.forbidden":
      "Only managers and admins can assign opportunities. Nothing was changed; ask your manager to assign it.",
    "assign.done": "{ref} is now {owner}'s. {owner} is told in their chat with me.",
    "assign.done.many": "Assigned to {owner}: {refs}.",
    "assign.failed.some": "Not assigned: {problems}",
    "assign.not_tried": "I stopped there and did not assign {rest}.",
    "assign.store_unavailable":
      "{ref} was not assigned: I lost the connection to the pipeline's storage. Try again in a minute.",
    "assign.store_unknown":
      "{ref}: the connection to the pipeline's storage broke while I was saving, so I can't tell whether it was assigned; check with opp show {ref}.",
    "assign.usage": "Type opp assign O-1001 [O-1002 …] @person.",
    "assign.too_many": "Assign at most {max} opportunities at once.",
    "assign.form.title": "Assign {ref}",
    "assign.form.person": "Salesperson",
    "assign.form.person.placeholder": "Name or email of someone who has used the bot",
    "assign.form.submit": "Assign",
    "assign.button": "Assign",
    "assign.not_staff":
      "{name} is not one of your salespeople (a guest or partner user), so opportunities cannot be assigned to them.",
    "assign.form.none":
      "Nobody else has used the bot in this organisation yet. Mention the person instead: opp assign {ref} @person.",
  },
  da: {
    "command.opp assign": "Tildel salgsmuligheder til en sælger (ledere)",
    "assign.forbidden":
      "Kun ledere og administratorer kan tildele salgsmuligheder. Intet blev ændret; bed din leder om at tildele den.",
    "assign.done": "{ref} tilhører nu {owner}. {owner} får besked i sin chat med mig.",
    "assign.done.many": "Tildelt {owner}: {refs}.",
    "assign.failed.some": "Ikke tildelt: {problems}",
    "assign.not_tried": "Jeg stoppede der og tildelte ikke {rest}.",
    "assign.store_unavailable":
      "{ref} blev ikke tildelt: Jeg mistede forbindelsen til pipelinens datalager. Prøv igen om et minut.",
    "assign.store_unknown":
      "{ref}: Forbindelsen til pipelinens datalager blev afbrudt, mens jeg gemte, så jeg ved ikke, om den blev tildelt; tjek med opp show {ref}.",
    "assign.usage": "Skriv opp assign O-1001 [O-1002 …] @person.",
    "assign.too_many": "Tildel højst {max} salgsmuligheder ad gangen.",
    "assign.form.title": "Tildel {ref}",
    "assign.form.person": "Sælger",
    "assign.form.person.placeholder": "Navn eller e-mail på en, der har brugt botten",
    "assign.form.submit": "Tildel",
    "assign.button": "Tildel",
    "assign.not_staff":
      "{name} er ikke en af jeres sælgere (en gæst eller partnerbruger), så salgsmuligheder kan ikke tildeles vedkommende.",
    "assign.form.none":
      "Ingen andre i organisationen har brugt botten endnu. Nævn personen i stedet: opp assign {ref} @person.",
  },
  nb: {
    "command.opp assign": "Tildel salgsmuligheter til en selger (ledere)",
    "assign.forbidden":
      "Bare ledere og administratorer kan tildele salgsmuligheter. Ingenting ble endret; be lederen din tildele den.",
    "assign.done": "{ref} tilhører nå {owner}. {owner} får beskjed i chatten sin med meg.",
    "assign.done.many": "Tildelt {owner}: {refs}.",
    "assign.failed.some": "Ikke tildelt: {problems}",
    "assign.not_tried": "Jeg stoppet der og tildelte ikke {rest}.",
    "assign.store_unavailable":
      "{ref} ble ikke tildelt: Jeg mistet forbindelsen til lagringen til pipelinen. Prøv igjen om et minutt.",
    "assign.store_unknown":
      "{ref}: Forbindelsen til lagringen til pipelinen ble brutt mens jeg lagret, så jeg vet ikke om den ble tildelt; sjekk med opp show {ref}.",
    "assign.usage": "Skriv opp assign O-1001 [O-1002 …] @person.",
    "assign.too_many": "Tildel høyst {max} salgsmuligheter om gangen.",
    "assign.form.title": "Tildel {ref}",
    "assign.form.person": "Selger",
    "assign.form.person.placeholder": "Navn eller e-post til noen som har brukt boten",
    "assign.form.submit": "Tildel",
    "assign.button": "Tildel",
    "assign.not_staff":
      "{name} er ikke en av selgerne deres (en gjest eller partnerbruker), så salgsmuligheter kan ikke tildeles vedkommende.",
    "assign.form.none":
      "Ingen andre i organisasjonen har brukt boten ennå. Nevn personen i stedet: opp assign {ref} @person.",
  },
  sv: {
    "command.opp assign": "Tilldela affärsmöjligheter till en säljare (chefer)",
    "assign.forbidden":
      "Bara chefer och administratörer kan tilldela affärsmöjligheter. Inget ändrades; be din chef tilldela den.",
    "assign.done": "{ref} tillhör nu {owner}. {owner} får besked i sin chatt med mig.",
    "assign.done.many": "Tilldelat {owner}: {refs}.",
    "assign.failed.some": "Inte tilldelat: {problems}",
    "assign.not_tried": "Jag stannade där och tilldelade inte {rest}.",
    "assign.store_unavailable":
      "{ref} tilldelades inte: Jag tappade anslutningen till pipelinens lagring. Försök igen om en minut.",
    "assign.store_unknown":
      "{ref}: Anslutningen till pipelinens lagring bröts medan jag sparade, så jag vet inte om den tilldelades; kontrollera med opp show {ref}.",
    "assign.usage": "Skriv opp assign O-1001 [O-1002 …] @person.",
    "assign.too_many": "Tilldela högst {max} affärsmöjligheter åt gången.",
    "assign.form.title": "Tilldela {ref}",
    "assign.form.person": "Säljare",
    "assign.form.person.placeholder": "Namn eller e-post för någon som har använt boten",
    "assign.form.submit": "Tilldela",
    "assign.button": "Tilldela",
    "assign.not_staff":
      "{name} är inte en av era säljare (en gäst eller partneranvändare), så affärsmöjligheter kan inte tilldelas hen.",
    "assign.form.none":
      "Ingen annan i organisationen har använt boten ännu. Nämn personen i stället: opp assign {ref} @person.",
  },
});
