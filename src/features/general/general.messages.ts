import { defineMessages } from "../../i18n/define.js";

/** Answers to small talk: short, in the reader's language, pointing at what the bot does. */
export const generalMessages = defineMessages({
  en: {
    "talk.greeting":
      "Hi {name}! I keep your leads and opportunities. Type help, or press Help, to see what I can do.",
    "talk.thanks": "You're welcome, {name}! Type help, or press Help, whenever you need me.",
    "talk.help": "Help",
  },
  da: {
    "talk.greeting":
      "Hej {name}! Jeg holder styr på dine kundeemner og salgsmuligheder. Skriv help, eller tryk på Hjælp, for at se, hvad jeg kan.",
    "talk.thanks": "Selv tak, {name}! Skriv help, eller tryk på Hjælp, når du har brug for mig.",
    "talk.help": "Hjælp",
  },
  nb: {
    "talk.greeting":
      "Hei {name}! Jeg holder orden på kundeemnene og salgsmulighetene dine. Skriv help, eller trykk på Hjelp, for å se hva jeg kan.",
    "talk.thanks": "Bare hyggelig, {name}! Skriv help, eller trykk på Hjelp, når du trenger meg.",
    "talk.help": "Hjelp",
  },
  sv: {
    "talk.greeting":
      "Hej {name}! Jag håller ordning på dina leads och affärsmöjligheter. Skriv help, eller tryck på Hjälp, för att se vad jag kan.",
    "talk.thanks": "Varsågod, {name}! Skriv help, eller tryck på Hjälp, när du behöver mig.",
    "talk.help": "Hjälp",
  },
});
