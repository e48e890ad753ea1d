import { defineMessages } from "../../i18n/define.js";

/** Close codes (why an opportunity was won or lost): their list, form and replies. */
export const closeCodeMessages = defineMessages({
  en: {
    "command.closecode list": "List the close codes for won and lost opportunities",
    "command.closecode add": "Add a close code; without arguments it opens a form",

    "closecode.forbidden": "Only managers and admins can add close codes. Type closecode list to see them.",
    "closecode.list.title": "Close codes",
    "closecode.list.won": "Won",
    "closecode.list.lost": "Lost",
    "closecode.list.empty": "None yet.",
    "closecode.button.add": "Add close code",
    "closecode.form.title": "New close code",
    "closecode.form.intro": "A close code says why an opportunity was won or lost.",
    "closecode.form.submit": "Add close code",
    "closecode.type.won": "Won",
    "closecode.type.lost": "Lost",
    "closecode.added": "Close code {code} added.",
    "closecode.bad_code":
      '"{code}" is not a valid close code: use up to 20 letters, digits, - or _, like LOST-PRICE.',
    "closecode.bad_description": "The description is required and can be at most {max} characters.",
    "closecode.exists": "The close code {code} exists already.",
    "closecode.too_many": "There can be at most {max} close codes.",
  },
  da: {
    "command.closecode list": "Vis lukkekoderne for vundne og tabte salgsmuligheder",
    "command.closecode add": "Tilføj en lukkekode; uden argumenter åbnes en formular",

    "closecode.forbidden":
      "Kun ledere og administratorer kan tilføje lukkekoder. Skriv closecode list for at se dem.",
    "closecode.list.title": "Lukkekoder",
    "closecode.list.won": "Vundet",
    "closecode.list.lost": "Tabt",
    "closecode.list.empty": "Ingen endnu.",
    "closecode.button.add": "Tilføj lukkekode",
    "closecode.form.title": "Ny lukkekode",
    "closecode.form.intro": "En lukkekode fortæller, hvorfor en salgsmulighed blev vundet eller tabt.",
    "closecode.form.submit": "Tilføj lukkekode",
    "closecode.type.won": "Vundet",
    "closecode.type.lost": "Tabt",
    "closecode.added": "Lukkekoden {code} er tilføjet.",
    "closecode.bad_code":
      '"{code}" er ikke en gyldig lukkekode: brug op til 20 bogstaver, cifre, - eller _, fx LOST-PRICE.',
    "closecode.bad_description": "Beskrivelsen skal udfyldes og må højst være {max} tegn.",
    "closecode.exists": "Lukkekoden {code} findes allerede.",
    "closecode.too_many": "Der kan højst være {max} lukkekoder.",
  },
  nb: {
    "command.closecode list": "Vis lukkekodene for vunnede og tapte salgsmuligheter",
    "command.closecode add": "Legg til en lukkekode; uten argumenter åpnes et skjema",

    "closecode.forbidden":
      "Bare ledere og administratorer kan legge til lukkekoder. Skriv closecode list for å se dem.",
    "closecode.list.title": "Lukkekoder",
    "closecode.list.won": "Vunnet",
    "closecode.list.lost": "Tapt",
    "closecode.list.empty": "Ingen ennå.",
    "closecode.button.add": "Legg til lukkekode",
    "closecode.form.title": "Ny lukkekode",
    "closecode.form.intro": "En lukkekode forteller hvorfor en salgsmulighet ble vunnet eller tapt.",
    "closecode.form.submit": "Legg til lukkekode",
    "closecode.type.won": "Vunnet",
    "closecode.type.lost": "Tapt",
    "closecode.added": "Lukkekoden {code} er lagt til.",
    "closecode.bad_code":
      '"{code}" er ikke en gyldig lukkekode: bruk opptil 20 bokstaver, sifre, - eller _, for eksempel LOST-PRICE.',
    "closecode.bad_description": "Beskrivelsen må fylles ut og kan være høyst {max} tegn.",
    "closecode.exists": "Lukkekoden {code} finnes allerede.",
    "closecode.too_many": "Det kan være høyst {max} lukkekoder.",
  },
  sv: {
    "command.closecode list": "Visa stängningskoderna för vunna och förlorade affärsmöjligheter",
    "command.closecode add": "Lägg till en stängningskod; utan argument öppnas ett formulär",

    "closecode.forbidden":
      "Bara chefer och administratörer kan lägga till stängningskoder. Skriv closecode list för att se dem.",
    "closecode.list.title": "Stängningskoder",
    "closecode.list.won": "Vunnen",
    "closecode.list.lost": "Förlorad",
    "closecode.list.empty": "Inga ännu.",
    "closecode.button.add": "Lägg till stängningskod",
    "closecode.form.title": "Ny stängningskod",
    "closecode.form.intro": "En stängningskod anger varför en affärsmöjlighet vanns eller förlorades.",
    "closecode.form.submit": "Lägg till stängningskod",
    "closecode.type.won": "Vunnen",
    "closecode.type.lost": "Förlorad",
    "closecode.added": "Stängningskoden {code} har lagts till.",
    "closecode.bad_code":
      '"{code}" är inte en giltig stängningskod: använd upp till 20 bokstäver, siffror, - eller _, till exempel LOST-PRICE.',
    "closecode.bad_description": "Beskrivningen måste fyllas i och får vara högst {max} tecken.",
    "closecode.exists": "Stängningskoden {code} finns redan.",
    "closecode.too_many": "Det får finnas högst {max} stängningskoder.",
  },
});
