import { defineMessages } from "../../i18n/define.js";

/**
 * Sales cycles and stages: commands, replies and refusals. Vocabulary as in Microsoft's own translations:
 * Danish "salgsproces" and "fase", Norwegian "salgssyklus" and "trinn", Swedish "försäljningscykel" and
 * "steg". The cycle's card and stage forms are in cycle-card.messages.ts, close codes in
 * close-codes.messages.ts.
 */
export const cycleMessages = defineMessages({
  en: {
    "command.cycle show": "Show the stages of a sales cycle",
    "command.cycle stage add": "Add a stage to the sales cycle; without arguments it opens a form",
    "command.cycle stage edit": "Rename or change a stage; without changes it opens a form",
    "command.cycle stage move": "Move a stage up or down in the sales cycle",
    "command.cycle stage default": "Make a stage the one new opportunities start in",
    "command.cycle stage activities": "Edit the activities of a stage in a form",
    "command.cycle stage delete": "Delete a stage and move its opportunities to another stage",
    "cycle.stage.added": "Stage {stage} added.",
    "cycle.stage.updated": "Stage {stage} saved.",
    "cycle.stage.moved": "{stage} is now stage {position}.",
    "cycle.stage.default_set": "New opportunities now start in {stage}.",
    "cycle.activities.saved": "Activities in {stage} saved.",
    "cycle.stage.deleted": "Stage {stage} deleted.",
    "cycle.stage.moved_to":
      "{count, plural, one {# opportunity} other {# opportunities}} moved to {replacement}.",
    "cycle.stage.cleared":
      "{count, plural, one {# opportunity is} other {# opportunities are}} now without a stage.",
    "cycle.stage.activities_moved":
      "{count, plural, one {# activity} other {# activities}} moved to {replacement}.",
    "cycle.stage.unmoved":
      "{count, plural, one {# opportunity} other {# opportunities}} changed at the same moment and could not be moved; move {count, plural, one {it} other {them}} with opp goto.",
    "cycle.stage.move_stopped":
      "Then I lost the connection to the pipeline's storage while moving its opportunities, so the rest still show the deleted stage. Move them with opp goto once I can reach it again.",
    "cycle.stage.move_stopped_unknown":
      "Then the connection to the pipeline's storage broke while I was moving an opportunity, so I can't tell whether that one moved, and the rest still show the deleted stage. Move them with opp goto once I can reach it again.",

    "cycle.forbidden": "Only admins can change sales cycles. Type cycle show to see the stages.",
    "cycle.not_found": 'There is no sales cycle "{cycle}".',
    "cycle.no_such_cycle": 'There is no sales cycle "{cycle}". Cycles: {cycles}.',
    "cycle.no_such_stage": 'There is no stage "{stage}" in this cycle. Stages: {stages}.',
    "cycle.stage_not_found": "That stage does not exist any more. Type cycle show to see the stages.",
    "cycle.too_many_stages": "A sales cycle can have at most {max} stages.",
    "cycle.stage_exists": "There is already a stage named {stage}. Choose another name.",
    "cycle.last_stage": "{stage} is the only stage, so it cannot be deleted.",
    "cycle.default_stage":
      "{stage} is the default stage. Make another stage the default first: cycle stage default ‹stage›.",
    "cycle.replace_self": "A stage cannot replace itself. Choose another stage, or no stage.",
    "cycle.activities_need_replacement":
      "Activities can only move to a replacement stage. Choose one, or don't move the activities.",
    "cycle.too_many_activities":
      "{target} would get more than {max} activities with those of {stage}. Remove some first, or delete them with the stage.",
    "cycle.already_first": "{stage} is already the first stage.",
    "cycle.already_last": "{stage} is already the last stage.",
    "cycle.move_direction": '"{value}" is not up, down or a position number.',

    "cycle.problem.percent": "{field} must be a whole number from 0 to 100.",
    "cycle.problem.yes_no": "{field} must be yes or no.",
    "cycle.problem.position": "{field} must be a whole number, 1 or more.",
    "cycle.problem.terminal_stage":
      '{field} cannot be "{name}": Closed won and Closed lost are fixed closing stages.',
    "cycle.problem.activity_name": "Every activity needs a name of at most {max} characters.",
    "cycle.problem.duration": "Each activity's days must be a whole number from 0 to {max}.",
    "cycle.problem.close_code": "{field} must be up to 20 letters, digits, - or _, like LOST-PRICE.",
    "cycle.problem.choose": "Choose a replacement stage, or no stage.",
  },
  da: {
    "command.cycle show": "Vis faserne i en salgsproces",
    "command.cycle stage add": "Tilføj en fase til salgsprocessen; uden argumenter åbnes en formular",
    "command.cycle stage edit": "Omdøb eller ret en fase; uden ændringer åbnes en formular",
    "command.cycle stage move": "Flyt en fase op eller ned i salgsprocessen",
    "command.cycle stage default": "Gør en fase til den, nye salgsmuligheder starter i",
    "command.cycle stage activities": "Ret en fases aktiviteter i en formular",
    "command.cycle stage delete": "Slet en fase og flyt dens salgsmuligheder til en anden fase",
    "cycle.stage.added": "Fasen {stage} er tilføjet.",
    "cycle.stage.updated": "Fasen {stage} er gemt.",
    "cycle.stage.moved": "{stage} er nu fase {position}.",
    "cycle.stage.default_set": "Nye salgsmuligheder starter nu i {stage}.",
    "cycle.activities.saved": "Aktiviteterne i {stage} er gemt.",
    "cycle.stage.deleted": "Fasen {stage} er slettet.",
    "cycle.stage.moved_to":
      "{count, plural, one {# salgsmulighed} other {# salgsmuligheder}} er flyttet til {replacement}.",
    "cycle.stage.cleared":
      "{count, plural, one {# salgsmulighed} other {# salgsmuligheder}} er nu uden fase.",
    "cycle.stage.activities_moved":
      "{count, plural, one {# aktivitet} other {# aktiviteter}} er flyttet til {replacement}.",
    "cycle.stage.unmoved":
      "{count, plural, one {# salgsmulighed} other {# salgsmuligheder}} blev ændret samtidig og kunne ikke flyttes; flyt {count, plural, one {den} other {dem}} med opp goto.",
    "cycle.stage.move_stopped":
      "Derefter mistede jeg forbindelsen til pipelinens datalager, mens jeg flyttede dens salgsmuligheder, så resten viser stadig den slettede fase. Flyt dem med opp goto, når jeg kan nå det igen.",
    "cycle.stage.move_stopped_unknown":
      "Derefter blev forbindelsen til pipelinens datalager afbrudt, mens jeg flyttede en salgsmulighed, så jeg ved ikke, om den blev flyttet, og resten viser stadig den slettede fase. Flyt dem med opp goto, når jeg kan nå det igen.",

    "cycle.forbidden": "Kun administratorer kan ændre salgsprocesser. Skriv cycle show for at se faserne.",
    "cycle.not_found": 'Der er ingen salgsproces "{cycle}".',
    "cycle.no_such_cycle": 'Der er ingen salgsproces "{cycle}". Salgsprocesser: {cycles}.',
    "cycle.no_such_stage": 'Der er ingen fase "{stage}" i denne salgsproces. Faser: {stages}.',
    "cycle.stage_not_found": "Den fase findes ikke længere. Skriv cycle show for at se faserne.",
    "cycle.too_many_stages": "En salgsproces kan højst have {max} faser.",
    "cycle.stage_exists": "Der er allerede en fase, der hedder {stage}. Vælg et andet navn.",
    "cycle.last_stage": "{stage} er den eneste fase, så den kan ikke slettes.",
    "cycle.default_stage":
      "{stage} er standardfasen. Gør først en anden fase til standard: cycle stage default ‹fase›.",
    "cycle.replace_self": "En fase kan ikke erstatte sig selv. Vælg en anden fase eller ingen fase.",
    "cycle.activities_need_replacement":
      "Aktiviteter kan kun flyttes til en erstatningsfase. Vælg en, eller lad være med at flytte aktiviteterne.",
    "cycle.too_many_activities":
      "{target} ville få mere end {max} aktiviteter med dem fra {stage}. Fjern nogle først, eller slet dem sammen med fasen.",
    "cycle.already_first": "{stage} er allerede den første fase.",
    "cycle.already_last": "{stage} er allerede den sidste fase.",
    "cycle.move_direction": '"{value}" er hverken up, down eller et placeringsnummer.',

    "cycle.problem.percent": "{field} skal være et helt tal fra 0 til 100.",
    "cycle.problem.yes_no": "{field} skal være yes eller no.",
    "cycle.problem.position": "{field} skal være et helt tal, 1 eller mere.",
    "cycle.problem.terminal_stage":
      '{field} kan ikke være "{name}": Lukket vundet og Lukket tabt er faste lukkefaser.',
    "cycle.problem.activity_name": "Hver aktivitet skal have et navn på højst {max} tegn.",
    "cycle.problem.duration": "Hver aktivitets dage skal være et helt tal fra 0 til {max}.",
    "cycle.problem.close_code": "{field} skal være op til 20 bogstaver, cifre, - eller _, fx LOST-PRICE.",
    "cycle.problem.choose": "Vælg en erstatningsfase eller ingen fase.",
  },
  nb: {
    "command.cycle show": "Vis trinnene i en salgssyklus",
    "command.cycle stage add": "Legg til et trinn i salgssyklusen; uten argumenter åpnes et skjema",
    "command.cycle stage edit": "Gi nytt navn til eller endre et trinn; uten endringer åpnes et skjema",
    "command.cycle stage move": "Flytt et trinn opp eller ned i salgssyklusen",
    "command.cycle stage default": "Gjør et trinn til det nye salgsmuligheter starter i",
    "command.cycle stage activities": "Rediger aktivitetene i et trinn i et skjema",
    "command.cycle stage delete": "Slett et trinn og flytt salgsmulighetene til et annet trinn",
    "cycle.stage.added": "Trinnet {stage} er lagt til.",
    "cycle.stage.updated": "Trinnet {stage} er lagret.",
    "cycle.stage.moved": "{stage} er nå trinn {position}.",
    "cycle.stage.default_set": "Nye salgsmuligheter starter nå i {stage}.",
    "cycle.activities.saved": "Aktivitetene i {stage} er lagret.",
    "cycle.stage.deleted": "Trinnet {stage} er slettet.",
    "cycle.stage.moved_to":
      "{count, plural, one {# salgsmulighet} other {# salgsmuligheter}} er flyttet til {replacement}.",
    "cycle.stage.cleared":
      "{count, plural, one {# salgsmulighet} other {# salgsmuligheter}} er nå uten trinn.",
    "cycle.stage.activities_moved":
      "{count, plural, one {# aktivitet} other {# aktiviteter}} er flyttet til {replacement}.",
    "cycle.stage.unmoved":
      "{count, plural, one {# salgsmulighet} other {# salgsmuligheter}} ble endret samtidig og kunne ikke flyttes; flytt {count, plural, one {den} other {dem}} med opp goto.",
    "cycle.stage.move_stopped":
      "Så mistet jeg forbindelsen til lagringen til pipelinen mens jeg flyttet salgsmulighetene i den, så resten viser fortsatt det slettede trinnet. Flytt dem med opp goto når jeg når den igjen.",
    "cycle.stage.move_stopped_unknown":
      "Så ble forbindelsen til lagringen til pipelinen brutt mens jeg flyttet en salgsmulighet, så jeg vet ikke om den ble flyttet, og resten viser fortsatt det slettede trinnet. Flytt dem med opp goto når jeg når den igjen.",

    "cycle.forbidden": "Bare administratorer kan endre salgssykluser. Skriv cycle show for å se trinnene.",
    "cycle.not_found": 'Det finnes ingen salgssyklus "{cycle}".',
    "cycle.no_such_cycle": 'Det finnes ingen salgssyklus "{cycle}". Salgssykluser: {cycles}.',
    "cycle.no_such_stage": 'Det finnes ikke noe trinn "{stage}" i denne salgssyklusen. Trinn: {stages}.',
    "cycle.stage_not_found": "Det trinnet finnes ikke lenger. Skriv cycle show for å se trinnene.",
    "cycle.too_many_stages": "En salgssyklus kan ha høyst {max} trinn.",
    "cycle.stage_exists": "Det finnes allerede et trinn som heter {stage}. Velg et annet navn.",
    "cycle.last_stage": "{stage} er det eneste trinnet, så det kan ikke slettes.",
    "cycle.default_stage":
      "{stage} er standardtrinnet. Gjør et annet trinn til standard først: cycle stage default ‹trinn›.",
    "cycle.replace_self": "Et trinn kan ikke erstatte seg selv. Velg et annet trinn eller ikke noe trinn.",
    "cycle.activities_need_replacement":
      "Aktiviteter kan bare flyttes til et erstatningstrinn. Velg ett, eller ikke flytt aktivitetene.",
    "cycle.too_many_activities":
      "{target} ville fått mer enn {max} aktiviteter med dem fra {stage}. Fjern noen først, eller slett dem sammen med trinnet.",
    "cycle.already_first": "{stage} er allerede det første trinnet.",
    "cycle.already_last": "{stage} er allerede det siste trinnet.",
    "cycle.move_direction": '"{value}" er verken up, down eller et plasseringsnummer.',

    "cycle.problem.percent": "{field} må være et heltall fra 0 til 100.",
    "cycle.problem.yes_no": "{field} må være yes eller no.",
    "cycle.problem.position": "{field} må være et heltall, 1 eller mer.",
    "cycle.problem.terminal_stage":
      '{field} kan ikke være "{name}": Lukket/avtale inngått og Lukket/ingen avtale er faste lukketrinn.',
    "cycle.problem.activity_name": "Hver aktivitet må ha et navn på høyst {max} tegn.",
    "cycle.problem.duration": "Dagene for hver aktivitet må være et heltall fra 0 til {max}.",
    "cycle.problem.close_code":
      "{field} må være opptil 20 bokstaver, sifre, - eller _, for eksempel LOST-PRICE.",
    "cycle.problem.choose": "Velg et erstatningstrinn eller ikke noe trinn.",
  },
  sv: {
    "command.cycle show": "Visa stegen i en försäljningscykel",
    "command.cycle stage add": "Lägg till ett steg i försäljningscykeln; utan argument öppnas ett formulär",
    "command.cycle stage edit": "Byt namn på eller ändra ett steg; utan ändringar öppnas ett formulär",
    "command.cycle stage move": "Flytta ett steg upp eller ned i försäljningscykeln",
    "command.cycle stage default": "Gör ett steg till det som nya affärsmöjligheter börjar i",
    "command.cycle stage activities": "Redigera aktiviteterna i ett steg i ett formulär",
    "command.cycle stage delete": "Ta bort ett steg och flytta dess affärsmöjligheter till ett annat steg",
    "cycle.stage.added": "Steget {stage} har lagts till.",
    "cycle.stage.updated": "Steget {stage} har sparats.",
    "cycle.stage.moved": "{stage} är nu steg {position}.",
    "cycle.stage.default_set": "Nya affärsmöjligheter börjar nu i {stage}.",
    "cycle.activities.saved": "Aktiviteterna i {stage} har sparats.",
    "cycle.stage.deleted": "Steget {stage} har tagits bort.",
    "cycle.stage.moved_to":
      "{count, plural, one {# affärsmöjlighet} other {# affärsmöjligheter}} har flyttats till {replacement}.",
    "cycle.stage.cleared":
      "{count, plural, one {# affärsmöjlighet} other {# affärsmöjligheter}} är nu utan steg.",
    "cycle.stage.activities_moved":
      "{count, plural, one {# aktivitet} other {# aktiviteter}} har flyttats till {replacement}.",
    "cycle.stage.unmoved":
      "{count, plural, one {# affärsmöjlighet} other {# affärsmöjligheter}} ändrades samtidigt och kunde inte flyttas; flytta {count, plural, one {den} other {dem}} med opp goto.",
    "cycle.stage.move_stopped":
      "Sedan tappade jag anslutningen till pipelinens lagring medan jag flyttade dess affärsmöjligheter, så resten visar fortfarande det borttagna steget. Flytta dem med opp goto när jag når den igen.",
    "cycle.stage.move_stopped_unknown":
      "Sedan bröts anslutningen till pipelinens lagring medan jag flyttade en affärsmöjlighet, så jag vet inte om den flyttades, och resten visar fortfarande det borttagna steget. Flytta dem med opp goto när jag når den igen.",

    "cycle.forbidden":
      "Bara administratörer kan ändra försäljningscykler. Skriv cycle show för att se stegen.",
    "cycle.not_found": 'Det finns ingen försäljningscykel "{cycle}".',
    "cycle.no_such_cycle": 'Det finns ingen försäljningscykel "{cycle}". Försäljningscykler: {cycles}.',
    "cycle.no_such_stage": 'Det finns inget steg "{stage}" i den här försäljningscykeln. Steg: {stages}.',
    "cycle.stage_not_found": "Det steget finns inte längre. Skriv cycle show för att se stegen.",
    "cycle.too_many_stages": "En försäljningscykel kan ha högst {max} steg.",
    "cycle.stage_exists": "Det finns redan ett steg som heter {stage}. Välj ett annat namn.",
    "cycle.last_stage": "{stage} är det enda steget, så det kan inte tas bort.",
    "cycle.default_stage":
      "{stage} är standardsteget. Gör först ett annat steg till standard: cycle stage default ‹steg›.",
    "cycle.replace_self": "Ett steg kan inte ersätta sig självt. Välj ett annat steg eller inget steg.",
    "cycle.activities_need_replacement":
      "Aktiviteter kan bara flyttas till ett ersättningssteg. Välj ett, eller flytta inte aktiviteterna.",
    "cycle.too_many_activities":
      "{target} skulle få fler än {max} aktiviteter med dem från {stage}. Ta bort några först, eller ta bort dem med steget.",
    "cycle.already_first": "{stage} är redan det första steget.",
    "cycle.already_last": "{stage} är redan det sista steget.",
    "cycle.move_direction": '"{value}" är varken up, down eller ett placeringsnummer.',

    "cycle.problem.percent": "{field} måste vara ett heltal från 0 till 100.",
    "cycle.problem.yes_no": "{field} måste vara yes eller no.",
    "cycle.problem.position": "{field} måste vara ett heltal, 1 eller mer.",
    "cycle.problem.terminal_stage":
      '{field} kan inte vara "{name}": Stängd vunnen och Stängd förlorad är fasta stängningssteg.',
    "cycle.problem.activity_name": "Varje aktivitet måste ha ett namn på högst {max} tecken.",
    "cycle.problem.duration": "Dagarna för varje aktivitet måste vara ett heltal från 0 till {max}.",
    "cycle.problem.close_code":
      "{field} måste vara upp till 20 bokstäver, siffror, - eller _, till exempel LOST-PRICE.",
    "cycle.problem.choose": "Välj ett ersättningssteg eller inget steg.",
  },
});
