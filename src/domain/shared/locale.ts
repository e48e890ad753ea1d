/** A BCP 47 language tag as Teams sends it ("da-DK", "nb-NO"), or undefined for anything else. */
export const languageTag = (text: string | undefined): string | undefined =>
  text && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(text) ? text : undefined;
