import { defineMessages } from "../../i18n/define.js";

/** Partner organisations, distribution, partner answers, partner-created opportunities, deal registration. */
export const partnerMessages = defineMessages({
  en: {
    "opp.history.distribute": "Distributed",
    "opp.history.accept": "Accepted by partner",
    "opp.history.decline": "Declined by partner",
    "opp.history.recall": "Distribution recalled",
    "opp.history.register": "Deal registration requested",
    "opp.history.approve": "Approved",
    "opp.history.reject": "Rejected",
    "partner.forbidden": "Only managers and admins manage partner organisations. Nothing was changed.",
    "partner.exists": "There is already a partner called {name}. Type partner list to see them.",
    "partner.too_many": "A tenant can have at most {max} partners.",
    "partner.not_found": "I don't know the partner {partner}. Type partner list to see the partners.",
    "partner.required": "Name the partner, like Fabrikam. Type partner list to see the partners.",
    "partner.member_is_staff":
      "{name} is one of your {role}s; partner members must be partner users. Nothing was changed.",
    "partner.too_many_members": "A partner can have at most {max} members.",
    "partner.add_incomplete":
      "I lost the connection to the pipeline's storage part way through making {name} a member of {partner}, so it is only partly done. Run the same command again in a minute to finish it.",
    "partner.inbox_partners_only":
      "Only partner users make a channel their organisation's inbox: a partner member types notify here partner in it.",
    "partner.inbox_channel_only":
      "A partner inbox is a channel: mention me in your organisation's channel and type notify here partner there.",
    "partner.changed": "{partner} was changed by someone else at the same moment. Try again.",
    "partner.no_organisation":
      "Your user is not a member of a partner organisation yet. Ask the vendor's manager to add you with partner add.",
    "opp.partner_customer":
      "Name your customer's company with account=‹company name›, e.g. opp new Web shop account=Contoso Retail. A new customer record is made for it; the vendor links it when approving.",
    "opp.partner_forbidden":
      "Partner users cannot do that; it is for the vendor's own people. Nothing was changed.",
    "opp.pending_approval":
      "{ref} was created by a partner and waits for a manager's approval: type opp approve {ref} or opp reject {ref} [reason].",
    "dist.forbidden":
      "Only the vendor's managers and admins distribute opportunities to partners. Nothing was changed.",
    "dist.not_approved":
      "{ref} is not approved yet, so it cannot be distributed. Approve it first: opp approve {ref}.",
    "dist.no_partner":
      "Name at least one partner: opp distribute {ref} Fabrikam, or opp distribute {ref} auto.",
    "dist.too_many": "Distribute to at most {max} partners at once.",
    "dist.already": "{ref} is already with {partner}. Nothing was changed.",
    "dist.own_partner": "{partner} created {ref}, so it cannot be distributed to them.",
    "dist.partners_only":
      "Only partner users accept or decline {ref}; it was distributed to their organisation.",
    "dist.not_yours": "{ref} was not distributed to your organisation. Nothing was changed.",
    "dist.recalled":
      "The vendor has taken {ref} back from your organisation, so it can no longer be answered.",
    "dist.answered": "Your organisation already answered {ref} ({status}). Nothing was changed.",
    "dist.nothing_to_recall": "{ref} is not with {partner} any more, so there is nothing to recall.",
    "dist.nothing_to_recall_any": "{ref} is not with any partner, so there is nothing to recall.",
    "dist.no_fit":
      "No partner fits {ref}: none with free capacity serves its region ({region}), industry ({industry}) or products ({products}). Name a partner instead: opp distribute {ref} ‹partner›.",
    "dist.accept_first": "Accept {ref} first (opp accept {ref}); then your organisation can work on it.",
    "dist.collaboration_read_only":
      "Several partners work on {ref} together, so it cannot be changed or closed by a partner; add a note instead (note {ref} ‹text›).",
    "approval.forbidden": "Only managers and admins approve or reject. Nothing was changed.",
    "approval.nothing_pending":
      "{ref} has nothing waiting for approval: no pending creation and no deal registration.",
    "deal.partners_only":
      "Deal registration is for partner users, on opportunities their organisation created.",
    "deal.not_origin": "Your organisation did not create {ref}, so it cannot register a deal for it.",
    "deal.not_approved": "{ref} waits for the vendor's approval; register the deal once it is approved.",
    "deal.already": "A deal registration for {ref} is already {status}. Nothing was changed.",
    "opp.inbox.approval_pending":
      "Created by {partner} on {since}, waiting for your approval: opp approve {ref} or opp reject {ref} [reason]",
    "opp.inbox.deal_pending":
      "{partner} asked for a deal registration on {since}: opp approve {ref} or opp reject {ref} [reason]",
    "partner.dashboard.more":
      "Only the {count, plural, one {most recently changed is} other {# most recently changed are}} shown here.",
    "partner.dashboard.more.managed":
      "Only the {count, plural, one {most recently changed is} other {# most recently changed are}} shown here; opp list shows them all.",
    "deal.nothing_pending": "{ref} has no deal registration waiting for a decision.",
  },
  da: {
    "opp.history.distribute": "Distribueret",
    "opp.history.accept": "Accepteret af partner",
    "opp.history.decline": "Afvist af partner",
    "opp.history.recall": "Distribution trukket tilbage",
    "opp.history.register": "Aftaleregistrering anmodet",
    "opp.history.approve": "Godkendt",
    "opp.history.reject": "Afvist",
    "partner.forbidden":
      "Kun ledere og administratorer administrerer partnerorganisationer. Intet blev ændret.",
    "partner.exists": "Der findes allerede en partner ved navn {name}. Skriv partner list for at se dem.",
    "partner.too_many": "En lejer kan højst have {max} partnere.",
    "partner.not_found": "Jeg kender ikke partneren {partner}. Skriv partner list for at se partnerne.",
    "partner.required": "Angiv partneren, fx Fabrikam. Skriv partner list for at se partnerne.",
    "partner.member_is_staff":
      "{name} er en af jeres {role}; partnermedlemmer skal være partnerbrugere. Intet blev ændret.",
    "partner.too_many_members": "En partner kan højst have {max} medlemmer.",
    "partner.add_incomplete":
      "Jeg mistede forbindelsen til pipelinens datalager midt i at gøre {name} til medlem af {partner}, så det er kun delvist gjort. Kør den samme kommando igen om et minut for at gøre det færdigt.",
    "partner.inbox_partners_only":
      "Kun partnerbrugere gør en kanal til deres organisations indbakke: et partnermedlem skriver notify here partner i den.",
    "partner.inbox_channel_only":
      "En partnerindbakke er en kanal: nævn mig i jeres organisations kanal, og skriv notify here partner der.",
    "partner.changed": "{partner} blev ændret af en anden i samme øjeblik. Prøv igen.",
    "partner.no_organisation":
      "Din bruger er endnu ikke medlem af en partnerorganisation. Bed leverandørens leder om at tilføje dig med partner add.",
    "opp.partner_customer":
      "Angiv din kundes firma med account=‹firmanavn›, fx opp new Webshop account=Contoso Retail. Der oprettes en ny kundepost; leverandøren kobler den, når den godkendes.",
    "opp.partner_forbidden":
      "Partnerbrugere kan ikke gøre det; det er for leverandørens egne folk. Intet blev ændret.",
    "opp.pending_approval":
      "{ref} er oprettet af en partner og venter på en leders godkendelse: skriv opp approve {ref} eller opp reject {ref} [begrundelse].",
    "dist.forbidden":
      "Kun leverandørens ledere og administratorer distribuerer salgsmuligheder til partnere. Intet blev ændret.",
    "dist.not_approved":
      "{ref} er ikke godkendt endnu og kan ikke distribueres. Godkend den først: opp approve {ref}.",
    "dist.no_partner":
      "Angiv mindst én partner: opp distribute {ref} Fabrikam eller opp distribute {ref} auto.",
    "dist.too_many": "Distribuér til højst {max} partnere ad gangen.",
    "dist.already": "{ref} ligger allerede hos {partner}. Intet blev ændret.",
    "dist.own_partner": "{partner} oprettede {ref}, så den kan ikke distribueres til dem.",
    "dist.partners_only":
      "Kun partnerbrugere accepterer eller afviser {ref}; den blev distribueret til deres organisation.",
    "dist.not_yours": "{ref} blev ikke distribueret til din organisation. Intet blev ændret.",
    "dist.recalled":
      "Leverandøren har trukket {ref} tilbage fra din organisation, så den kan ikke længere besvares.",
    "dist.answered": "Din organisation har allerede svaret på {ref} ({status}). Intet blev ændret.",
    "dist.nothing_to_recall": "{ref} ligger ikke længere hos {partner}, så der er intet at trække tilbage.",
    "dist.nothing_to_recall_any": "{ref} ligger ikke hos nogen partner, så der er intet at trække tilbage.",
    "dist.no_fit":
      "Ingen partner passer til {ref}: ingen med ledig kapacitet dækker dens region ({region}), branche ({industry}) eller produkter ({products}). Angiv i stedet en partner: opp distribute {ref} ‹partner›.",
    "dist.accept_first":
      "Acceptér {ref} først (opp accept {ref}); derefter kan din organisation arbejde med den.",
    "dist.collaboration_read_only":
      "Flere partnere arbejder sammen om {ref}, så en partner kan ikke ændre eller lukke den; tilføj i stedet en note (note {ref} ‹tekst›).",
    "approval.forbidden": "Kun ledere og administratorer godkender eller afviser. Intet blev ændret.",
    "approval.nothing_pending":
      "{ref} har intet, der venter på godkendelse: ingen ventende oprettelse og ingen aftaleregistrering.",
    "deal.partners_only":
      "Aftaleregistrering er for partnerbrugere på salgsmuligheder, deres organisation har oprettet.",
    "deal.not_origin":
      "Din organisation har ikke oprettet {ref}, så den kan ikke registrere en aftale for den.",
    "deal.not_approved": "{ref} venter på leverandørens godkendelse; registrér aftalen, når den er godkendt.",
    "deal.already": "En aftaleregistrering for {ref} er allerede {status}. Intet blev ændret.",
    "opp.inbox.approval_pending":
      "Oprettet af {partner} den {since}, venter på din godkendelse: opp approve {ref} eller opp reject {ref} [begrundelse]",
    "opp.inbox.deal_pending":
      "{partner} anmodede om aftaleregistrering den {since}: opp approve {ref} eller opp reject {ref} [begrundelse]",
    "partner.dashboard.more":
      "Kun {count, plural, one {den senest ændrede} other {de # senest ændrede}} vises her.",
    "partner.dashboard.more.managed":
      "Kun {count, plural, one {den senest ændrede} other {de # senest ændrede}} vises her; opp list viser dem alle.",
    "deal.nothing_pending": "{ref} har ingen aftaleregistrering, der venter på en afgørelse.",
  },
  nb: {
    "opp.history.distribute": "Distribuert",
    "opp.history.accept": "Akseptert av partner",
    "opp.history.decline": "Avslått av partner",
    "opp.history.recall": "Distribusjon trukket tilbake",
    "opp.history.register": "Avtaleregistrering forespurt",
    "opp.history.approve": "Godkjent",
    "opp.history.reject": "Avvist",
    "partner.forbidden":
      "Bare ledere og administratorer administrerer partnerorganisasjoner. Ingenting ble endret.",
    "partner.exists": "Det finnes allerede en partner som heter {name}. Skriv partner list for å se dem.",
    "partner.too_many": "En leier kan ha høyst {max} partnere.",
    "partner.not_found": "Jeg kjenner ikke partneren {partner}. Skriv partner list for å se partnerne.",
    "partner.required": "Oppgi partneren, for eksempel Fabrikam. Skriv partner list for å se partnerne.",
    "partner.member_is_staff":
      "{name} er en av deres {role}; partnermedlemmer må være partnerbrukere. Ingenting ble endret.",
    "partner.too_many_members": "En partner kan ha høyst {max} medlemmer.",
    "partner.add_incomplete":
      "Jeg mistet forbindelsen til lagringen til pipelinen midt i å gjøre {name} til medlem av {partner}, så det er bare delvis gjort. Kjør den samme kommandoen igjen om et minutt for å gjøre det ferdig.",
    "partner.inbox_partners_only":
      "Bare partnerbrukere gjør en kanal til organisasjonens innboks: et partnermedlem skriver notify here partner i den.",
    "partner.inbox_channel_only":
      "En partnerinnboks er en kanal: nevn meg i organisasjonens kanal og skriv notify here partner der.",
    "partner.changed": "{partner} ble endret av noen andre i samme øyeblikk. Prøv igjen.",
    "partner.no_organisation":
      "Brukeren din er ennå ikke medlem av en partnerorganisasjon. Be leverandørens leder legge deg til med partner add.",
    "opp.partner_customer":
      "Oppgi kundens firma med account=‹firmanavn›, for eksempel opp new Nettbutikk account=Contoso Retail. Det opprettes en ny kundepost; leverandøren kobler den ved godkjenning.",
    "opp.partner_forbidden":
      "Partnerbrukere kan ikke gjøre det; det er for leverandørens egne folk. Ingenting ble endret.",
    "opp.pending_approval":
      "{ref} er opprettet av en partner og venter på godkjenning fra en leder: skriv opp approve {ref} eller opp reject {ref} [begrunnelse].",
    "dist.forbidden":
      "Bare leverandørens ledere og administratorer distribuerer salgsmuligheter til partnere. Ingenting ble endret.",
    "dist.not_approved":
      "{ref} er ikke godkjent ennå og kan ikke distribueres. Godkjenn den først: opp approve {ref}.",
    "dist.no_partner":
      "Oppgi minst én partner: opp distribute {ref} Fabrikam eller opp distribute {ref} auto.",
    "dist.too_many": "Distribuer til høyst {max} partnere om gangen.",
    "dist.already": "{ref} ligger allerede hos {partner}. Ingenting ble endret.",
    "dist.own_partner": "{partner} opprettet {ref}, så den kan ikke distribueres til dem.",
    "dist.partners_only":
      "Bare partnerbrukere aksepterer eller avslår {ref}; den ble distribuert til organisasjonen deres.",
    "dist.not_yours": "{ref} ble ikke distribuert til organisasjonen din. Ingenting ble endret.",
    "dist.recalled":
      "Leverandøren har trukket {ref} tilbake fra organisasjonen din, så den kan ikke lenger besvares.",
    "dist.answered": "Organisasjonen din har allerede svart på {ref} ({status}). Ingenting ble endret.",
    "dist.nothing_to_recall": "{ref} ligger ikke lenger hos {partner}, så det er ingenting å trekke tilbake.",
    "dist.nothing_to_recall_any": "{ref} ligger ikke hos noen partner, så det er ingenting å trekke tilbake.",
    "dist.no_fit":
      "Ingen partner passer til {ref}: ingen med ledig kapasitet dekker regionen ({region}), bransjen ({industry}) eller produktene ({products}). Oppgi en partner i stedet: opp distribute {ref} ‹partner›.",
    "dist.accept_first":
      "Aksepter {ref} først (opp accept {ref}); deretter kan organisasjonen din arbeide med den.",
    "dist.collaboration_read_only":
      "Flere partnere samarbeider om {ref}, så en partner kan ikke endre eller lukke den; legg til et notat i stedet (note {ref} ‹tekst›).",
    "approval.forbidden": "Bare ledere og administratorer godkjenner eller avviser. Ingenting ble endret.",
    "approval.nothing_pending":
      "{ref} har ingenting som venter på godkjenning: ingen ventende opprettelse og ingen avtaleregistrering.",
    "deal.partners_only":
      "Avtaleregistrering er for partnerbrukere, på salgsmuligheter organisasjonen deres har opprettet.",
    "deal.not_origin":
      "Organisasjonen din opprettet ikke {ref}, så den kan ikke registrere en avtale for den.",
    "deal.not_approved": "{ref} venter på leverandørens godkjenning; registrer avtalen når den er godkjent.",
    "deal.already": "En avtaleregistrering for {ref} er allerede {status}. Ingenting ble endret.",
    "opp.inbox.approval_pending":
      "Opprettet av {partner} {since}, venter på din godkjenning: opp approve {ref} eller opp reject {ref} [begrunnelse]",
    "opp.inbox.deal_pending":
      "{partner} ba om avtaleregistrering {since}: opp approve {ref} eller opp reject {ref} [begrunnelse]",
    "partner.dashboard.more":
      "Bare {count, plural, one {den sist endrede} other {de # sist endrede}} vises her.",
    "partner.dashboard.more.managed":
      "Bare {count, plural, one {den sist endrede} other {de # sist endrede}} vises her; opp list viser alle.",
    "deal.nothing_pending": "{ref} har ingen avtaleregistrering som venter på en avgjørelse.",
  },
  sv: {
    "opp.history.distribute": "Distribuerad",
    "opp.history.accept": "Accepterad av partner",
    "opp.history.decline": "Avböjd av partner",
    "opp.history.recall": "Distribution återkallad",
    "opp.history.register": "Affärsregistrering begärd",
    "opp.history.approve": "Godkänd",
    "opp.history.reject": "Avvisad",
    "partner.forbidden": "Bara chefer och administratörer hanterar partnerorganisationer. Inget ändrades.",
    "partner.exists": "Det finns redan en partner som heter {name}. Skriv partner list för att se dem.",
    "partner.too_many": "En klientorganisation kan ha högst {max} partner.",
    "partner.not_found": "Jag känner inte till partnern {partner}. Skriv partner list för att se partnerna.",
    "partner.required": "Ange partnern, till exempel Fabrikam. Skriv partner list för att se partnerna.",
    "partner.member_is_staff":
      "{name} är en av era {role}; partnermedlemmar måste vara partneranvändare. Inget ändrades.",
    "partner.too_many_members": "En partner kan ha högst {max} medlemmar.",
    "partner.add_incomplete":
      "Jag tappade anslutningen till pipelinens lagring mitt i att göra {name} till medlem i {partner}, så det är bara delvis gjort. Kör samma kommando igen om en minut för att göra klart det.",
    "partner.inbox_partners_only":
      "Bara partneranvändare gör en kanal till organisationens inkorg: en partnermedlem skriver notify here partner i den.",
    "partner.inbox_channel_only":
      "En partnerinkorg är en kanal: nämn mig i organisationens kanal och skriv notify here partner där.",
    "partner.changed": "{partner} ändrades av någon annan i samma ögonblick. Försök igen.",
    "partner.no_organisation":
      "Din användare är ännu inte medlem i en partnerorganisation. Be leverantörens chef lägga till dig med partner add.",
    "opp.partner_customer":
      "Ange kundens företag med account=‹företagsnamn›, till exempel opp new Webbutik account=Contoso Retail. En ny kundpost skapas; leverantören kopplar den vid godkännandet.",
    "opp.partner_forbidden":
      "Partneranvändare kan inte göra det; det är för leverantörens egna medarbetare. Inget ändrades.",
    "opp.pending_approval":
      "{ref} skapades av en partner och väntar på en chefs godkännande: skriv opp approve {ref} eller opp reject {ref} [motivering].",
    "dist.forbidden":
      "Bara leverantörens chefer och administratörer distribuerar affärsmöjligheter till partner. Inget ändrades.",
    "dist.not_approved":
      "{ref} är inte godkänd än och kan inte distribueras. Godkänn den först: opp approve {ref}.",
    "dist.no_partner":
      "Ange minst en partner: opp distribute {ref} Fabrikam eller opp distribute {ref} auto.",
    "dist.too_many": "Distribuera till högst {max} partner åt gången.",
    "dist.already": "{ref} ligger redan hos {partner}. Inget ändrades.",
    "dist.own_partner": "{partner} skapade {ref}, så den kan inte distribueras till dem.",
    "dist.partners_only":
      "Bara partneranvändare accepterar eller avböjer {ref}; den distribuerades till deras organisation.",
    "dist.not_yours": "{ref} distribuerades inte till din organisation. Inget ändrades.",
    "dist.recalled":
      "Leverantören har återkallat {ref} från din organisation, så den kan inte längre besvaras.",
    "dist.answered": "Din organisation har redan svarat på {ref} ({status}). Inget ändrades.",
    "dist.nothing_to_recall": "{ref} ligger inte längre hos {partner}, så det finns inget att återkalla.",
    "dist.nothing_to_recall_any": "{ref} ligger inte hos någon partner, så det finns inget att återkalla.",
    "dist.no_fit":
      "Ingen partner passar {ref}: ingen med ledig kapacitet täcker dess region ({region}), bransch ({industry}) eller produkter ({products}). Ange en partner i stället: opp distribute {ref} ‹partner›.",
    "dist.accept_first":
      "Acceptera {ref} först (opp accept {ref}); sedan kan din organisation arbeta med den.",
    "dist.collaboration_read_only":
      "Flera partner samarbetar kring {ref}, så en partner kan inte ändra eller stänga den; lägg till en anteckning i stället (note {ref} ‹text›).",
    "approval.forbidden": "Bara chefer och administratörer godkänner eller avvisar. Inget ändrades.",
    "approval.nothing_pending":
      "{ref} har inget som väntar på godkännande: inget väntande skapande och ingen affärsregistrering.",
    "deal.partners_only":
      "Affärsregistrering är för partneranvändare, på affärsmöjligheter som deras organisation skapat.",
    "deal.not_origin": "Din organisation skapade inte {ref}, så den kan inte registrera en affär för den.",
    "deal.not_approved": "{ref} väntar på leverantörens godkännande; registrera affären när den är godkänd.",
    "deal.already": "En affärsregistrering för {ref} är redan {status}. Inget ändrades.",
    "opp.inbox.approval_pending":
      "Skapad av {partner} {since}, väntar på ditt godkännande: opp approve {ref} eller opp reject {ref} [motivering]",
    "opp.inbox.deal_pending":
      "{partner} begärde affärsregistrering {since}: opp approve {ref} eller opp reject {ref} [motivering]",
    "partner.dashboard.more":
      "Bara {count, plural, one {den senast ändrade} other {de # senast ändrade}} visas här.",
    "partner.dashboard.more.managed":
      "Bara {count, plural, one {den senast ändrade} other {de # senast ändrade}} visas här; opp list visar alla.",
    "deal.nothing_pending": "{ref} har ingen affärsregistrering som väntar på beslut.",
  },
});
