import { RequestService } from "../common/service.js";
import type { AuditLogArgs } from "./audit.args.js";
import type { AuditEvent } from "./audit.types.js";

export class AuditService extends RequestService {
  /** Newest first. */
  list(args: AuditLogArgs): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: { entityType: args.entityType, entityId: args.entityId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: args.first,
      skip: args.skip,
    });
  }
}
