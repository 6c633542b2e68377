/**
 * A JWT with the given claims and a fake signature. The local backend decodes claims without
 * verifying signatures (development only), so tests can sign in as anyone.
 */
export function unsignedJwt(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** Seconds since the epoch, `offsetSeconds` from now: for `exp` and `nbf` claims. */
export function epochSeconds(offsetSeconds = 0): number {
  return Math.floor(Date.now() / 1000) + offsetSeconds;
}
