import { inKeyOrder, registerNodeType } from "../common/node.js";
import { toChartEntry } from "./chart.service.js";

// Chart rows are public.
registerNodeType("ChartEntry", (context) => async (ids) => inKeyOrder(ids, (await context.prisma.chartEntry.findMany({ where: { id: { in: ids } } })).map(toChartEntry)));
