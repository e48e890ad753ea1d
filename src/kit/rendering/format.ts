/** Cached Intl formatters for cards: the one cache of the process lives in the domain, beside its other user. */
export { dateFormat, numberFormat } from "../../domain/shared/intl-formats.js";
