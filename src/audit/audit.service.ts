import { findPage, idOrdering, type Connection } from "../common/connection.js";
import { badUserInput } from "../common/errors.js";
import { dateTimeRangeFilter } from "../common/ranges.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { AuditLogArgs } from "./audit.args.js";
import type { AuditEvent } from "./audit.types.js";

export class AuditService extends RequestService {
  /** Newest first. */
  list(args: AuditLogArgs): Promise<Connection<AuditEvent>> {
    const filter = args.where ?? {};
    if (filter.entityId !== undefined && filter.entityType === undefined) {
      throw badUserInput("entityId needs entityType.", "where.entityType");
    }
    const where: Prisma.AuditEventWhereInput = {
      entityType: filter.entityType,
      entityId: filter.entityId,
      action: filter.action,
      createdAt: dateTimeRangeFilter(filter.createdAt, "where.createdAt"),
    };
    return findPage(
      args,
      idOrdering<AuditEvent>("desc"),
      where,
      (query) => this.prisma.auditEvent.findMany(query as Prisma.AuditEventFindManyArgs),
      (where) => this.prisma.auditEvent.count({ where }),
    );
  }
}
