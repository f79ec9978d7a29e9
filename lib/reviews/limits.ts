/**
 * The longest developer response App Store Connect takes. Apple's API documentation names
 * no maximum; 5,970 "characters" is what App Store Connect's reply form enforces.
 */
export const REPLY_LIMIT = 5970;

/**
 * Characters as App Store Connect counts them for the limit: UTF-16 code units (a string's
 * length in Java and JavaScript), the stricter reading of "characters". An emoji outside
 * the Basic Multilingual Plane (😀) counts 2, a flag 4. The simulator counts the same way.
 */
export const charCount = (s: string) => s.length;
