import { inKeyOrder, registerNodeType } from "../common/node.js";

// Production companies are public.
registerNodeType("ProductionCompany", (context) => async (ids) => inKeyOrder(ids, await context.prisma.productionCompany.findMany({ where: { id: { in: ids } } })));
