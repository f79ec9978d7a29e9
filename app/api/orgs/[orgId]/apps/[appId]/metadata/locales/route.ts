import { orgRoute } from "@/lib/http/route";
import { addLocale, ZAddLocale } from "@/lib/metadata/locales";

/** Adds a locale at App Store Connect (app information and version), with the fields Apple requires. */
export const POST = orgRoute("metadata.edit", { body: ZAddLocale }, async ({ ctx, body, params }) => addLocale(ctx, params.appId, body));
