/**
 * Reply template text, shared by the server (validation) and the browser (preview and
 * insert). A variable is written {name}; {{ and }} are literal braces.
 */
export const TEMPLATE_VARIABLES = {
  nickname: "The reviewer's nickname",
  app: "The app's name",
  territory: "The reviewer's App Store territory (e.g. USA)",
  rating: "The star rating, 1 to 5",
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

const TOKEN = /\{\{|\}\}|\{([^{}]*)\}/g;

/** The first problem with a template's text, in words, or null. */
export function templateProblems(text: string): string | null {
  for (const m of text.matchAll(TOKEN)) {
    if (m[0] === "{{" || m[0] === "}}") continue;
    const name = m[1].trim();
    if (!(name in TEMPLATE_VARIABLES)) return `{${name}} is not a variable; use ${Object.keys(TEMPLATE_VARIABLES).map((v) => `{${v}}`).join(", ")}.`;
  }
  return null;
}

export type TemplateValues = { nickname?: string | null; app?: string | null; territory?: string | null; rating?: number | null };

/** Fills a template in for one review; a value the review lacks becomes a neutral word rather than an empty gap. */
export function renderTemplate(text: string, v: TemplateValues): string {
  const values: Record<TemplateVariable, string> = {
    nickname: v.nickname?.trim() || "there",
    app: v.app?.trim() || "our app",
    territory: v.territory ?? "",
    rating: v.rating ? String(v.rating) : "",
  };
  return text.replace(TOKEN, (all, name: string | undefined) => {
    if (all === "{{") return "{";
    if (all === "}}") return "}";
    const key = (name ?? "").trim() as TemplateVariable;
    return key in values ? values[key] : all;
  });
}
