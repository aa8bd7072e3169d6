import { decodeGlobalId } from "../common/node.js";
import { findPage, idOrdering, type Connection } from "../common/connection.js";
import { booleanWhere } from "../common/filters.js";
import { badUserInput } from "../common/errors.js";
import { dateTimeRangeFilter } from "../common/ranges.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { AuditLogArgs } from "./audit.args.js";
import { hasRole } from "../auth/auth-checker.js";
import type { ViewerRole } from "../common/context.js";
import type { AuditEvent } from "./audit.types.js";

/**
 * Who may read an entry's details, by the kind of record it describes: the same role that may read
 * that record's fields (a webhook endpoint's URL is for admins only). Kinds not listed follow
 * auditLog's own rule.
 */
const detailsReaders: Partial<Record<string, ViewerRole>> = { WebhookEndpoint: "ADMIN" };

export class AuditService extends RequestService {
  /** The entry's details, or null when the viewer may not read the fields of the record it describes. */
  detailsOf(event: AuditEvent): unknown {
    const role = detailsReaders[event.entityType];
    return role && !hasRole(this.context.viewer, role) ? null : event.details;
  }

  /** Newest first. */
  list(args: AuditLogArgs): Promise<Connection<AuditEvent>> {
    // A global id names its record's type: entityType, if given too, must agree with it.
    const where: Prisma.AuditEventWhereInput = booleanWhere(args.where, (filter, path) => {
      const entity = filter.entityId == null ? null : decodeGlobalId(filter.entityId);
      if (filter.entityId != null && !entity) throw badUserInput(`\`${path}.entityId\` must be an id read from the API.`, `${path}.entityId`);
      if (entity && filter.entityType != null && filter.entityType !== entity.typeName) {
        throw badUserInput(`${path}.entityId is the id of a ${entity.typeName}, not of a ${filter.entityType}.`, `${path}.entityType`);
      }
      return {
        entityType: entity?.typeName ?? filter.entityType,
        entityId: entity?.rowId,
        action: filter.action,
        createdAt: dateTimeRangeFilter(filter.createdAt, `${path}.createdAt`),
      };
    });
    return findPage(
      args,
      idOrdering<AuditEvent>("desc"),
      where,
      (query) => this.prisma.auditEvent.findMany(query as Prisma.AuditEventFindManyArgs),
      (where) => this.prisma.auditEvent.count({ where }),
    );
  }
}
