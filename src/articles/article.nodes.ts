import { hasRole } from "../auth/auth-checker.js";
import { canSeeUnpublished } from "../common/context.js";
import { inKeyOrder, registerNodeType } from "../common/node.js";
import { serviceFor } from "../common/service.js";
import { toAlert } from "./alert.service.js";
import { ArticleService } from "./article.service.js";

// Through ArticleService's one visibility rule: a draft is null to anyone who may not read it.
registerNodeType("Article", (context) => (ids) => Promise.all(ids.map((id) => serviceFor(context, ArticleService).findById(id))));

// Revisions as `articleRevisions` shows them: to editors and admins, and to the article's author; never of deleted articles.
registerNodeType("ArticleRevision", (context) => async (ids) => {
  const viewer = context.viewer;
  if (!viewer) return ids.map(() => null);
  const rows = await context.prisma.articleRevision.findMany({
    where: { id: { in: ids }, article: canSeeUnpublished(viewer) ? { deletedAt: null } : { deletedAt: null, authorId: viewer.id } },
  });
  return inKeyOrder(ids, rows);
});

// Alerts are the editors' work list (`articleAlerts` is EDITOR-only).
registerNodeType("ArticleAlert", (context) => async (ids) =>
  hasRole(context.viewer, "EDITOR") ? inKeyOrder(ids, (await context.prisma.articleAlert.findMany({ where: { id: { in: ids } } })).map(toAlert)) : ids.map(() => null),
);
