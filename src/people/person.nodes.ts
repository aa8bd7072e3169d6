import { inKeyOrder, registerNodeType } from "../common/node.js";
import { serviceFor } from "../common/service.js";
import { PeopleService } from "./people.service.js";

// People and credits are public; `nodes` costs one statement per type.
registerNodeType("Person", (context) => (ids) => Promise.all(ids.map((id) => serviceFor(context, PeopleService).findById(id))));
registerNodeType("Credit", (context) => async (ids) => inKeyOrder(ids, await context.prisma.credit.findMany({ where: { id: { in: ids } } })));
