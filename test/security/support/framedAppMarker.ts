/** Travels in every result of the cross-origin suite's app, and so in every batch with its calls. */
export const APP_MARKER = "vault-note-7f3a";
