import { defineMessages } from "../../i18n/define.js";

/**
 * Lists of opportunities, the pipeline per stage and the inbox, and the reply while a tenant's old
 * opportunities are being prepared for them. Vocabulary as in opportunities.messages.ts.
 */
export const pipelineMessages = defineMessages({
  en: {
    "command.pipeline": "The pipeline per stage: counts, totals and weighted totals",
    "command.inbox": "What needs your attention: due stage activities and passed close dates",

    "opp.list.title.mine": "My open opportunities",
    "opp.list.title.open": "Open opportunities",
    "opp.list.title.closed": "Closed opportunities",
    "opp.list.title.all": "All opportunities",
    "opp.list.filter.contact": "For {party}",
    "opp.list.filter.stage": "In stage {stage}",
    "opp.list.empty": "No opportunities here. Type opp new to create one.",
    "opp.list.pick": "Which opportunity? Choose one below, or type {command} O-1001.",

    "opp.pipeline.title": "Pipeline",
    "opp.pipeline.intro": "Open opportunities per stage, with totals and weighted totals per currency.",
    "opp.pipeline.count": "{count, plural, other {# open}}",
    "opp.pipeline.weighted": "{total} · weighted {weighted}",
    "opp.pipeline.total": "All stages",
    "opp.pipeline.empty": "No open opportunities yet. Type opp new to create one.",
    "opp.inbox.title": "Your inbox",
    "opp.inbox.intro": "Your open opportunities that need something from you.",
    "opp.inbox.empty": "Nothing needs your attention right now.",
    "opp.preparing":
      "I'm still preparing the pipeline and inboxes from this team's opportunities stored before this version: {count, plural, one {# open opportunity} other {# open opportunities}} done so far. Try again in a few minutes.",
    "opp.inbox.activity_due": "{activity} — due {due}",
    "opp.inbox.close_date_passed":
      "Expected close date {due} has passed: update it or close the opportunity.",
  },
  da: {
    "command.pipeline": "Pipelinen pr. fase: antal, totaler og vægtede totaler",
    "command.inbox": "Det, der venter på dig: forfaldne aktiviteter og overskredne lukkedatoer",

    "opp.list.title.mine": "Mine åbne salgsmuligheder",
    "opp.list.title.open": "Åbne salgsmuligheder",
    "opp.list.title.closed": "Lukkede salgsmuligheder",
    "opp.list.title.all": "Alle salgsmuligheder",
    "opp.list.filter.contact": "For {party}",
    "opp.list.filter.stage": "I fasen {stage}",
    "opp.list.empty": "Ingen salgsmuligheder her. Skriv opp new for at oprette en.",
    "opp.list.pick": "Hvilken salgsmulighed? Vælg en nedenfor, eller skriv {command} O-1001.",

    "opp.pipeline.title": "Pipeline",
    "opp.pipeline.intro": "Åbne salgsmuligheder pr. fase med totaler og vægtede totaler pr. valuta.",
    "opp.pipeline.count": "{count, plural, one {# åben} other {# åbne}}",
    "opp.pipeline.weighted": "{total} · vægtet {weighted}",
    "opp.pipeline.total": "Alle faser",
    "opp.pipeline.empty": "Ingen åbne salgsmuligheder endnu. Skriv opp new for at oprette en.",
    "opp.inbox.title": "Din indbakke",
    "opp.inbox.intro": "Dine åbne salgsmuligheder, der venter på noget fra dig.",
    "opp.inbox.empty": "Intet venter på dig lige nu.",
    "opp.preparing":
      "Jeg er stadig ved at forberede pipeline og indbakker ud fra teamets salgsmuligheder, der blev gemt før denne version: {count, plural, one {# åben salgsmulighed} other {# åbne salgsmuligheder}} klar indtil videre. Prøv igen om et par minutter.",
    "opp.inbox.activity_due": "{activity} — forfalder {due}",
    "opp.inbox.close_date_passed":
      "Den forventede lukkedato {due} er overskredet: ret den, eller luk salgsmuligheden.",
  },
  nb: {
    "command.pipeline": "Pipelinen per fase: antall, totaler og vektede totaler",
    "command.inbox": "Det som venter på deg: forfalte aktiviteter og passerte lukkedatoer",

    "opp.list.title.mine": "Mine åpne salgsmuligheter",
    "opp.list.title.open": "Åpne salgsmuligheter",
    "opp.list.title.closed": "Lukkede salgsmuligheter",
    "opp.list.title.all": "Alle salgsmuligheter",
    "opp.list.filter.contact": "For {party}",
    "opp.list.filter.stage": "I fasen {stage}",
    "opp.list.empty": "Ingen salgsmuligheter her. Skriv opp new for å opprette en.",
    "opp.list.pick": "Hvilken salgsmulighet? Velg en nedenfor, eller skriv {command} O-1001.",

    "opp.pipeline.title": "Pipeline",
    "opp.pipeline.intro": "Åpne salgsmuligheter per fase med totaler og vektede totaler per valuta.",
    "opp.pipeline.count": "{count, plural, one {# åpen} other {# åpne}}",
    "opp.pipeline.weighted": "{total} · vektet {weighted}",
    "opp.pipeline.total": "Alle faser",
    "opp.pipeline.empty": "Ingen åpne salgsmuligheter ennå. Skriv opp new for å opprette en.",
    "opp.inbox.title": "Innboksen din",
    "opp.inbox.intro": "Dine åpne salgsmuligheter som venter på noe fra deg.",
    "opp.inbox.empty": "Ingenting venter på deg akkurat nå.",
    "opp.preparing":
      "Jeg forbereder fortsatt pipeline og innbokser fra teamets salgsmuligheter som ble lagret før denne versjonen: {count, plural, one {# åpen salgsmulighet} other {# åpne salgsmuligheter}} klare så langt. Prøv igjen om noen minutter.",
    "opp.inbox.activity_due": "{activity} — forfaller {due}",
    "opp.inbox.close_date_passed":
      "Den forventede lukkedatoen {due} er passert: endre den, eller lukk salgsmuligheten.",
  },
  sv: {
    "command.pipeline": "Pipelinen per steg: antal, summor och viktade summor",
    "command.inbox": "Det som väntar på dig: förfallna aktiviteter och passerade stängningsdatum",

    "opp.list.title.mine": "Mina öppna affärsmöjligheter",
    "opp.list.title.open": "Öppna affärsmöjligheter",
    "opp.list.title.closed": "Stängda affärsmöjligheter",
    "opp.list.title.all": "Alla affärsmöjligheter",
    "opp.list.filter.contact": "För {party}",
    "opp.list.filter.stage": "I steget {stage}",
    "opp.list.empty": "Inga affärsmöjligheter här. Skriv opp new för att skapa en.",
    "opp.list.pick": "Vilken affärsmöjlighet? Välj en nedan, eller skriv {command} O-1001.",

    "opp.pipeline.title": "Pipeline",
    "opp.pipeline.intro": "Öppna affärsmöjligheter per steg med summor och viktade summor per valuta.",
    "opp.pipeline.count": "{count, plural, one {# öppen} other {# öppna}}",
    "opp.pipeline.weighted": "{total} · viktat {weighted}",
    "opp.pipeline.total": "Alla steg",
    "opp.pipeline.empty": "Inga öppna affärsmöjligheter än. Skriv opp new för att skapa en.",
    "opp.inbox.title": "Din inkorg",
    "opp.inbox.intro": "Dina öppna affärsmöjligheter som väntar på något från dig.",
    "opp.inbox.empty": "Inget väntar på dig just nu.",
    "opp.preparing":
      "Jag förbereder fortfarande pipeline och inkorgar från teamets affärsmöjligheter som sparades före den här versionen: {count, plural, one {# öppen affärsmöjlighet} other {# öppna affärsmöjligheter}} klara hittills. Försök igen om några minuter.",
    "opp.inbox.activity_due": "{activity} — förfaller {due}",
    "opp.inbox.close_date_passed":
      "Det förväntade stängningsdatumet {due} har passerat: ändra det eller stäng affärsmöjligheten.",
  },
});
