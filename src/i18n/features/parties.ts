import { defineMessages } from "../define.js";

/** Accounts and contacts. */
export const partyMessages = defineMessages({
  en: {
    "party.account_not_found":
      'I can\'t find the account "{account}". Use its reference (A-1001), its name or its web domain.',
    "party.contact_not_found":
      'I can\'t find the contact "{contact}". Use its reference (C-1001), email or full name.',
    "party.ambiguous": '"{name}" matches several: {matches}. Use the reference instead.',
    "party.bad_ref": '"{ref}" is not an account (A-1001) or contact (C-1001) reference.',
  },
  da: {
    "party.account_not_found":
      'Jeg kan ikke finde kontoen "{account}". Brug dens reference (A-1001), navn eller webdomæne.',
    "party.contact_not_found":
      'Jeg kan ikke finde kontakten "{contact}". Brug dens reference (C-1001), mail eller fulde navn.',
    "party.ambiguous": '"{name}" passer på flere: {matches}. Brug referencen i stedet.',
    "party.bad_ref": '"{ref}" er ikke en konto- (A-1001) eller kontaktreference (C-1001).',
  },
  nb: {
    "party.account_not_found":
      'Jeg finner ikke kontoen "{account}". Bruk referansen (A-1001), navnet eller webdomenet.',
    "party.contact_not_found":
      'Jeg finner ikke kontakten "{contact}". Bruk referansen (C-1001), e-posten eller hele navnet.',
    "party.ambiguous": '"{name}" passer med flere: {matches}. Bruk referansen i stedet.',
    "party.bad_ref": '"{ref}" er ikke en konto- (A-1001) eller kontaktreferanse (C-1001).',
  },
  sv: {
    "party.account_not_found":
      'Jag hittar inte kontot "{account}". Använd referensen (A-1001), namnet eller webbdomänen.',
    "party.contact_not_found":
      'Jag hittar inte kontakten "{contact}". Använd referensen (C-1001), e-postadressen eller hela namnet.',
    "party.ambiguous": '"{name}" matchar flera: {matches}. Använd referensen i stället.',
    "party.bad_ref": '"{ref}" är inte en konto- (A-1001) eller kontaktreferens (C-1001).',
  },
});
