import { createHash } from "node:crypto";
import { png } from "../support/png";
import { deliveryState, type MediaConfig, type SimMedia } from "./media";

/**
 * Apple's image host: a finished screenshot's imageAsset.templateUrl (a preview's
 * previewImage) with {w}, {h} and {f} filled in, e.g.
 * /image/thumb/Purple/sim/<assetId>/<fileName>/600x1300bb.png. Apple's host is a public CDN
 * (is1-ssl.mzstatic.com and its siblings): no token, and a URL works for anyone who has it.
 *
 * Apple re-renders the file at the size and format asked for; the simulator has no renderer
 * and serves the file itself as its only rendition, whatever size and format the URL names:
 * the bytes committed for an uploaded screenshot, and for seeded assets and previews (whose
 * frames it does not extract) an opaque PNG of the asset's size in a colour of its own.
 */
export type ImageAnswer = { status: 200; contentType: string; body: Buffer } | { status: 404; contentType: string; body: Buffer };

const notFound = (why: string): ImageAnswer => ({ status: 404, contentType: "text/plain; charset=utf-8", body: Buffer.from(why) });
/** The size segment Apple's templates end with once filled in: 600x1300bb.png, 230x0w.jpg, 1200x630wa.jpg. */
const SIZE = /^(\d+)x(\d+)[a-z]*\.(png|jpe?g|webp)$/;
const generated = new Map<string, Buffer>();

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

/** The image at a path under /image/thumb/, looked up in each account the simulator holds. */
export function thumbnail(accounts: SimMedia[], pathname: string, now: number, config: MediaConfig): ImageAnswer {
  const parts = pathname.split("/").slice(1);
  // image, thumb, Purple, sim, <assetId>, <fileName…>, <w>x<h>bb.<f>
  if (parts.length < 7 || parts[0] !== "image" || parts[1] !== "thumb" || parts[2] !== "Purple" || parts[3] !== "sim") return notFound("No such image.");
  if (!SIZE.test(parts[parts.length - 1])) return notFound("Fill in {w}, {h} and {f} of the template.");
  const id = decode(parts[4]);
  const fileName = decode(parts.slice(5, -1).join("/"));
  const asset = accounts.map((m) => (id ? m.assets.get(id) : undefined)).find(Boolean);
  // Only a finished asset has an image; the file name is part of its address.
  if (!asset || asset.deleted || asset.fileName !== fileName || deliveryState(asset, now, config) !== "COMPLETE" || !asset.outcome?.ok) return notFound("No such image.");
  if (asset.image) return { status: 200, contentType: asset.image[0] === 0xff ? "image/jpeg" : "image/png", body: asset.image };
  const width = asset.outcome.width ?? 886;
  const height = asset.outcome.height ?? 1920;
  const key = `${asset.id}\n${width}x${height}`;
  let body = generated.get(key);
  if (!body) {
    const [r, g, b] = createHash("md5").update(asset.id).digest();
    body = png(width, height, { rgb: [r, g, b] });
    generated.set(key, body);
  }
  return { status: 200, contentType: "image/png", body };
}
