import { defineMessages } from "../../i18n/define.js";

/** Roles, the people the bot knows, and `owner=@user` on opportunities. */
export const directoryMessages = defineMessages({
  en: {
    "command.role": "Give someone a role: admin, manager, rep or partner=‹name› (admins)",
    "command.role list": "Show who holds which role",
    "directory.external_refused":
      "You are a guest in this organisation, so you have no access to the pipeline yet. Ask an admin to map you to a partner (role @you partner=‹partner name›). Type help to see what you can do.",
    "directory.membership_unknown":
      "Teams could not confirm that you are a member of this organisation, so nothing was changed. Please try again in a moment; until then you can type help.",
    "directory.user_required": "Say who: @mention the person.",
    "directory.unknown_user":
      'I don\'t know "{name}" yet. @mention the person (type @ and pick them from the list) so that Teams tells me who it is.',
    "directory.ambiguous": '"{name}" could be several people: {matches}. @mention the one you mean.',
    "directory.lookup_failed":
      "Teams could not tell me who {name} is. Try again, or @mention them in a conversation I am part of.",
    "directory.external_needs_partner":
      "{name} is a guest or from another organisation and can only be mapped to a partner: type role @{name} partner=‹partner name›.",
    "role.forbidden": "Only admins can give roles. Nothing was changed.",
    "role.list_forbidden": "Only managers and admins can see who holds which role.",
    "role.granted": "{name} now has the role {role}.",
    "role.partner_list_stale":
      "Then I lost the connection to the pipeline's storage before taking {name} off the members of {partner}, so they are still listed there and hear of what is distributed to it.",
    "role.granted_partner": "{name} now has the role {role} for {partner}.",
    "role.config_admin":
      "{name} is an admin from the configuration (ADMIN_AAD_IDS) and stays admin whatever role is stored.",
    "role.bad_role": '"{value}" is not a role. Use admin, manager, rep or partner=‹partner name›.',
    "role.user_required": "Choose the person to give a role to.",
    "role.role_required": "Choose the role to give.",
    "role.partner_required": "Give the partner organisation: partner=‹partner name›.",
    "role.partner_too_long": "A partner name can be at most {max} characters.",
    "role.list.configured": "Admins from the configuration: {names}",
    "role.list.none":
      "Nobody has been given a role yet; everybody else in the organisation works as a sales rep.",
    "role.list.entry": "{name}: {role}",
    "role.list.entry_partner": "{name}: {role} ({partner})",
    "role.list.by": "given by {by} on {date}",
    "role.form.title": "Give a role",
    "role.form.intro":
      "Pick a person and the role to give them. Only people I have met are listed; for anyone else type role @name and the role.",
    "role.form.user": "Person",
    "role.form.user_placeholder": "Type a name",
    "role.form.role": "Role",
    "role.form.partner": "Partner organisation (for the partner role)",
    "role.form.submit": "Give role",
    "role.form.errors": "Please correct this:",
    "opp.owner_forbidden":
      "Only managers and admins can create an opportunity for someone else. Leave out owner= to create it for yourself.",
    "opp.owner_not_staff":
      "{name} does not work the pipeline (role: {role}), so they cannot own an opportunity.",
    "opp.list.filter.owner": "Owner: {name}",
  },
  da: {
    "command.role": "Giv en person en rolle: admin, manager, rep eller partner=‹navn› (administratorer)",
    "command.role list": "Vis, hvem der har hvilken rolle",
    "directory.external_refused":
      "Du er gæst i denne organisation og har derfor endnu ikke adgang til pipelinen. Bed en administrator om at knytte dig til en partner (role @dig partner=‹partnernavn›). Skriv help for at se, hvad du kan.",
    "directory.membership_unknown":
      "Teams kunne ikke bekræfte, at du er medlem af denne organisation, så intet blev ændret. Prøv igen om lidt; indtil da kan du skrive help.",
    "directory.user_required": "Sig hvem: @nævn personen.",
    "directory.unknown_user":
      'Jeg kender ikke "{name}" endnu. @nævn personen (skriv @ og vælg dem på listen), så Teams fortæller mig, hvem det er.',
    "directory.ambiguous": '"{name}" kan være flere personer: {matches}. @nævn den, du mener.',
    "directory.lookup_failed":
      "Teams kunne ikke fortælle mig, hvem {name} er. Prøv igen, eller @nævn personen i en samtale, jeg er med i.",
    "directory.external_needs_partner":
      "{name} er gæst eller fra en anden organisation og kan kun knyttes til en partner: skriv role @{name} partner=‹partnernavn›.",
    "role.forbidden": "Kun administratorer kan give roller. Intet blev ændret.",
    "role.list_forbidden": "Kun ledere og administratorer kan se, hvem der har hvilken rolle.",
    "role.granted": "{name} har nu rollen {role}.",
    "role.partner_list_stale":
      "Derefter mistede jeg forbindelsen til pipelinens datalager, før jeg fik fjernet {name} fra medlemmerne af {partner}, så vedkommende står der stadig og hører om det, der fordeles til den.",
    "role.granted_partner": "{name} har nu rollen {role} for {partner}.",
    "role.config_admin":
      "{name} er administrator fra konfigurationen (ADMIN_AAD_IDS) og forbliver administrator, uanset hvilken rolle der er gemt.",
    "role.bad_role": '"{value}" er ikke en rolle. Brug admin, manager, rep eller partner=‹partnernavn›.',
    "role.user_required": "Vælg den person, der skal have en rolle.",
    "role.role_required": "Vælg den rolle, der skal gives.",
    "role.partner_required": "Angiv partnerorganisationen: partner=‹partnernavn›.",
    "role.partner_too_long": "Et partnernavn må højst være {max} tegn.",
    "role.list.configured": "Administratorer fra konfigurationen: {names}",
    "role.list.none": "Ingen har fået en rolle endnu; alle andre i organisationen arbejder som sælgere.",
    "role.list.entry": "{name}: {role}",
    "role.list.entry_partner": "{name}: {role} ({partner})",
    "role.list.by": "givet af {by} den {date}",
    "role.form.title": "Giv en rolle",
    "role.form.intro":
      "Vælg en person og den rolle, de skal have. Kun personer, jeg har mødt, er på listen; for alle andre skriv role @navn og rollen.",
    "role.form.user": "Person",
    "role.form.user_placeholder": "Skriv et navn",
    "role.form.role": "Rolle",
    "role.form.partner": "Partnerorganisation (for partnerrollen)",
    "role.form.submit": "Giv rolle",
    "role.form.errors": "Ret venligst dette:",
    "opp.owner_forbidden":
      "Kun ledere og administratorer kan oprette en salgsmulighed for en anden. Udelad owner= for at oprette den til dig selv.",
    "opp.owner_not_staff":
      "{name} arbejder ikke med pipelinen (rolle: {role}) og kan derfor ikke eje en salgsmulighed.",
    "opp.list.filter.owner": "Ejer: {name}",
  },
  nb: {
    "command.role": "Gi noen en rolle: admin, manager, rep eller partner=‹navn› (administratorer)",
    "command.role list": "Vis hvem som har hvilken rolle",
    "directory.external_refused":
      "Du er gjest i denne organisasjonen og har derfor ikke tilgang til pipelinen ennå. Be en administrator om å knytte deg til en partner (role @deg partner=‹partnernavn›). Skriv help for å se hva du kan gjøre.",
    "directory.membership_unknown":
      "Teams kunne ikke bekrefte at du er medlem av denne organisasjonen, så ingenting ble endret. Prøv igjen om litt; inntil da kan du skrive help.",
    "directory.user_required": "Si hvem: @nevn personen.",
    "directory.unknown_user":
      'Jeg kjenner ikke "{name}" ennå. @nevn personen (skriv @ og velg dem i listen), så Teams forteller meg hvem det er.',
    "directory.ambiguous": '"{name}" kan være flere personer: {matches}. @nevn den du mener.',
    "directory.lookup_failed":
      "Teams kunne ikke fortelle meg hvem {name} er. Prøv igjen, eller @nevn personen i en samtale jeg er med i.",
    "directory.external_needs_partner":
      "{name} er gjest eller fra en annen organisasjon og kan bare knyttes til en partner: skriv role @{name} partner=‹partnernavn›.",
    "role.forbidden": "Bare administratorer kan gi roller. Ingenting ble endret.",
    "role.list_forbidden": "Bare ledere og administratorer kan se hvem som har hvilken rolle.",
    "role.granted": "{name} har nå rollen {role}.",
    "role.partner_list_stale":
      "Så mistet jeg forbindelsen til lagringen til pipelinen før jeg fikk fjernet {name} fra medlemmene av {partner}, så vedkommende står der fortsatt og hører om det som fordeles til den.",
    "role.granted_partner": "{name} har nå rollen {role} for {partner}.",
    "role.config_admin":
      "{name} er administrator fra konfigurasjonen (ADMIN_AAD_IDS) og forblir administrator uansett hvilken rolle som er lagret.",
    "role.bad_role": '"{value}" er ikke en rolle. Bruk admin, manager, rep eller partner=‹partnernavn›.',
    "role.user_required": "Velg personen som skal få en rolle.",
    "role.role_required": "Velg rollen som skal gis.",
    "role.partner_required": "Oppgi partnerorganisasjonen: partner=‹partnernavn›.",
    "role.partner_too_long": "Et partnernavn kan være på høyst {max} tegn.",
    "role.list.configured": "Administratorer fra konfigurasjonen: {names}",
    "role.list.none": "Ingen har fått en rolle ennå; alle andre i organisasjonen jobber som selgere.",
    "role.list.entry": "{name}: {role}",
    "role.list.entry_partner": "{name}: {role} ({partner})",
    "role.list.by": "gitt av {by} {date}",
    "role.form.title": "Gi en rolle",
    "role.form.intro":
      "Velg en person og rollen de skal ha. Bare personer jeg har møtt, står i listen; for alle andre skriv role @navn og rollen.",
    "role.form.user": "Person",
    "role.form.user_placeholder": "Skriv et navn",
    "role.form.role": "Rolle",
    "role.form.partner": "Partnerorganisasjon (for partnerrollen)",
    "role.form.submit": "Gi rolle",
    "role.form.errors": "Rett opp dette:",
    "opp.owner_forbidden":
      "Bare ledere og administratorer kan opprette en salgsmulighet for noen andre. Utelat owner= for å opprette den for deg selv.",
    "opp.owner_not_staff":
      "{name} jobber ikke med pipelinen (rolle: {role}) og kan derfor ikke eie en salgsmulighet.",
    "opp.list.filter.owner": "Eier: {name}",
  },
  sv: {
    "command.role": "Ge någon en roll: admin, manager, rep eller partner=‹namn› (administratörer)",
    "command.role list": "Visa vem som har vilken roll",
    "directory.external_refused":
      "Du är gäst i den här organisationen och har därför ingen åtkomst till pipelinen ännu. Be en administratör att koppla dig till en partner (role @dig partner=‹partnernamn›). Skriv help för att se vad du kan göra.",
    "directory.membership_unknown":
      "Teams kunde inte bekräfta att du är medlem i den här organisationen, så inget ändrades. Försök igen om en stund; till dess kan du skriva help.",
    "directory.user_required": "Säg vem: @nämn personen.",
    "directory.unknown_user":
      'Jag känner inte till "{name}" ännu. @nämn personen (skriv @ och välj dem i listan) så att Teams berättar vem det är.',
    "directory.ambiguous": '"{name}" kan vara flera personer: {matches}. @nämn den du menar.',
    "directory.lookup_failed":
      "Teams kunde inte berätta vem {name} är. Försök igen, eller @nämn personen i en konversation som jag är med i.",
    "directory.external_needs_partner":
      "{name} är gäst eller från en annan organisation och kan bara kopplas till en partner: skriv role @{name} partner=‹partnernamn›.",
    "role.forbidden": "Bara administratörer kan ge roller. Inget ändrades.",
    "role.list_forbidden": "Bara chefer och administratörer kan se vem som har vilken roll.",
    "role.granted": "{name} har nu rollen {role}.",
    "role.partner_list_stale":
      "Sedan tappade jag anslutningen till pipelinens lagring innan jag hann ta bort {name} från medlemmarna i {partner}, så personen står kvar där och får höra om det som fördelas till den.",
    "role.granted_partner": "{name} har nu rollen {role} för {partner}.",
    "role.config_admin":
      "{name} är administratör enligt konfigurationen (ADMIN_AAD_IDS) och förblir administratör oavsett vilken roll som är sparad.",
    "role.bad_role": '"{value}" är ingen roll. Använd admin, manager, rep eller partner=‹partnernamn›.',
    "role.user_required": "Välj personen som ska få en roll.",
    "role.role_required": "Välj rollen som ska ges.",
    "role.partner_required": "Ange partnerorganisationen: partner=‹partnernamn›.",
    "role.partner_too_long": "Ett partnernamn får vara högst {max} tecken.",
    "role.list.configured": "Administratörer enligt konfigurationen: {names}",
    "role.list.none": "Ingen har fått någon roll ännu; alla andra i organisationen arbetar som säljare.",
    "role.list.entry": "{name}: {role}",
    "role.list.entry_partner": "{name}: {role} ({partner})",
    "role.list.by": "given av {by} den {date}",
    "role.form.title": "Ge en roll",
    "role.form.intro":
      "Välj en person och rollen de ska ha. Bara personer jag har träffat finns i listan; för alla andra skriv role @namn och rollen.",
    "role.form.user": "Person",
    "role.form.user_placeholder": "Skriv ett namn",
    "role.form.role": "Roll",
    "role.form.partner": "Partnerorganisation (för partnerrollen)",
    "role.form.submit": "Ge roll",
    "role.form.errors": "Rätta detta:",
    "opp.owner_forbidden":
      "Bara chefer och administratörer kan skapa en affärsmöjlighet åt någon annan. Utelämna owner= för att skapa den åt dig själv.",
    "opp.owner_not_staff":
      "{name} arbetar inte med pipelinen (roll: {role}) och kan därför inte äga en affärsmöjlighet.",
    "opp.list.filter.owner": "Ägare: {name}",
  },
});
