import type { AuthCheckerInterface, ResolverData } from "type-graphql";
import type { RequestContext, ViewerRole } from "../common/context.js";
import { forbidden, unauthenticated } from "../common/errors.js";

/** Each role may do what the roles below it may: ADMIN ⊇ EDITOR ⊇ WRITER. */
const rank: Record<ViewerRole, number> = { WRITER: 1, EDITOR: 2, ADMIN: 3 };

/** Whether the viewer holds `role` or a higher one. */
export function hasRole(viewer: { role: ViewerRole } | null, role: ViewerRole): boolean {
  return viewer !== null && rank[viewer.role] >= rank[role];
}

/**
 * type-graphql's check for `@Authorized(...roles)`: no roles means any signed-in user; a listed
 * role is also satisfied by any higher one. Anonymous callers get UNAUTHENTICATED, signed-in
 * callers without the role get FORBIDDEN (type-graphql's own errors carry no code).
 */
export class RoleAuthChecker implements AuthCheckerInterface<RequestContext, ViewerRole> {
  check({ context }: ResolverData<RequestContext>, roles: ViewerRole[]): boolean {
    const viewer = context.viewer;
    if (!viewer) throw unauthenticated("Sign in to do this.");
    if (roles.length === 0) return true;
    const needed = Math.min(...roles.map((role) => rank[role]));
    if (rank[viewer.role] < needed) throw forbidden(`This needs the ${roles.join(" or ")} role.`);
    return true;
  }
}
