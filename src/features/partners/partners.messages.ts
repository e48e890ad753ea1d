import { defineMessages } from "../../i18n/define.js";

/** Partner administration: `partner new|list|show|add`, the partner form and list, and partner inboxes. */
export const partnerAdminMessages = defineMessages({
  en: {
    "command.partner new": "Create a partner organisation; without arguments it opens the partner form",
    "command.partner list": "List the partner organisations with their members and inbox channel",
    "command.partner show": "Show one partner organisation",
    "command.partner add": "Make someone a member of a partner organisation; they then act for it",
    "partner.field.name": "Name",
    "partner.field.regions": "Regions",
    "partner.field.industries": "Industries",
    "partner.field.products": "Products",
    "partner.field.capacity": "Capacity",
    "partner.field.preferred": "Preferred partner",
    "partner.problem.value_too_long": "Each value in {field} can be at most {max} characters.",
    "partner.problem.list_too_long": "{field} can be at most {max} characters in all.",
    "partner.problem.name":
      '"{value}" cannot be a partner name: not auto or all, and without , ; < or >. Choose another name.',
    "partner.problem.range": "{field} must be a whole number from {min} to {max}.",
    "partner.problem.yes_no": "{field} must be yes or no.",
    "partner.form.title": "New partner",
    "partner.form.intro":
      "A partner organisation gets opportunities from you. Regions, industries and products (separated by commas) and free capacity decide which partner opp distribute auto picks.",
    "partner.form.errors": "Please correct this:",
    "partner.form.preferred_title": "Prefer this partner when several fit equally well",
    "partner.form.submit": "Create partner",
    "partner.form.placeholder.regions": "nordics, germany",
    "partner.form.placeholder.industries": "retail, manufacturing",
    "partner.form.placeholder.products": "erp, crm",
    "partner.created": "Partner {ref} {name} created. Add its people with partner add {name} @person.",
    "partner.member_added":
      "{name} now acts for {partner}: they see what is distributed to {partner} and hear of it in their chat with me.",
    "partner.add.open":
      "Choose the partner and name the person under Add a member, or type partner add ‹partner› @person.",
    "partner.add.title": "Add a member",
    "partner.add.partner": "Partner",
    "partner.add.person": "Person",
    "partner.add.person_placeholder": "Name or email of someone who has used the bot",
    "partner.add.submit": "Add member",
    "partner.list.title": "Partners",
    "partner.list.title_own": "Your partner organisation",
    "partner.show.title": "Partner {ref} {name}",
    "partner.list.empty": "There are no partners yet.",
    "partner.list.empty_manager": "There are no partners yet. Type partner new ‹name› to add one.",
    "partner.list.preferred": "Preferred",
    "partner.list.inbox": "Inbox channel",
    "partner.list.inbox_unnamed": "a channel without a name",
    "partner.list.members": "Members",
    "partner.list.no_members": "none yet",
    "partner.list.none": "—",
    "partner.list.and_more": "{values} and {count, plural, other {# more}}",
    "partner.list.more": "More partners",
    "partner.list.new": "New partner",
    "partner.inbox.set":
      "This channel is now {partner}'s inbox: opportunities distributed to {partner} are posted here instead of in each member's chat. Type notify off here to stop.",
    "partner.inbox.cleared":
      "This channel is no longer {partner}'s inbox; distributed opportunities go to each member's chat with me again.",
    "partner.inbox.not_here":
      "This channel is not {partner}'s inbox, so nothing was changed. Type notify off in the inbox channel to stop it.",
    "partner.inbox.here":
      "This channel is {partner}'s inbox: opportunities distributed to {partner} are posted here. Type notify off to stop.",
    "partner.inbox.elsewhere":
      "{partner}'s inbox is another channel ({channel}). Type notify here partner to make it this one.",
    "partner.inbox.none":
      "{partner} has no inbox channel; distributed opportunities go to each member's chat with me. Type notify here partner in a channel to make it the inbox.",
    "partner.inbox.partner_topic_only":
      "As a partner user you can make this channel your organisation's inbox: type notify here partner. Other topics are for the vendor's managers.",
    "role.partner_from_staff":
      "To make {name} a partner user, first give them another role: role @{name} rep.",
  },
  da: {
    "command.partner new": "Opret en partnerorganisation; uden argumenter åbner den partnerformularen",
    "command.partner list": "Vis partnerorganisationerne med deres medlemmer og indbakkekanal",
    "command.partner show": "Vis én partnerorganisation",
    "command.partner add":
      "Gør en person til medlem af en partnerorganisation; personen handler derefter for den",
    "partner.field.name": "Navn",
    "partner.field.regions": "Regioner",
    "partner.field.industries": "Brancher",
    "partner.field.products": "Produkter",
    "partner.field.capacity": "Kapacitet",
    "partner.field.preferred": "Foretrukken partner",
    "partner.problem.value_too_long": "Hver værdi i {field} må højst være {max} tegn.",
    "partner.problem.list_too_long": "{field} må højst være {max} tegn i alt.",
    "partner.problem.name":
      '"{value}" kan ikke være et partnernavn: ikke auto eller all og uden , ; < eller >. Vælg et andet navn.',
    "partner.problem.range": "{field} skal være et helt tal fra {min} til {max}.",
    "partner.problem.yes_no": "{field} skal være yes eller no.",
    "partner.form.title": "Ny partner",
    "partner.form.intro":
      "En partnerorganisation får salgsmuligheder fra jer. Regioner, brancher og produkter (adskilt af kommaer) og ledig kapacitet afgør, hvilken partner opp distribute auto vælger.",
    "partner.form.errors": "Ret venligst dette:",
    "partner.form.preferred_title": "Foretræk denne partner, når flere passer lige godt",
    "partner.form.submit": "Opret partner",
    "partner.form.placeholder.regions": "norden, tyskland",
    "partner.form.placeholder.industries": "detailhandel, produktion",
    "partner.form.placeholder.products": "erp, crm",
    "partner.created": "Partner {ref} {name} er oprettet. Tilføj dens folk med partner add {name} @person.",
    "partner.member_added":
      "{name} handler nu for {partner}: personen ser, hvad der distribueres til {partner}, og hører om det i sin chat med mig.",
    "partner.add.open":
      "Vælg partneren, og angiv personen under Tilføj et medlem, eller skriv partner add ‹partner› @person.",
    "partner.add.title": "Tilføj et medlem",
    "partner.add.partner": "Partner",
    "partner.add.person": "Person",
    "partner.add.person_placeholder": "Navn eller e-mail på en, der har brugt botten",
    "partner.add.submit": "Tilføj medlem",
    "partner.list.title": "Partnere",
    "partner.list.title_own": "Din partnerorganisation",
    "partner.show.title": "Partner {ref} {name}",
    "partner.list.empty": "Der er ingen partnere endnu.",
    "partner.list.empty_manager": "Der er ingen partnere endnu. Skriv partner new ‹navn› for at tilføje en.",
    "partner.list.preferred": "Foretrukken",
    "partner.list.inbox": "Indbakkekanal",
    "partner.list.inbox_unnamed": "en kanal uden navn",
    "partner.list.members": "Medlemmer",
    "partner.list.no_members": "ingen endnu",
    "partner.list.none": "—",
    "partner.list.and_more": "{values} og {count, plural, other {# mere}}",
    "partner.list.more": "Flere partnere",
    "partner.list.new": "Ny partner",
    "partner.inbox.set":
      "Denne kanal er nu {partner}s indbakke: salgsmuligheder, der distribueres til {partner}, sendes hertil i stedet for til hvert medlems chat. Skriv notify off her for at stoppe.",
    "partner.inbox.cleared":
      "Denne kanal er ikke længere {partner}s indbakke; distribuerede salgsmuligheder går igen til hvert medlems chat med mig.",
    "partner.inbox.not_here":
      "Denne kanal er ikke {partner}s indbakke, så intet blev ændret. Skriv notify off i indbakkekanalen for at stoppe den.",
    "partner.inbox.here":
      "Denne kanal er {partner}s indbakke: salgsmuligheder, der distribueres til {partner}, sendes hertil. Skriv notify off for at stoppe.",
    "partner.inbox.elsewhere":
      "{partner}s indbakke er en anden kanal ({channel}). Skriv notify here partner for at gøre denne kanal til indbakken.",
    "partner.inbox.none":
      "{partner} har ingen indbakkekanal; distribuerede salgsmuligheder går til hvert medlems chat med mig. Skriv notify here partner i en kanal for at gøre den til indbakken.",
    "partner.inbox.partner_topic_only":
      "Som partnerbruger kan du gøre denne kanal til din organisations indbakke: skriv notify here partner. Andre emner er for leverandørens ledere.",
    "role.partner_from_staff":
      "For at gøre {name} til partnerbruger skal personen først have en anden rolle: role @{name} rep.",
  },
  nb: {
    "command.partner new": "Opprett en partnerorganisasjon; uten argumenter åpner den partnerskjemaet",
    "command.partner list": "Vis partnerorganisasjonene med medlemmer og innbokskanal",
    "command.partner show": "Vis én partnerorganisasjon",
    "command.partner add":
      "Gjør en person til medlem av en partnerorganisasjon; personen handler deretter for den",
    "partner.field.name": "Navn",
    "partner.field.regions": "Regioner",
    "partner.field.industries": "Bransjer",
    "partner.field.products": "Produkter",
    "partner.field.capacity": "Kapasitet",
    "partner.field.preferred": "Foretrukket partner",
    "partner.problem.value_too_long": "Hver verdi i {field} kan være høyst {max} tegn.",
    "partner.problem.list_too_long": "{field} kan være høyst {max} tegn til sammen.",
    "partner.problem.name":
      '"{value}" kan ikke være et partnernavn: ikke auto eller all, og uten , ; < eller >. Velg et annet navn.',
    "partner.problem.range": "{field} må være et helt tall fra {min} til {max}.",
    "partner.problem.yes_no": "{field} må være yes eller no.",
    "partner.form.title": "Ny partner",
    "partner.form.intro":
      "En partnerorganisasjon får salgsmuligheter fra dere. Regioner, bransjer og produkter (skilt med komma) og ledig kapasitet avgjør hvilken partner opp distribute auto velger.",
    "partner.form.errors": "Rett opp dette:",
    "partner.form.preferred_title": "Foretrekk denne partneren når flere passer like godt",
    "partner.form.submit": "Opprett partner",
    "partner.form.placeholder.regions": "norden, tyskland",
    "partner.form.placeholder.industries": "varehandel, produksjon",
    "partner.form.placeholder.products": "erp, crm",
    "partner.created": "Partner {ref} {name} er opprettet. Legg til folkene med partner add {name} @person.",
    "partner.member_added":
      "{name} handler nå for {partner}: personen ser det som distribueres til {partner}, og hører om det i chatten med meg.",
    "partner.add.open":
      "Velg partneren og oppgi personen under Legg til et medlem, eller skriv partner add ‹partner› @person.",
    "partner.add.title": "Legg til et medlem",
    "partner.add.partner": "Partner",
    "partner.add.person": "Person",
    "partner.add.person_placeholder": "Navn eller e-post til en som har brukt boten",
    "partner.add.submit": "Legg til medlem",
    "partner.list.title": "Partnere",
    "partner.list.title_own": "Din partnerorganisasjon",
    "partner.show.title": "Partner {ref} {name}",
    "partner.list.empty": "Det finnes ingen partnere ennå.",
    "partner.list.empty_manager":
      "Det finnes ingen partnere ennå. Skriv partner new ‹navn› for å legge til en.",
    "partner.list.preferred": "Foretrukket",
    "partner.list.inbox": "Innbokskanal",
    "partner.list.inbox_unnamed": "en kanal uten navn",
    "partner.list.members": "Medlemmer",
    "partner.list.no_members": "ingen ennå",
    "partner.list.none": "—",
    "partner.list.and_more": "{values} og {count, plural, other {# til}}",
    "partner.list.more": "Flere partnere",
    "partner.list.new": "Ny partner",
    "partner.inbox.set":
      "Denne kanalen er nå innboksen til {partner}: salgsmuligheter som distribueres til {partner}, postes her i stedet for i hvert medlems chat. Skriv notify off her for å stoppe.",
    "partner.inbox.cleared":
      "Denne kanalen er ikke lenger innboksen til {partner}; distribuerte salgsmuligheter går igjen til hvert medlems chat med meg.",
    "partner.inbox.not_here":
      "Denne kanalen er ikke innboksen til {partner}, så ingenting ble endret. Skriv notify off i innbokskanalen for å stoppe den.",
    "partner.inbox.here":
      "Denne kanalen er innboksen til {partner}: salgsmuligheter som distribueres til {partner}, postes her. Skriv notify off for å stoppe.",
    "partner.inbox.elsewhere":
      "Innboksen til {partner} er en annen kanal ({channel}). Skriv notify here partner for å gjøre denne kanalen til innboksen.",
    "partner.inbox.none":
      "{partner} har ingen innbokskanal; distribuerte salgsmuligheter går til hvert medlems chat med meg. Skriv notify here partner i en kanal for å gjøre den til innboksen.",
    "partner.inbox.partner_topic_only":
      "Som partnerbruker kan du gjøre denne kanalen til organisasjonens innboks: skriv notify here partner. Andre emner er for leverandørens ledere.",
    "role.partner_from_staff":
      "For å gjøre {name} til partnerbruker må personen først få en annen rolle: role @{name} rep.",
  },
  sv: {
    "command.partner new": "Skapa en partnerorganisation; utan argument öppnas partnerformuläret",
    "command.partner list": "Visa partnerorganisationerna med medlemmar och inkorgskanal",
    "command.partner show": "Visa en partnerorganisation",
    "command.partner add": "Gör någon till medlem i en partnerorganisation; personen agerar sedan för den",
    "partner.field.name": "Namn",
    "partner.field.regions": "Regioner",
    "partner.field.industries": "Branscher",
    "partner.field.products": "Produkter",
    "partner.field.capacity": "Kapacitet",
    "partner.field.preferred": "Föredragen partner",
    "partner.problem.value_too_long": "Varje värde i {field} får vara högst {max} tecken.",
    "partner.problem.list_too_long": "{field} får vara högst {max} tecken totalt.",
    "partner.problem.name":
      '"{value}" kan inte vara ett partnernamn: inte auto eller all, och utan , ; < eller >. Välj ett annat namn.',
    "partner.problem.range": "{field} måste vara ett heltal från {min} till {max}.",
    "partner.problem.yes_no": "{field} måste vara yes eller no.",
    "partner.form.title": "Ny partner",
    "partner.form.intro":
      "En partnerorganisation får affärsmöjligheter från er. Regioner, branscher och produkter (åtskilda med kommatecken) och ledig kapacitet avgör vilken partner opp distribute auto väljer.",
    "partner.form.errors": "Rätta detta:",
    "partner.form.preferred_title": "Föredra den här partnern när flera passar lika bra",
    "partner.form.submit": "Skapa partner",
    "partner.form.placeholder.regions": "norden, tyskland",
    "partner.form.placeholder.industries": "detaljhandel, tillverkning",
    "partner.form.placeholder.products": "erp, crm",
    "partner.created":
      "Partnern {ref} {name} har skapats. Lägg till dess personer med partner add {name} @person.",
    "partner.member_added":
      "{name} agerar nu för {partner}: personen ser det som distribueras till {partner} och får veta det i sin chatt med mig.",
    "partner.add.open":
      "Välj partnern och ange personen under Lägg till en medlem, eller skriv partner add ‹partner› @person.",
    "partner.add.title": "Lägg till en medlem",
    "partner.add.partner": "Partner",
    "partner.add.person": "Person",
    "partner.add.person_placeholder": "Namn eller e-post för någon som har använt boten",
    "partner.add.submit": "Lägg till medlem",
    "partner.list.title": "Partner",
    "partner.list.title_own": "Din partnerorganisation",
    "partner.show.title": "Partner {ref} {name}",
    "partner.list.empty": "Det finns inga partner än.",
    "partner.list.empty_manager":
      "Det finns inga partner än. Skriv partner new ‹namn› för att lägga till en.",
    "partner.list.preferred": "Föredragen",
    "partner.list.inbox": "Inkorgskanal",
    "partner.list.inbox_unnamed": "en kanal utan namn",
    "partner.list.members": "Medlemmar",
    "partner.list.no_members": "inga än",
    "partner.list.none": "—",
    "partner.list.and_more": "{values} och {count, plural, other {# till}}",
    "partner.list.more": "Fler partner",
    "partner.list.new": "Ny partner",
    "partner.inbox.set":
      "Den här kanalen är nu inkorg för {partner}: affärsmöjligheter som distribueras till {partner} publiceras här i stället för i varje medlems chatt. Skriv notify off här för att sluta.",
    "partner.inbox.cleared":
      "Den här kanalen är inte längre inkorg för {partner}; distribuerade affärsmöjligheter går åter till varje medlems chatt med mig.",
    "partner.inbox.not_here":
      "Den här kanalen är inte inkorg för {partner}, så inget ändrades. Skriv notify off i inkorgskanalen för att stänga den.",
    "partner.inbox.here":
      "Den här kanalen är inkorg för {partner}: affärsmöjligheter som distribueras till {partner} publiceras här. Skriv notify off för att sluta.",
    "partner.inbox.elsewhere":
      "Inkorgen för {partner} är en annan kanal ({channel}). Skriv notify here partner för att göra den här kanalen till inkorg.",
    "partner.inbox.none":
      "{partner} har ingen inkorgskanal; distribuerade affärsmöjligheter går till varje medlems chatt med mig. Skriv notify here partner i en kanal för att göra den till inkorg.",
    "partner.inbox.partner_topic_only":
      "Som partneranvändare kan du göra den här kanalen till organisationens inkorg: skriv notify here partner. Andra ämnen är för leverantörens chefer.",
    "role.partner_from_staff":
      "För att göra {name} till partneranvändare måste personen först få en annan roll: role @{name} rep.",
  },
});
