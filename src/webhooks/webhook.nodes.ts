import { hasRole } from "../auth/auth-checker.js";
import { inKeyOrder, registerNodeType } from "../common/node.js";
import { endpointColumns } from "./webhook.service.js";

// Webhooks are admin-only, like every webhook query; the endpoint's secret is never selected.
registerNodeType("WebhookEndpoint", (context) => async (ids) =>
  hasRole(context.viewer, "ADMIN") ? inKeyOrder(ids, await context.prisma.webhookEndpoint.findMany({ where: { id: { in: ids } }, select: endpointColumns })) : ids.map(() => null),
);
registerNodeType("WebhookDelivery", (context) => async (ids) =>
  hasRole(context.viewer, "ADMIN") ? inKeyOrder(ids, await context.prisma.webhookDelivery.findMany({ where: { id: { in: ids } } })) : ids.map(() => null),
);
