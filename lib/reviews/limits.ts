/** Apple's limit for a developer response, in characters. */
export const REPLY_LIMIT = 5970;

/** Characters as a person counts them (code points), so an emoji is one. */
export const charCount = (s: string) => [...s].length;
