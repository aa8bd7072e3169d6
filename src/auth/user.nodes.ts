import { hasRole } from "./auth-checker.js";
import { inKeyOrder, registerNodeType } from "../common/node.js";
import { publicColumns } from "./user.service.js";

// An account is for its owner and for admins (as `viewer` and `users` show it); null to everyone else.
registerNodeType("User", (context) => async (ids) => {
  const viewer = context.viewer;
  if (!viewer) return ids.map(() => null);
  const allowed = hasRole(viewer, "ADMIN") ? ids : ids.filter((id) => id === viewer.id);
  if (allowed.length === 0) return ids.map(() => null);
  return inKeyOrder(ids, await context.prisma.user.findMany({ where: { id: { in: allowed } }, select: publicColumns }));
});

// An author's public face (a name): staff see every account's; anonymous readers only those who wrote a published article.
registerNodeType("Author", (context) => async (ids) => {
  const published = context.viewer ? {} : { articles: { some: { status: "PUBLISHED" as const, deletedAt: null } } };
  return inKeyOrder(ids, await context.prisma.user.findMany({ where: { id: { in: ids }, ...published }, select: { id: true, name: true } }));
});
