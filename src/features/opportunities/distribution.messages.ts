import { defineMessages } from "../../i18n/define.js";

/**
 * Distributing opportunities to partners and their answers: the commands' replies, the Distribute form, the
 * card a partner organisation receives, and the sentences notifications use for partner events (from the
 * vendor's and from the partner's point of view).
 */
export const distributionMessages = defineMessages({
  en: {
    "command.opp distribute":
      "Distribute an opportunity to partners, or auto for the best-matching one (managers)",
    "command.opp recall": "Take an opportunity back from its partners, or from one of them (managers)",
    "command.opp accept": "Accept an opportunity distributed to your organisation (partners)",
    "command.opp decline":
      "Decline an opportunity distributed to your organisation, with a reason (partners)",

    "distribution.done": "{ref} went to {partners}. They are told now and can accept or decline it.",
    "distribution.done.collaboration":
      "{ref} went to {partners}; they work on it together. Each is told now and can accept or decline it.",
    "distribution.auto":
      "{ref} went automatically to {partner}, because {reasons}. Partners that fitted: {considered}. {partner} is told now and can accept or decline it.",
    "distribution.auto.region": "it covers the region {region}",
    "distribution.auto.industry": "it covers the industry {industry}",
    "distribution.auto.products": "it offers {products}",
    "distribution.auto.capacity": "it has room for {free} more of {capacity}",
    "distribution.auto.preferred": "it is a preferred partner",
    "distribution.auto_alone":
      "Choose either auto or partners by name, not both: opp distribute {ref} auto, or opp distribute {ref} Fabrikam,Northwind.",
    "distribution.recalled": "{ref} was taken back from {partners}; they can no longer accept or work on it.",
    "distribution.accepted":
      "You accepted {ref} for {partner}; your organisation now works on it. The vendor is told.",
    "distribution.declined": "You declined {ref} for {partner}. The vendor is told your reason: {reason}",
    "distribution.status.delivered": "awaiting your answer",
    "distribution.status.accepted": "accepted",
    "distribution.status.declined": "declined",
    "distribution.status.recalled": "taken back",
    "distribution.field.reason": "Reason for declining",
    "distribution.field.partners": "Partners",

    "distribution.form.title": "Distribute {ref}",
    "distribution.form.intro":
      "Choose who gets {ref} to accept or decline. Several partners work on it together; automatic picks the best match by region, industry, products and free capacity.",
    "distribution.form.auto": "Automatic: the best-matching partner",
    "distribution.form.preferred": "preferred",
    "distribution.form.placeholder": "Choose partners, or automatic",
    "distribution.form.required": "Choose at least one partner, or automatic.",
    "distribution.form.holding": "Already with: {partners}.",
    "distribution.form.more":
      "Only the first {count, plural, one {partner is} other {# partners are}} listed. For another, type opp distribute {ref} ‹partner›.",
    "distribution.form.none":
      "There is no partner to distribute {ref} to. A manager adds one with partner new ‹name›.",
    "distribution.form.submit": "Distribute",

    "distribution.card.kicker": "{ref} · Opportunity for {partner}",
    "distribution.card.offered":
      "{by} offered this to your organisation on {date}. Accept to work on it, or decline with a reason.",
    "distribution.card.accepted": "Your organisation accepted this on {date}.",
    "distribution.card.declined": "Your organisation declined this on {date}: {reason}",
    "distribution.card.recalled": "The vendor took this back on {date}; it can no longer be answered.",
    "distribution.card.gone": "This opportunity is no longer with your organisation.",
    "distribution.card.customer": "Customer",
    "distribution.card.value": "Estimated value",
    "distribution.card.close": "Expected close date",
    "distribution.card.partners": "Partners",
    "distribution.card.alone": "Your organisation alone",
    "distribution.card.together": "Together with {partners}",
    "distribution.card.contact": "Vendor contact",
    "distribution.card.situation": "Customer situation",
    "distribution.card.need": "Customer need",
    "distribution.card.solution": "Proposed solution",
    "distribution.card.reason.placeholder": "Needed only to decline, for example: no capacity this quarter",
    "distribution.card.reason.required": "Give a reason to decline.",
    "distribution.button.accept": "Accept",
    "distribution.button.decline": "Decline",

    "distribution.event.distributed": "{by} distributed {ref} {title} to {partner}.",
    "distribution.event.distributed.collaboration":
      "{by} distributed {ref} {title} to {partner}; the partners work on it together.",
    "distribution.event.partner_accepted": "{partner} accepted {ref} {title}.",
    "distribution.event.partner_declined": "{partner} declined {ref} {title}: {reason}",
    "distribution.event.recalled": "{by} took {ref} {title} back from {partner}.",
    "distribution.event.partner_created":
      "{partner} created {ref} {title}. It waits for a manager's approval: opp approve {ref} or opp reject {ref} [reason].",
    "distribution.event.deal_requested":
      "{partner} asks for deal registration on {ref} {title}: opp approve {ref} or opp reject {ref} [reason].",
    "distribution.event.approval.approved": "{by} approved {ref} {title}, created by {partner}.",
    "distribution.event.approval.rejected": "{by} rejected {ref} {title}, created by {partner}.",
    "distribution.event.approval.rejected_reason":
      "{by} rejected {ref} {title}, created by {partner}: {reason}",
    "distribution.event.deal.approved": "{by} approved the deal registration of {partner} on {ref} {title}.",
    "distribution.event.deal.rejected": "{by} rejected the deal registration of {partner} on {ref} {title}.",
    "distribution.event.deal.rejected_reason":
      "{by} rejected the deal registration of {partner} on {ref} {title}: {reason}",

    "distribution.partner_event.distributed":
      "{by} offers {ref} {title} to your organisation. Accept or decline it.",
    "distribution.partner_event.distributed.collaboration":
      "{by} offers {ref} {title} to your organisation, to work on together with other partners. Accept or decline it.",
    "distribution.partner_event.recalled":
      "{by} took {ref} {title} back from your organisation; it can no longer be accepted or worked on.",
    "distribution.partner_event.approval.approved":
      "{by} approved {ref} {title}, which your organisation created. You can work on it now.",
    "distribution.partner_event.approval.rejected":
      "{by} rejected {ref} {title}, which your organisation created.",
    "distribution.partner_event.approval.rejected_reason":
      "{by} rejected {ref} {title}, which your organisation created: {reason}",
    "distribution.partner_event.deal.approved":
      "{by} approved your organisation's deal registration on {ref} {title}.",
    "distribution.partner_event.deal.rejected":
      "{by} rejected your organisation's deal registration on {ref} {title}.",
    "distribution.partner_event.deal.rejected_reason":
      "{by} rejected your organisation's deal registration on {ref} {title}: {reason}",
  },
  da: {
    "command.opp distribute":
      "Distribuér en salgsmulighed til partnere, eller auto for den bedst egnede (ledere)",
    "command.opp recall": "Træk en salgsmulighed tilbage fra dens partnere eller fra én af dem (ledere)",
    "command.opp accept": "Acceptér en salgsmulighed, der er distribueret til din organisation (partnere)",
    "command.opp decline":
      "Afvis en salgsmulighed, der er distribueret til din organisation, med en begrundelse (partnere)",

    "distribution.done": "{ref} gik til {partners}. De får besked nu og kan acceptere eller afvise den.",
    "distribution.done.collaboration":
      "{ref} gik til {partners}; de arbejder sammen om den. Hver af dem får besked nu og kan acceptere eller afvise den.",
    "distribution.auto":
      "{ref} gik automatisk til {partner}, fordi {reasons}. Partnere, der passede: {considered}. {partner} får besked nu og kan acceptere eller afvise den.",
    "distribution.auto.region": "den dækker regionen {region}",
    "distribution.auto.industry": "den dækker branchen {industry}",
    "distribution.auto.products": "den tilbyder {products}",
    "distribution.auto.capacity": "den har plads til {free} mere af {capacity}",
    "distribution.auto.preferred": "den er en foretrukken partner",
    "distribution.auto_alone":
      "Vælg enten auto eller partnere ved navn, ikke begge dele: opp distribute {ref} auto eller opp distribute {ref} Fabrikam,Northwind.",
    "distribution.recalled":
      "{ref} blev trukket tilbage fra {partners}; de kan ikke længere acceptere eller arbejde med den.",
    "distribution.accepted":
      "Du accepterede {ref} for {partner}; din organisation arbejder nu med den. Leverandøren får besked.",
    "distribution.declined": "Du afviste {ref} for {partner}. Leverandøren får din begrundelse: {reason}",
    "distribution.status.delivered": "venter på jeres svar",
    "distribution.status.accepted": "accepteret",
    "distribution.status.declined": "afvist",
    "distribution.status.recalled": "trukket tilbage",
    "distribution.field.reason": "Begrundelse for afvisning",
    "distribution.field.partners": "Partnere",

    "distribution.form.title": "Distribuér {ref}",
    "distribution.form.intro":
      "Vælg, hvem der får {ref} til at acceptere eller afvise. Flere partnere arbejder sammen om den; automatisk vælger den bedst egnede efter region, branche, produkter og ledig kapacitet.",
    "distribution.form.auto": "Automatisk: den bedst egnede partner",
    "distribution.form.preferred": "foretrukken",
    "distribution.form.placeholder": "Vælg partnere, eller automatisk",
    "distribution.form.required": "Vælg mindst én partner, eller automatisk.",
    "distribution.form.holding": "Ligger allerede hos: {partners}.",
    "distribution.form.more":
      "Kun {count, plural, one {den første partner} other {de første # partnere}} er vist. Skriv opp distribute {ref} ‹partner› for en anden.",
    "distribution.form.none":
      "Der er ingen partner at distribuere {ref} til. En leder tilføjer en med partner new ‹navn›.",
    "distribution.form.submit": "Distribuér",

    "distribution.card.kicker": "{ref} · Salgsmulighed til {partner}",
    "distribution.card.offered":
      "{by} tilbød jeres organisation denne den {date}. Acceptér for at arbejde med den, eller afvis med en begrundelse.",
    "distribution.card.accepted": "Jeres organisation accepterede denne den {date}.",
    "distribution.card.declined": "Jeres organisation afviste denne den {date}: {reason}",
    "distribution.card.recalled":
      "Leverandøren trak denne tilbage den {date}; den kan ikke længere besvares.",
    "distribution.card.gone": "Denne salgsmulighed ligger ikke længere hos jeres organisation.",
    "distribution.card.customer": "Kunde",
    "distribution.card.value": "Anslået værdi",
    "distribution.card.close": "Forventet lukkedato",
    "distribution.card.partners": "Partnere",
    "distribution.card.alone": "Kun jeres organisation",
    "distribution.card.together": "Sammen med {partners}",
    "distribution.card.contact": "Kontakt hos leverandøren",
    "distribution.card.situation": "Kundens situation",
    "distribution.card.need": "Kundens behov",
    "distribution.card.solution": "Foreslået løsning",
    "distribution.card.reason.placeholder":
      "Kun nødvendig ved afvisning, fx: ingen kapacitet i dette kvartal",
    "distribution.card.reason.required": "Angiv en begrundelse for at afvise.",
    "distribution.button.accept": "Acceptér",
    "distribution.button.decline": "Afvis",

    "distribution.event.distributed": "{by} distribuerede {ref} {title} til {partner}.",
    "distribution.event.distributed.collaboration":
      "{by} distribuerede {ref} {title} til {partner}; partnerne arbejder sammen om den.",
    "distribution.event.partner_accepted": "{partner} accepterede {ref} {title}.",
    "distribution.event.partner_declined": "{partner} afviste {ref} {title}: {reason}",
    "distribution.event.recalled": "{by} trak {ref} {title} tilbage fra {partner}.",
    "distribution.event.partner_created":
      "{partner} oprettede {ref} {title}. Den venter på en leders godkendelse: opp approve {ref} eller opp reject {ref} [begrundelse].",
    "distribution.event.deal_requested":
      "{partner} beder om aftaleregistrering for {ref} {title}: opp approve {ref} eller opp reject {ref} [begrundelse].",
    "distribution.event.approval.approved": "{by} godkendte {ref} {title}, oprettet af {partner}.",
    "distribution.event.approval.rejected": "{by} afviste {ref} {title}, oprettet af {partner}.",
    "distribution.event.approval.rejected_reason":
      "{by} afviste {ref} {title}, oprettet af {partner}: {reason}",
    "distribution.event.deal.approved":
      "{by} godkendte aftaleregistreringen fra {partner} for {ref} {title}.",
    "distribution.event.deal.rejected": "{by} afviste aftaleregistreringen fra {partner} for {ref} {title}.",
    "distribution.event.deal.rejected_reason":
      "{by} afviste aftaleregistreringen fra {partner} for {ref} {title}: {reason}",

    "distribution.partner_event.distributed":
      "{by} tilbyder jeres organisation {ref} {title}. Acceptér eller afvis den.",
    "distribution.partner_event.distributed.collaboration":
      "{by} tilbyder jeres organisation {ref} {title} at arbejde med sammen med andre partnere. Acceptér eller afvis den.",
    "distribution.partner_event.recalled":
      "{by} trak {ref} {title} tilbage fra jeres organisation; den kan ikke længere accepteres eller arbejdes med.",
    "distribution.partner_event.approval.approved":
      "{by} godkendte {ref} {title}, som jeres organisation oprettede. I kan arbejde med den nu.",
    "distribution.partner_event.approval.rejected":
      "{by} afviste {ref} {title}, som jeres organisation oprettede.",
    "distribution.partner_event.approval.rejected_reason":
      "{by} afviste {ref} {title}, som jeres organisation oprettede: {reason}",
    "distribution.partner_event.deal.approved":
      "{by} godkendte jeres organisations aftaleregistrering for {ref} {title}.",
    "distribution.partner_event.deal.rejected":
      "{by} afviste jeres organisations aftaleregistrering for {ref} {title}.",
    "distribution.partner_event.deal.rejected_reason":
      "{by} afviste jeres organisations aftaleregistrering for {ref} {title}: {reason}",
  },
  nb: {
    "command.opp distribute":
      "Distribuer en salgsmulighet til partnere, eller auto for den som passer best (ledere)",
    "command.opp recall": "Trekk en salgsmulighet tilbake fra partnerne eller fra én av dem (ledere)",
    "command.opp accept": "Aksepter en salgsmulighet som er distribuert til organisasjonen din (partnere)",
    "command.opp decline":
      "Avslå en salgsmulighet som er distribuert til organisasjonen din, med en begrunnelse (partnere)",

    "distribution.done": "{ref} gikk til {partners}. De får beskjed nå og kan akseptere eller avslå den.",
    "distribution.done.collaboration":
      "{ref} gikk til {partners}; de samarbeider om den. Hver av dem får beskjed nå og kan akseptere eller avslå den.",
    "distribution.auto":
      "{ref} gikk automatisk til {partner}, fordi {reasons}. Partnere som passet: {considered}. {partner} får beskjed nå og kan akseptere eller avslå den.",
    "distribution.auto.region": "den dekker regionen {region}",
    "distribution.auto.industry": "den dekker bransjen {industry}",
    "distribution.auto.products": "den tilbyr {products}",
    "distribution.auto.capacity": "den har plass til {free} til av {capacity}",
    "distribution.auto.preferred": "den er en foretrukket partner",
    "distribution.auto_alone":
      "Velg enten auto eller partnere ved navn, ikke begge deler: opp distribute {ref} auto eller opp distribute {ref} Fabrikam,Northwind.",
    "distribution.recalled":
      "{ref} ble trukket tilbake fra {partners}; de kan ikke lenger akseptere eller arbeide med den.",
    "distribution.accepted":
      "Du aksepterte {ref} for {partner}; organisasjonen din arbeider nå med den. Leverandøren får beskjed.",
    "distribution.declined": "Du avslo {ref} for {partner}. Leverandøren får begrunnelsen din: {reason}",
    "distribution.status.delivered": "venter på svaret deres",
    "distribution.status.accepted": "akseptert",
    "distribution.status.declined": "avslått",
    "distribution.status.recalled": "trukket tilbake",
    "distribution.field.reason": "Begrunnelse for avslag",
    "distribution.field.partners": "Partnere",

    "distribution.form.title": "Distribuer {ref}",
    "distribution.form.intro":
      "Velg hvem som får {ref} til å akseptere eller avslå. Flere partnere samarbeider om den; automatisk velger den som passer best etter region, bransje, produkter og ledig kapasitet.",
    "distribution.form.auto": "Automatisk: partneren som passer best",
    "distribution.form.preferred": "foretrukket",
    "distribution.form.placeholder": "Velg partnere, eller automatisk",
    "distribution.form.required": "Velg minst én partner, eller automatisk.",
    "distribution.form.holding": "Ligger allerede hos: {partners}.",
    "distribution.form.more":
      "Bare {count, plural, one {den første partneren} other {de første # partnerne}} vises. For en annen, skriv opp distribute {ref} ‹partner›.",
    "distribution.form.none":
      "Det finnes ingen partner å distribuere {ref} til. En leder legger til en med partner new ‹navn›.",
    "distribution.form.submit": "Distribuer",

    "distribution.card.kicker": "{ref} · Salgsmulighet for {partner}",
    "distribution.card.offered":
      "{by} tilbød organisasjonen deres denne {date}. Aksepter for å arbeide med den, eller avslå med en begrunnelse.",
    "distribution.card.accepted": "Organisasjonen deres aksepterte denne {date}.",
    "distribution.card.declined": "Organisasjonen deres avslo denne {date}: {reason}",
    "distribution.card.recalled": "Leverandøren trakk denne tilbake {date}; den kan ikke lenger besvares.",
    "distribution.card.gone": "Denne salgsmuligheten ligger ikke lenger hos organisasjonen deres.",
    "distribution.card.customer": "Kunde",
    "distribution.card.value": "Estimert verdi",
    "distribution.card.close": "Forventet avslutningsdato",
    "distribution.card.partners": "Partnere",
    "distribution.card.alone": "Bare organisasjonen deres",
    "distribution.card.together": "Sammen med {partners}",
    "distribution.card.contact": "Kontakt hos leverandøren",
    "distribution.card.situation": "Kundens situasjon",
    "distribution.card.need": "Kundens behov",
    "distribution.card.solution": "Foreslått løsning",
    "distribution.card.reason.placeholder":
      "Trengs bare ved avslag, for eksempel: ingen kapasitet dette kvartalet",
    "distribution.card.reason.required": "Oppgi en begrunnelse for å avslå.",
    "distribution.button.accept": "Aksepter",
    "distribution.button.decline": "Avslå",

    "distribution.event.distributed": "{by} distribuerte {ref} {title} til {partner}.",
    "distribution.event.distributed.collaboration":
      "{by} distribuerte {ref} {title} til {partner}; partnerne samarbeider om den.",
    "distribution.event.partner_accepted": "{partner} aksepterte {ref} {title}.",
    "distribution.event.partner_declined": "{partner} avslo {ref} {title}: {reason}",
    "distribution.event.recalled": "{by} trakk {ref} {title} tilbake fra {partner}.",
    "distribution.event.partner_created":
      "{partner} opprettet {ref} {title}. Den venter på godkjenning fra en leder: opp approve {ref} eller opp reject {ref} [begrunnelse].",
    "distribution.event.deal_requested":
      "{partner} ber om avtaleregistrering for {ref} {title}: opp approve {ref} eller opp reject {ref} [begrunnelse].",
    "distribution.event.approval.approved": "{by} godkjente {ref} {title}, opprettet av {partner}.",
    "distribution.event.approval.rejected": "{by} avviste {ref} {title}, opprettet av {partner}.",
    "distribution.event.approval.rejected_reason":
      "{by} avviste {ref} {title}, opprettet av {partner}: {reason}",
    "distribution.event.deal.approved":
      "{by} godkjente avtaleregistreringen fra {partner} for {ref} {title}.",
    "distribution.event.deal.rejected": "{by} avviste avtaleregistreringen fra {partner} for {ref} {title}.",
    "distribution.event.deal.rejected_reason":
      "{by} avviste avtaleregistreringen fra {partner} for {ref} {title}: {reason}",

    "distribution.partner_event.distributed":
      "{by} tilbyr organisasjonen deres {ref} {title}. Aksepter eller avslå den.",
    "distribution.partner_event.distributed.collaboration":
      "{by} tilbyr organisasjonen deres {ref} {title} å arbeide med sammen med andre partnere. Aksepter eller avslå den.",
    "distribution.partner_event.recalled":
      "{by} trakk {ref} {title} tilbake fra organisasjonen deres; den kan ikke lenger aksepteres eller arbeides med.",
    "distribution.partner_event.approval.approved":
      "{by} godkjente {ref} {title}, som organisasjonen deres opprettet. Dere kan arbeide med den nå.",
    "distribution.partner_event.approval.rejected":
      "{by} avviste {ref} {title}, som organisasjonen deres opprettet.",
    "distribution.partner_event.approval.rejected_reason":
      "{by} avviste {ref} {title}, som organisasjonen deres opprettet: {reason}",
    "distribution.partner_event.deal.approved":
      "{by} godkjente avtaleregistreringen til organisasjonen deres for {ref} {title}.",
    "distribution.partner_event.deal.rejected":
      "{by} avviste avtaleregistreringen til organisasjonen deres for {ref} {title}.",
    "distribution.partner_event.deal.rejected_reason":
      "{by} avviste avtaleregistreringen til organisasjonen deres for {ref} {title}: {reason}",
  },
  sv: {
    "command.opp distribute":
      "Distribuera en affärsmöjlighet till partner, eller auto för den som passar bäst (chefer)",
    "command.opp recall": "Återkalla en affärsmöjlighet från dess partner eller från en av dem (chefer)",
    "command.opp accept": "Acceptera en affärsmöjlighet som distribuerats till din organisation (partner)",
    "command.opp decline":
      "Avböj en affärsmöjlighet som distribuerats till din organisation, med en motivering (partner)",

    "distribution.done": "{ref} gick till {partners}. De får besked nu och kan acceptera eller avböja den.",
    "distribution.done.collaboration":
      "{ref} gick till {partners}; de samarbetar kring den. Var och en får besked nu och kan acceptera eller avböja den.",
    "distribution.auto":
      "{ref} gick automatiskt till {partner}, eftersom {reasons}. Partner som passade: {considered}. {partner} får besked nu och kan acceptera eller avböja den.",
    "distribution.auto.region": "den täcker regionen {region}",
    "distribution.auto.industry": "den täcker branschen {industry}",
    "distribution.auto.products": "den erbjuder {products}",
    "distribution.auto.capacity": "den har plats för {free} till av {capacity}",
    "distribution.auto.preferred": "den är en föredragen partner",
    "distribution.auto_alone":
      "Välj antingen auto eller partner med namn, inte båda: opp distribute {ref} auto eller opp distribute {ref} Fabrikam,Northwind.",
    "distribution.recalled":
      "{ref} återkallades från {partners}; de kan inte längre acceptera eller arbeta med den.",
    "distribution.accepted":
      "Du accepterade {ref} för {partner}; din organisation arbetar nu med den. Leverantören får besked.",
    "distribution.declined": "Du avböjde {ref} för {partner}. Leverantören får din motivering: {reason}",
    "distribution.status.delivered": "väntar på ert svar",
    "distribution.status.accepted": "accepterad",
    "distribution.status.declined": "avböjd",
    "distribution.status.recalled": "återkallad",
    "distribution.field.reason": "Motivering till avböjandet",
    "distribution.field.partners": "Partner",

    "distribution.form.title": "Distribuera {ref}",
    "distribution.form.intro":
      "Välj vem som får {ref} att acceptera eller avböja. Flera partner samarbetar kring den; automatiskt väljer den som passar bäst efter region, bransch, produkter och ledig kapacitet.",
    "distribution.form.auto": "Automatiskt: den partner som passar bäst",
    "distribution.form.preferred": "föredragen",
    "distribution.form.placeholder": "Välj partner, eller automatiskt",
    "distribution.form.required": "Välj minst en partner, eller automatiskt.",
    "distribution.form.holding": "Ligger redan hos: {partners}.",
    "distribution.form.more":
      "Bara {count, plural, one {den första partnern} other {de första # partnerna}} visas. För en annan, skriv opp distribute {ref} ‹partner›.",
    "distribution.form.none":
      "Det finns ingen partner att distribuera {ref} till. En chef lägger till en med partner new ‹namn›.",
    "distribution.form.submit": "Distribuera",

    "distribution.card.kicker": "{ref} · Affärsmöjlighet för {partner}",
    "distribution.card.offered":
      "{by} erbjöd er organisation denna den {date}. Acceptera för att arbeta med den, eller avböj med en motivering.",
    "distribution.card.accepted": "Er organisation accepterade denna den {date}.",
    "distribution.card.declined": "Er organisation avböjde denna den {date}: {reason}",
    "distribution.card.recalled": "Leverantören återkallade denna den {date}; den kan inte längre besvaras.",
    "distribution.card.gone": "Den här affärsmöjligheten ligger inte längre hos er organisation.",
    "distribution.card.customer": "Kund",
    "distribution.card.value": "Uppskattat värde",
    "distribution.card.close": "Förväntat slutdatum",
    "distribution.card.partners": "Partner",
    "distribution.card.alone": "Bara er organisation",
    "distribution.card.together": "Tillsammans med {partners}",
    "distribution.card.contact": "Kontakt hos leverantören",
    "distribution.card.situation": "Kundens situation",
    "distribution.card.need": "Kundens behov",
    "distribution.card.solution": "Föreslagen lösning",
    "distribution.card.reason.placeholder":
      "Behövs bara vid avböjande, till exempel: ingen kapacitet detta kvartal",
    "distribution.card.reason.required": "Ange en motivering för att avböja.",
    "distribution.button.accept": "Acceptera",
    "distribution.button.decline": "Avböj",

    "distribution.event.distributed": "{by} distribuerade {ref} {title} till {partner}.",
    "distribution.event.distributed.collaboration":
      "{by} distribuerade {ref} {title} till {partner}; partnerna samarbetar kring den.",
    "distribution.event.partner_accepted": "{partner} accepterade {ref} {title}.",
    "distribution.event.partner_declined": "{partner} avböjde {ref} {title}: {reason}",
    "distribution.event.recalled": "{by} återkallade {ref} {title} från {partner}.",
    "distribution.event.partner_created":
      "{partner} skapade {ref} {title}. Den väntar på en chefs godkännande: opp approve {ref} eller opp reject {ref} [motivering].",
    "distribution.event.deal_requested":
      "{partner} begär affärsregistrering för {ref} {title}: opp approve {ref} eller opp reject {ref} [motivering].",
    "distribution.event.approval.approved": "{by} godkände {ref} {title}, skapad av {partner}.",
    "distribution.event.approval.rejected": "{by} avvisade {ref} {title}, skapad av {partner}.",
    "distribution.event.approval.rejected_reason":
      "{by} avvisade {ref} {title}, skapad av {partner}: {reason}",
    "distribution.event.deal.approved":
      "{by} godkände affärsregistreringen från {partner} för {ref} {title}.",
    "distribution.event.deal.rejected":
      "{by} avvisade affärsregistreringen från {partner} för {ref} {title}.",
    "distribution.event.deal.rejected_reason":
      "{by} avvisade affärsregistreringen från {partner} för {ref} {title}: {reason}",

    "distribution.partner_event.distributed":
      "{by} erbjuder er organisation {ref} {title}. Acceptera eller avböj den.",
    "distribution.partner_event.distributed.collaboration":
      "{by} erbjuder er organisation {ref} {title} att arbeta med tillsammans med andra partner. Acceptera eller avböj den.",
    "distribution.partner_event.recalled":
      "{by} återkallade {ref} {title} från er organisation; den kan inte längre accepteras eller arbetas med.",
    "distribution.partner_event.approval.approved":
      "{by} godkände {ref} {title}, som er organisation skapade. Ni kan arbeta med den nu.",
    "distribution.partner_event.approval.rejected":
      "{by} avvisade {ref} {title}, som er organisation skapade.",
    "distribution.partner_event.approval.rejected_reason":
      "{by} avvisade {ref} {title}, som er organisation skapade: {reason}",
    "distribution.partner_event.deal.approved":
      "{by} godkände er organisations affärsregistrering för {ref} {title}.",
    "distribution.partner_event.deal.rejected":
      "{by} avvisade er organisations affärsregistrering för {ref} {title}.",
    "distribution.partner_event.deal.rejected_reason":
      "{by} avvisade er organisations affärsregistrering för {ref} {title}: {reason}",
  },
});
