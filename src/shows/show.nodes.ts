import { canSeeUnpublished } from "../common/context.js";
import { inKeyOrder, registerNodeType } from "../common/node.js";
import { serviceFor } from "../common/service.js";
import { ShowService, toRating } from "./show.service.js";

// Shows, seasons and ratings are public; the loaders batch, so `nodes` costs one statement per type.
registerNodeType("Show", (context) => (ids) => Promise.all(ids.map((id) => serviceFor(context, ShowService).findById(id))));
registerNodeType("Season", (context) => (ids) => Promise.all(ids.map((id) => serviceFor(context, ShowService).seasonById(id))));
registerNodeType("Rating", (context) => async (ids) => inKeyOrder(ids, (await context.prisma.rating.findMany({ where: { id: { in: ids } } })).map(toRating)));

// A fact is read from its show's history (its previousStatus depends on the facts before it):
// one statement finds the facts' shows, one reads those shows' histories. Retracted facts are for editors only.
registerNodeType("StatusChange", (context) => async (ids) => {
  const facts = await context.prisma.statusChange.findMany({
    where: { id: { in: ids }, ...(canSeeUnpublished(context.viewer) ? {} : { retractedAt: null }) },
    select: { id: true, showId: true },
  });
  const shows = serviceFor(context, ShowService);
  const histories = await Promise.all(facts.map((fact) => shows.statusHistoryOf(fact.showId)));
  return inKeyOrder(ids, histories.flat().filter((change) => ids.includes(change.id)));
});
