import { groupByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { CuratedEntity } from "./provenance.js";
import type { FieldProvenance } from "./provenance.types.js";

export class ProvenanceService extends RequestService {
  /** The provenance of every curated field of a record, by field name; batched per entity type in a request. */
  of(type: CuratedEntity, id: number): Promise<FieldProvenance[]> {
    return this.context.scope
      .loader<number, FieldProvenance[]>(`provenance.${type}`, async (ids) => {
        const rows = await this.prisma.fieldProvenance.findMany({
          where: { entityType: type, entityId: { in: [...ids] } },
          orderBy: [{ entityId: "asc" }, { field: "asc" }],
        });
        return groupByKey(ids, rows, (row) => row.entityId);
      })
      .load(id);
  }
}
