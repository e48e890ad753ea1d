import { defineMessages } from "../../i18n/define.js";

/**
 * Opportunities: their commands, replies and refusals. Vocabulary follows Microsoft Dynamics 365 Business
 * Central in each language (da "salgsmulighed", nb "salgsmulighet", sv "affärsmöjlighet"). Stage names of a
 * cycle are shown as stored. The card is in opportunity-card.messages.ts, the forms in
 * opportunity-forms.messages.ts, lists, the pipeline and the inbox in pipeline.messages.ts.
 */
export const opportunityMessages = defineMessages({
  en: {
    "command.opp new": "Create an opportunity; without arguments it opens the form",
    "command.opp clone": "Copy an open opportunity's customer, lines and owner into a new one",
    "opp.cloned": "Opportunity {ref} created from {from}.",
    "command.opp list": "List opportunities: mine, open, closed or all, by contact or stage",
    "command.opp show": "Show one opportunity",
    "command.opp next": "Move an opportunity to the next stage",
    "command.opp previous": "Move an opportunity back one stage",
    "command.opp skip": "Skip an opportunity forward to a later stage",
    "command.opp goto": "Move an opportunity back to an earlier stage",
    "command.opp update": "Change estimated value, chances of success or expected close date",
    "command.opp line": "Add a product or service line to an opportunity",
    "command.opp close": "Close an opportunity as won or lost, with a close code",
    "command.opp reopen": "Reopen a closed opportunity",
    "command.opp quote": "Make a sales quote from an opportunity's lines",
    "command.opp order": "Make a sales order from an opportunity's quote",
    "command.opp delete": "Delete a closed opportunity",
    "command.opp purge": "Delete closed opportunities in bulk, by closed date and outcome",
    "opp.problem.number": "{field} must be a number, like 12500 or 12 500.50.",
    "opp.problem.ambiguous_number":
      '{field}: "{value}" is ambiguous. Use a point for decimals and only spaces between thousands, like 12500, 12 500 or 12500.50.',
    "opp.problem.decimals": "{field} can have at most 2 decimals.",
    "opp.problem.negative": "{field} can't be negative.",
    "opp.problem.number_too_big": "{field} can be at most {max}.",
    "opp.problem.positive": "{field} must be more than 0.",
    "opp.problem.percent": "{field} must be a whole number from 0 to 100, like 40.",
    "opp.problem.date": "{field} must be a real date written YYYY-MM-DD, like 2026-12-31.",
    "opp.problem.nothing_to_change": "Give at least one of value=, chance= or close=.",

    "opp.already_owner": "{ref} already belongs to {owner}.",
    "opp.created": "Opportunity {ref} created.",
    "opp.moved": "{ref} moved to {stage}.",
    "opp.updated": "{ref} updated.",
    "opp.line_added": "Line added to {ref}: {product}, {quantity} × {price}.",
    "opp.closed_won": "{ref} closed as won ({code}).",
    "opp.closed_lost": "{ref} closed as lost ({code}).",
    "opp.reopened": "{ref} reopened in {stage}.",
    "opp.quoted": "Sales quote {quote} made for {ref}: {total}.",
    "opp.ordered": "Sales order {order} made for {ref} from sales quote {quote}.",
    "opp.deleted": "Opportunity {ref} deleted.",
    "opp.purged": "Closed opportunities deleted: {deleted}.",
    "opp.purged_skipped":
      "Closed opportunities deleted: {deleted}. Changed meanwhile and left as they are: {skipped}.",
    "opp.purge_again":
      "More match: one purge deletes at most {batch}. Run it again with the same choices to delete the next ones.",
    "opp.purge_stopped":
      "Then I lost the connection to the pipeline's storage, so I stopped there and nothing else was deleted. Run the purge again in a minute with the same choices to go on.",
    "opp.purge_stopped_unknown":
      "Then the connection to the pipeline's storage broke while I was deleting, so a few more may have been deleted too. Run the purge again in a minute with the same choices to go on: it only deletes what is still there.",

    "opp.not_found": "I can't find opportunity {ref}. Type opp list to see the opportunities.",
    "opp.bad_ref": '"{ref}" is not an opportunity reference. They look like O-1001.',
    "opp.not_yours":
      "{ref} belongs to {owner}. Only its owner, a manager or an admin can change it; ask {owner} or your manager.",
    "opp.stale":
      "{ref} was changed after this card was shown, so your click did nothing. This is how it looks now; try again if you still want to.",
    "opp.changed":
      "Someone changed {ref} at the same moment, so your change was not saved. This is how it looks now; try again if you still want to.",
    "opp.closed":
      "{ref} is closed ({status}) and can't be changed. A manager can reopen it with opp reopen {ref}.",
    "opp.last_stage":
      "{ref} is already in the last stage. Close it with opp close {ref} won|lost ‹close code›.",
    "opp.first_stage": "{ref} is already in the first stage; there is no previous stage.",
    "opp.quote_required":
      "The stage {stage} needs a sales quote first. Make one with opp quote {ref}, then move the opportunity again.",
    "opp.skip_backwards":
      "{stage} is not after the current stage of {ref}. To move back, type opp goto {ref} {stage}.",
    "opp.skip_not_allowed":
      "{ref} can't skip to {target}: the stage {stage} can't be skipped over. Move one stage at a time with opp next {ref}.",
    "opp.goto_forward":
      "Go back only moves to an earlier stage, and {stage} is not before the current stage of {ref}. To move forward, type opp next {ref} or opp skip {ref} {stage}.",
    "opp.no_such_stage": 'There is no stage "{stage}". The stages are: {stages}.',
    "opp.value_from_lines":
      "The estimated value of {ref} is the sum of its lines, so it can't be set by hand. Add lines with opp line {ref} ‹product› qty=‹n› price=‹n›.",
    "opp.too_many_lines": "{ref} already has {max} lines, which is the most an opportunity can have.",
    "opp.unknown_close_code": 'There is no close code "{code}". Use one of: {codes}.',
    "opp.close_code_type":
      "{code} is a close code for opportunities that are {type}, not {outcome}. Use one of: {codes}.",
    "opp.not_closed": "{ref} is open; only a closed opportunity can be reopened.",
    "opp.quote_person":
      "A sales quote can only be made for a company, and {contact} is a person. Create the opportunity for the company's account (opp new … account=‹A-ref›) and quote that one.",
    "opp.quote_no_lines":
      "{ref} has no lines to quote. Add one first with opp line {ref} ‹product› qty=‹n› price=‹n›.",
    "opp.order_no_quote":
      "A sales order is made from the sales quote, and {ref} has none yet. Type opp quote {ref} first.",
    "opp.already_ordered": "{ref} already has sales order {order}.",
    "opp.order_not_customer":
      "{party} is not a customer yet, so no sales order can be made. Mark it as a customer with customer {partyRef}, then type opp order {ref} again.",
    "opp.delete_open":
      "{ref} is still open, and only closed opportunities can be deleted. Close it first with opp close {ref} won|lost ‹close code›.",
    "opp.party_required":
      "An opportunity needs an account or a contact. Add account=‹A-ref or name› or contact=‹C-ref, email or name›.",
    "opp.one_party": "Give either an account or a contact, not both.",
    "opp.cycle_not_found": 'There is no sales cycle "{cycle}". Type cycle show to see the sales cycles.',
  },
  da: {
    "command.opp new": "Opret en salgsmulighed; uden argumenter åbner den formularen",
    "command.opp clone": "Kopiér en åben salgsmuligheds kunde, linjer og ejer til en ny",
    "opp.cloned": "Salgsmulighed {ref} er oprettet ud fra {from}.",
    "command.opp list": "Vis salgsmuligheder: mine, åbne, lukkede eller alle, efter kontakt eller fase",
    "command.opp show": "Vis én salgsmulighed",
    "command.opp next": "Flyt en salgsmulighed til næste fase",
    "command.opp previous": "Flyt en salgsmulighed én fase tilbage",
    "command.opp skip": "Spring en salgsmulighed frem til en senere fase",
    "command.opp goto": "Flyt en salgsmulighed tilbage til en tidligere fase",
    "command.opp update": "Ret anslået værdi, chancer for succes eller forventet lukkedato",
    "command.opp line": "Tilføj en vare- eller servicelinje til en salgsmulighed",
    "command.opp close": "Luk en salgsmulighed som vundet eller tabt med en lukkekode",
    "command.opp reopen": "Genåbn en lukket salgsmulighed",
    "command.opp quote": "Opret et salgstilbud ud fra en salgsmuligheds linjer",
    "command.opp order": "Opret en salgsordre ud fra en salgsmuligheds tilbud",
    "command.opp delete": "Slet en lukket salgsmulighed",
    "command.opp purge": "Slet lukkede salgsmuligheder samlet, efter lukkedato og udfald",
    "opp.problem.number": "{field} skal være et tal, fx 12500 eller 12 500.50.",
    "opp.problem.ambiguous_number":
      '{field}: "{value}" kan læses på to måder. Brug punktum til decimaler og kun mellemrum mellem tusinder, fx 12500, 12 500 eller 12500.50.',
    "opp.problem.decimals": "{field} kan højst have 2 decimaler.",
    "opp.problem.negative": "{field} kan ikke være negativ.",
    "opp.problem.number_too_big": "{field} kan højst være {max}.",
    "opp.problem.positive": "{field} skal være større end 0.",
    "opp.problem.percent": "{field} skal være et helt tal fra 0 til 100, fx 40.",
    "opp.problem.date": "{field} skal være en gyldig dato skrevet ÅÅÅÅ-MM-DD, fx 2026-12-31.",
    "opp.problem.nothing_to_change": "Angiv mindst én af value=, chance= eller close=.",

    "opp.already_owner": "{ref} tilhører allerede {owner}.",
    "opp.created": "Salgsmulighed {ref} er oprettet.",
    "opp.moved": "{ref} er flyttet til {stage}.",
    "opp.updated": "{ref} er opdateret.",
    "opp.line_added": "Linje tilføjet til {ref}: {product}, {quantity} × {price}.",
    "opp.closed_won": "{ref} er lukket som vundet ({code}).",
    "opp.closed_lost": "{ref} er lukket som tabt ({code}).",
    "opp.reopened": "{ref} er genåbnet i {stage}.",
    "opp.quoted": "Salgstilbud {quote} er oprettet for {ref}: {total}.",
    "opp.ordered": "Salgsordre {order} er oprettet for {ref} ud fra salgstilbud {quote}.",
    "opp.deleted": "Salgsmulighed {ref} er slettet.",
    "opp.purged": "Slettede lukkede salgsmuligheder: {deleted}.",
    "opp.purged_skipped":
      "Slettede lukkede salgsmuligheder: {deleted}. Ændret imens og ikke rørt: {skipped}.",
    "opp.purge_again":
      "Flere passer: én oprydning sletter højst {batch}. Kør den igen med de samme valg for at slette de næste.",
    "opp.purge_stopped":
      "Derefter mistede jeg forbindelsen til pipelinens datalager, så jeg stoppede der, og intet andet blev slettet. Kør oprydningen igen om et minut med de samme valg for at fortsætte.",
    "opp.purge_stopped_unknown":
      "Derefter blev forbindelsen til pipelinens datalager afbrudt, mens jeg slettede, så et par stykker mere kan også være slettet. Kør oprydningen igen om et minut med de samme valg for at fortsætte: den sletter kun det, der stadig er der.",

    "opp.not_found": "Jeg kan ikke finde salgsmulighed {ref}. Skriv opp list for at se salgsmulighederne.",
    "opp.bad_ref": '"{ref}" er ikke en reference til en salgsmulighed. De ser ud som O-1001.',
    "opp.not_yours":
      "{ref} tilhører {owner}. Kun ejeren, en leder eller en administrator kan ændre den; spørg {owner} eller din leder.",
    "opp.stale":
      "{ref} er ændret, efter kortet blev vist, så dit klik gjorde ingenting. Sådan ser den ud nu; prøv igen, hvis du stadig vil.",
    "opp.changed":
      "En anden ændrede {ref} i samme øjeblik, så din ændring blev ikke gemt. Sådan ser den ud nu; prøv igen, hvis du stadig vil.",
    "opp.closed":
      "{ref} er lukket ({status}) og kan ikke ændres. En leder kan genåbne den med opp reopen {ref}.",
    "opp.last_stage": "{ref} er allerede i sidste fase. Luk den med opp close {ref} won|lost ‹lukkekode›.",
    "opp.first_stage": "{ref} er allerede i første fase; der er ingen forrige fase.",
    "opp.quote_required":
      "Fasen {stage} kræver først et salgstilbud. Opret et med opp quote {ref}, og flyt så salgsmuligheden igen.",
    "opp.skip_backwards":
      "{stage} ligger ikke efter den aktuelle fase for {ref}. Skriv opp goto {ref} {stage} for at gå tilbage.",
    "opp.skip_not_allowed":
      "{ref} kan ikke springe til {target}: fasen {stage} kan ikke springes over. Flyt én fase ad gangen med opp next {ref}.",
    "opp.goto_forward":
      "Gå tilbage flytter kun til en tidligere fase, og {stage} ligger ikke før den aktuelle fase for {ref}. Skriv opp next {ref} eller opp skip {ref} {stage} for at gå frem.",
    "opp.no_such_stage": 'Der er ingen fase "{stage}". Faserne er: {stages}.',
    "opp.value_from_lines":
      "Den anslåede værdi for {ref} er summen af linjerne, så den kan ikke angives manuelt. Tilføj linjer med opp line {ref} ‹vare› qty=‹n› price=‹n›.",
    "opp.too_many_lines": "{ref} har allerede {max} linjer, som er det højeste antal for en salgsmulighed.",
    "opp.unknown_close_code": 'Der er ingen lukkekode "{code}". Brug en af: {codes}.',
    "opp.close_code_type":
      "{code} er en lukkekode til salgsmuligheder, der er {type}, ikke {outcome}. Brug en af: {codes}.",
    "opp.not_closed": "{ref} er åben; kun en lukket salgsmulighed kan genåbnes.",
    "opp.quote_person":
      "Et salgstilbud kan kun oprettes til en virksomhed, og {contact} er en person. Opret salgsmuligheden for virksomhedens konto (opp new … account=‹A-ref›), og lav tilbud på den.",
    "opp.quote_no_lines":
      "{ref} har ingen linjer at lave tilbud på. Tilføj først en med opp line {ref} ‹vare› qty=‹n› price=‹n›.",
    "opp.order_no_quote":
      "En salgsordre oprettes ud fra salgstilbuddet, og {ref} har ikke et endnu. Skriv opp quote {ref} først.",
    "opp.already_ordered": "{ref} har allerede salgsordre {order}.",
    "opp.order_not_customer":
      "{party} er endnu ikke kunde, så der kan ikke oprettes en salgsordre. Markér den som kunde med customer {partyRef}, og skriv så opp order {ref} igen.",
    "opp.delete_open":
      "{ref} er stadig åben, og kun lukkede salgsmuligheder kan slettes. Luk den først med opp close {ref} won|lost ‹lukkekode›.",
    "opp.party_required":
      "En salgsmulighed skal have en konto eller en kontakt. Tilføj account=‹A-ref eller navn› eller contact=‹C-ref, mail eller navn›.",
    "opp.one_party": "Angiv enten en konto eller en kontakt, ikke begge.",
    "opp.cycle_not_found": 'Der er ingen salgscyklus "{cycle}". Skriv cycle show for at se salgscyklusserne.',
  },
  nb: {
    "command.opp new": "Opprett en salgsmulighet; uten argumenter åpner den skjemaet",
    "command.opp clone": "Kopier kunde, linjer og eier fra en åpen salgsmulighet til en ny",
    "opp.cloned": "Salgsmulighet {ref} er opprettet fra {from}.",
    "command.opp list": "Vis salgsmuligheter: mine, åpne, lukkede eller alle, etter kontakt eller fase",
    "command.opp show": "Vis én salgsmulighet",
    "command.opp next": "Flytt en salgsmulighet til neste fase",
    "command.opp previous": "Flytt en salgsmulighet én fase tilbake",
    "command.opp skip": "Hopp en salgsmulighet fram til en senere fase",
    "command.opp goto": "Flytt en salgsmulighet tilbake til en tidligere fase",
    "command.opp update": "Endre estimert verdi, sjanse for suksess eller forventet lukkedato",
    "command.opp line": "Legg til en vare- eller tjenestelinje på en salgsmulighet",
    "command.opp close": "Lukk en salgsmulighet som vunnet eller tapt med en lukkekode",
    "command.opp reopen": "Åpne en lukket salgsmulighet igjen",
    "command.opp quote": "Lag et salgstilbud fra linjene på en salgsmulighet",
    "command.opp order": "Lag en salgsordre fra tilbudet på en salgsmulighet",
    "command.opp delete": "Slett en lukket salgsmulighet",
    "command.opp purge": "Slett lukkede salgsmuligheter samlet, etter lukkedato og utfall",
    "opp.problem.number": "{field} må være et tall, for eksempel 12500 eller 12 500.50.",
    "opp.problem.ambiguous_number":
      '{field}: "{value}" kan leses på to måter. Bruk punktum for desimaler og bare mellomrom mellom tusener, for eksempel 12500, 12 500 eller 12500.50.',
    "opp.problem.decimals": "{field} kan ha høyst 2 desimaler.",
    "opp.problem.negative": "{field} kan ikke være negativ.",
    "opp.problem.number_too_big": "{field} kan være høyst {max}.",
    "opp.problem.positive": "{field} må være større enn 0.",
    "opp.problem.percent": "{field} må være et helt tall fra 0 til 100, for eksempel 40.",
    "opp.problem.date": "{field} må være en gyldig dato skrevet ÅÅÅÅ-MM-DD, for eksempel 2026-12-31.",
    "opp.problem.nothing_to_change": "Oppgi minst én av value=, chance= eller close=.",

    "opp.already_owner": "{ref} tilhører allerede {owner}.",
    "opp.created": "Salgsmulighet {ref} er opprettet.",
    "opp.moved": "{ref} er flyttet til {stage}.",
    "opp.updated": "{ref} er oppdatert.",
    "opp.line_added": "Linje lagt til på {ref}: {product}, {quantity} × {price}.",
    "opp.closed_won": "{ref} er lukket som vunnet ({code}).",
    "opp.closed_lost": "{ref} er lukket som tapt ({code}).",
    "opp.reopened": "{ref} er åpnet igjen i {stage}.",
    "opp.quoted": "Salgstilbud {quote} er laget for {ref}: {total}.",
    "opp.ordered": "Salgsordre {order} er laget for {ref} fra salgstilbud {quote}.",
    "opp.deleted": "Salgsmulighet {ref} er slettet.",
    "opp.purged": "Slettede lukkede salgsmuligheter: {deleted}.",
    "opp.purged_skipped":
      "Slettede lukkede salgsmuligheter: {deleted}. Endret i mellomtiden og ikke rørt: {skipped}.",
    "opp.purge_again":
      "Flere passer: én opprydding sletter høyst {batch}. Kjør den igjen med de samme valgene for å slette de neste.",
    "opp.purge_stopped":
      "Så mistet jeg forbindelsen til lagringen til pipelinen, så jeg stoppet der, og ingenting annet ble slettet. Kjør oppryddingen igjen om et minutt med de samme valgene for å fortsette.",
    "opp.purge_stopped_unknown":
      "Så ble forbindelsen til lagringen til pipelinen brutt mens jeg slettet, så noen flere kan også være slettet. Kjør oppryddingen igjen om et minutt med de samme valgene for å fortsette: den sletter bare det som fortsatt er der.",

    "opp.not_found": "Jeg finner ikke salgsmulighet {ref}. Skriv opp list for å se salgsmulighetene.",
    "opp.bad_ref": '"{ref}" er ikke en referanse til en salgsmulighet. De ser ut som O-1001.',
    "opp.not_yours":
      "{ref} tilhører {owner}. Bare eieren, en leder eller en administrator kan endre den; spør {owner} eller lederen din.",
    "opp.stale":
      "{ref} ble endret etter at kortet ble vist, så klikket ditt gjorde ingenting. Slik ser den ut nå; prøv igjen hvis du fortsatt vil.",
    "opp.changed":
      "Noen andre endret {ref} i samme øyeblikk, så endringen din ble ikke lagret. Slik ser den ut nå; prøv igjen hvis du fortsatt vil.",
    "opp.closed":
      "{ref} er lukket ({status}) og kan ikke endres. En leder kan åpne den igjen med opp reopen {ref}.",
    "opp.last_stage": "{ref} er allerede i siste fase. Lukk den med opp close {ref} won|lost ‹lukkekode›.",
    "opp.first_stage": "{ref} er allerede i første fase; det finnes ingen forrige fase.",
    "opp.quote_required":
      "Fasen {stage} krever et salgstilbud først. Lag et med opp quote {ref}, og flytt så salgsmuligheten igjen.",
    "opp.skip_backwards":
      "{stage} ligger ikke etter gjeldende fase for {ref}. Skriv opp goto {ref} {stage} for å gå tilbake.",
    "opp.skip_not_allowed":
      "{ref} kan ikke hoppe til {target}: fasen {stage} kan ikke hoppes over. Flytt én fase om gangen med opp next {ref}.",
    "opp.goto_forward":
      "Gå tilbake flytter bare til en tidligere fase, og {stage} ligger ikke før gjeldende fase for {ref}. Skriv opp next {ref} eller opp skip {ref} {stage} for å gå fram.",
    "opp.no_such_stage": 'Det finnes ingen fase "{stage}". Fasene er: {stages}.',
    "opp.value_from_lines":
      "Den estimerte verdien for {ref} er summen av linjene, så den kan ikke settes for hånd. Legg til linjer med opp line {ref} ‹vare› qty=‹n› price=‹n›.",
    "opp.too_many_lines": "{ref} har allerede {max} linjer, som er det meste en salgsmulighet kan ha.",
    "opp.unknown_close_code": 'Det finnes ingen lukkekode "{code}". Bruk en av: {codes}.',
    "opp.close_code_type":
      "{code} er en lukkekode for salgsmuligheter som er {type}, ikke {outcome}. Bruk en av: {codes}.",
    "opp.not_closed": "{ref} er åpen; bare en lukket salgsmulighet kan åpnes igjen.",
    "opp.quote_person":
      "Et salgstilbud kan bare lages for en bedrift, og {contact} er en person. Opprett salgsmuligheten for bedriftens konto (opp new … account=‹A-ref›), og lag tilbud på den.",
    "opp.quote_no_lines":
      "{ref} har ingen linjer å lage tilbud på. Legg til en først med opp line {ref} ‹vare› qty=‹n› price=‹n›.",
    "opp.order_no_quote":
      "En salgsordre lages fra salgstilbudet, og {ref} har ikke noe ennå. Skriv opp quote {ref} først.",
    "opp.already_ordered": "{ref} har allerede salgsordre {order}.",
    "opp.order_not_customer":
      "{party} er ikke kunde ennå, så det kan ikke lages en salgsordre. Merk den som kunde med customer {partyRef}, og skriv så opp order {ref} igjen.",
    "opp.delete_open":
      "{ref} er fortsatt åpen, og bare lukkede salgsmuligheter kan slettes. Lukk den først med opp close {ref} won|lost ‹lukkekode›.",
    "opp.party_required":
      "En salgsmulighet må ha en konto eller en kontakt. Legg til account=‹A-ref eller navn› eller contact=‹C-ref, e-post eller navn›.",
    "opp.one_party": "Oppgi enten en konto eller en kontakt, ikke begge.",
    "opp.cycle_not_found":
      'Det finnes ingen salgssyklus "{cycle}". Skriv cycle show for å se salgssyklusene.',
  },
  sv: {
    "command.opp new": "Skapa en affärsmöjlighet; utan argument öppnas formuläret",
    "command.opp clone": "Kopiera en öppen affärsmöjlighets kund, rader och ägare till en ny",
    "opp.cloned": "Affärsmöjlighet {ref} har skapats från {from}.",
    "command.opp list": "Visa affärsmöjligheter: mina, öppna, stängda eller alla, per kontakt eller steg",
    "command.opp show": "Visa en affärsmöjlighet",
    "command.opp next": "Flytta en affärsmöjlighet till nästa steg",
    "command.opp previous": "Flytta en affärsmöjlighet ett steg bakåt",
    "command.opp skip": "Hoppa fram en affärsmöjlighet till ett senare steg",
    "command.opp goto": "Flytta en affärsmöjlighet tillbaka till ett tidigare steg",
    "command.opp update": "Ändra uppskattat värde, chans att lyckas eller förväntat stängningsdatum",
    "command.opp line": "Lägg till en artikel- eller tjänsterad på en affärsmöjlighet",
    "command.opp close": "Stäng en affärsmöjlighet som vunnen eller förlorad med en stängningskod",
    "command.opp reopen": "Öppna en stängd affärsmöjlighet igen",
    "command.opp quote": "Skapa en försäljningsoffert från en affärsmöjlighets rader",
    "command.opp order": "Skapa en försäljningsorder från en affärsmöjlighets offert",
    "command.opp delete": "Ta bort en stängd affärsmöjlighet",
    "command.opp purge": "Ta bort stängda affärsmöjligheter samlat, efter stängningsdatum och utfall",
    "opp.problem.number": "{field} måste vara ett tal, till exempel 12500 eller 12 500.50.",
    "opp.problem.ambiguous_number":
      '{field}: "{value}" kan läsas på två sätt. Använd punkt för decimaler och bara mellanslag mellan tusental, till exempel 12500, 12 500 eller 12500.50.',
    "opp.problem.decimals": "{field} får ha högst 2 decimaler.",
    "opp.problem.negative": "{field} kan inte vara negativt.",
    "opp.problem.number_too_big": "{field} får vara högst {max}.",
    "opp.problem.positive": "{field} måste vara större än 0.",
    "opp.problem.percent": "{field} måste vara ett heltal från 0 till 100, till exempel 40.",
    "opp.problem.date": "{field} måste vara ett giltigt datum skrivet ÅÅÅÅ-MM-DD, till exempel 2026-12-31.",
    "opp.problem.nothing_to_change": "Ange minst en av value=, chance= eller close=.",

    "opp.already_owner": "{ref} tillhör redan {owner}.",
    "opp.created": "Affärsmöjlighet {ref} har skapats.",
    "opp.moved": "{ref} har flyttats till {stage}.",
    "opp.updated": "{ref} har uppdaterats.",
    "opp.line_added": "Rad tillagd på {ref}: {product}, {quantity} × {price}.",
    "opp.closed_won": "{ref} har stängts som vunnen ({code}).",
    "opp.closed_lost": "{ref} har stängts som förlorad ({code}).",
    "opp.reopened": "{ref} har öppnats igen i {stage}.",
    "opp.quoted": "Försäljningsoffert {quote} har skapats för {ref}: {total}.",
    "opp.ordered": "Försäljningsorder {order} har skapats för {ref} från försäljningsoffert {quote}.",
    "opp.deleted": "Affärsmöjlighet {ref} har tagits bort.",
    "opp.purged": "Borttagna stängda affärsmöjligheter: {deleted}.",
    "opp.purged_skipped":
      "Borttagna stängda affärsmöjligheter: {deleted}. Ändrade under tiden och orörda: {skipped}.",
    "opp.purge_again":
      "Fler matchar: en rensning tar bort högst {batch}. Kör den igen med samma val för att ta bort nästa.",
    "opp.purge_stopped":
      "Sedan tappade jag anslutningen till pipelinens lagring, så jag stannade där och inget annat togs bort. Kör rensningen igen om en minut med samma val för att fortsätta.",
    "opp.purge_stopped_unknown":
      "Sedan bröts anslutningen till pipelinens lagring medan jag tog bort, så några till kan också ha tagits bort. Kör rensningen igen om en minut med samma val för att fortsätta: den tar bara bort det som fortfarande finns kvar.",

    "opp.not_found": "Jag hittar inte affärsmöjlighet {ref}. Skriv opp list för att se affärsmöjligheterna.",
    "opp.bad_ref": '"{ref}" är inte en referens till en affärsmöjlighet. De ser ut som O-1001.',
    "opp.not_yours":
      "{ref} tillhör {owner}. Bara ägaren, en chef eller en administratör kan ändra den; fråga {owner} eller din chef.",
    "opp.stale":
      "{ref} har ändrats sedan kortet visades, så ditt klick gjorde ingenting. Så här ser den ut nu; försök igen om du fortfarande vill.",
    "opp.changed":
      "Någon annan ändrade {ref} i samma ögonblick, så din ändring sparades inte. Så här ser den ut nu; försök igen om du fortfarande vill.",
    "opp.closed":
      "{ref} är stängd ({status}) och kan inte ändras. En chef kan öppna den igen med opp reopen {ref}.",
    "opp.last_stage":
      "{ref} står redan i sista steget. Stäng den med opp close {ref} won|lost ‹stängningskod›.",
    "opp.first_stage": "{ref} står redan i första steget; det finns inget föregående steg.",
    "opp.quote_required":
      "Steget {stage} kräver en försäljningsoffert först. Skapa en med opp quote {ref} och flytta sedan affärsmöjligheten igen.",
    "opp.skip_backwards":
      "{stage} ligger inte efter det aktuella steget för {ref}. Skriv opp goto {ref} {stage} för att gå tillbaka.",
    "opp.skip_not_allowed":
      "{ref} kan inte hoppa till {target}: steget {stage} kan inte hoppas över. Flytta ett steg i taget med opp next {ref}.",
    "opp.goto_forward":
      "Gå tillbaka flyttar bara till ett tidigare steg, och {stage} ligger inte före det aktuella steget för {ref}. Skriv opp next {ref} eller opp skip {ref} {stage} för att gå framåt.",
    "opp.no_such_stage": 'Det finns inget steg "{stage}". Stegen är: {stages}.',
    "opp.value_from_lines":
      "Det uppskattade värdet för {ref} är summan av raderna, så det kan inte anges för hand. Lägg till rader med opp line {ref} ‹artikel› qty=‹n› price=‹n›.",
    "opp.too_many_lines": "{ref} har redan {max} rader, vilket är det högsta en affärsmöjlighet kan ha.",
    "opp.unknown_close_code": 'Det finns ingen stängningskod "{code}". Använd en av: {codes}.',
    "opp.close_code_type":
      "{code} är en stängningskod för affärsmöjligheter som är {type}, inte {outcome}. Använd en av: {codes}.",
    "opp.not_closed": "{ref} är öppen; bara en stängd affärsmöjlighet kan öppnas igen.",
    "opp.quote_person":
      "En försäljningsoffert kan bara skapas för ett företag, och {contact} är en person. Skapa affärsmöjligheten för företagets konto (opp new … account=‹A-ref›) och gör offerten på den.",
    "opp.quote_no_lines":
      "{ref} har inga rader att göra offert på. Lägg först till en med opp line {ref} ‹artikel› qty=‹n› price=‹n›.",
    "opp.order_no_quote":
      "En försäljningsorder skapas från försäljningsofferten, och {ref} har ingen än. Skriv opp quote {ref} först.",
    "opp.already_ordered": "{ref} har redan försäljningsorder {order}.",
    "opp.order_not_customer":
      "{party} är inte kund än, så ingen försäljningsorder kan skapas. Markera den som kund med customer {partyRef} och skriv sedan opp order {ref} igen.",
    "opp.delete_open":
      "{ref} är fortfarande öppen, och bara stängda affärsmöjligheter kan tas bort. Stäng den först med opp close {ref} won|lost ‹stängningskod›.",
    "opp.party_required":
      "En affärsmöjlighet behöver ett konto eller en kontakt. Lägg till account=‹A-ref eller namn› eller contact=‹C-ref, e-post eller namn›.",
    "opp.one_party": "Ange antingen ett konto eller en kontakt, inte båda.",
    "opp.cycle_not_found":
      'Det finns ingen försäljningscykel "{cycle}". Skriv cycle show för att se cyklerna.',
  },
});
