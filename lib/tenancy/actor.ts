import type { Actor, OrgContext } from "./context";

type ActorColumns<C extends string> = { [K in `${C}Id` | `${C}TokenId`]: string | null };

/**
 * The pair of columns that record who did something, from the actor: a member in `<column>Id`,
 * an API token in `<column>TokenId`, and the operator in neither (the audit log names them).
 */
export function actorColumns<C extends string>(actor: Actor, column: C): ActorColumns<C> {
  return {
    [`${column}Id`]: actor.kind === "member" ? actor.userId : null,
    [`${column}TokenId`]: actor.kind === "apiToken" ? actor.tokenId : null,
  } as ActorColumns<C>;
}

/** How an API token is named where a person's email would be shown. */
export const tokenLabel = (name: string) => `API token “${name}”`;

/** Who acted, as people read it: a member's email, an API token's name, or the operator's name. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === "member") return actor.email;
  if (actor.kind === "apiToken") return tokenLabel(actor.name);
  return actor.name;
}

/** The label of a row's actor from its two relations: the member's email, else the token's name. */
export function shownActor(user: { email: string } | null | undefined, token: { name: string } | null | undefined): string | null {
  return user ? user.email : token ? tokenLabel(token.name) : null;
}

/** The signed-in member's user id, or null for an API token or the operator ("mine" matches nothing for them). */
export function memberUserId(ctx: Pick<OrgContext, "actor">): string | null {
  return ctx.actor.kind === "member" ? ctx.actor.userId : null;
}
