/** A claim to send a reply older than this is from a sender that never finished (a closed tab, a crash). */
export const REPLY_CLAIM_MS = 2 * 60_000;
