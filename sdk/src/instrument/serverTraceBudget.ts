/**
 * Most server spans (and traced functions' lines) one call keeps: an action and the `runQuery`s
 * it makes print one line each, of at most 64 spans. Past it, spans are counted, not reported.
 */
export const MAX_SERVER_SPANS_PER_CALL = 256;
