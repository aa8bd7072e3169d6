import { hasRole } from "../auth/auth-checker.js";
import { inKeyOrder, registerNodeType } from "../common/node.js";

// The audit log is for editors and admins (`auditLog` is EDITOR-only); its details field applies its own rule.
registerNodeType("AuditEvent", (context) => async (ids) =>
  hasRole(context.viewer, "EDITOR") ? inKeyOrder(ids, await context.prisma.auditEvent.findMany({ where: { id: { in: ids } } })) : ids.map(() => null),
);
