import { env } from "@/lib/env";

/**
 * Whether an address is on Apple's image host as ASC_IMAGE_ORIGINS names it: an exact origin
 * (`http://127.0.0.1:4010`) or a scheme with a wildcard host (`https://*.mzstatic.com`, any
 * subdomain). The server fetches images (copies of a set) only from there, whatever address
 * a stored template holds.
 */
export function onImageHost(address: string, origins: readonly string[] = env.ASC_IMAGE_ORIGINS): boolean {
  if (!URL.canParse(address)) return false;
  const url = new URL(address);
  return origins.some((allowed) => {
    const wildcard = /^(https?:)\/\/\*\.(.+)$/i.exec(allowed);
    if (!wildcard) return url.origin === new URL(allowed).origin;
    return url.protocol === wildcard[1].toLowerCase() && url.hostname.endsWith(`.${wildcard[2].toLowerCase()}`) && !url.port;
  });
}
