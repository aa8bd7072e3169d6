import { badUserInput, unauthenticated } from "../common/errors.js";
import { globalId, rowIdOf } from "../common/node.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService, serviceFor } from "../common/service.js";
import { firstFreeSlug, slugFromTitle } from "../articles/slug.js";
import type { Prisma } from "../db/prisma.js";
import { claimSlug, lockAtVersion, recordCuratedSave, savedBy, type CuratedRecordKind } from "../provenance/curated-record.js";
import { differingFields, givenFields, ShowCurationService } from "../shows/curation.service.js";
import type { CreateProductionCompanyInput, UpdateProductionCompanyInput } from "./company-curation.inputs.js";
import type { ProductionCompany } from "./company.types.js";

type Tx = Prisma.TransactionClient;

const COMPANY_FIELDS = ["name", "slug", "country", "website"] as const;

const COMPANY: CuratedRecordKind = {
  table: "ProductionCompany",
  noun: "company",
  event: "company.updated",
  // Companies keep no slug aliases: their pages are few and rarely linked from outside.
  async slugTaken(tx, slug, id) {
    return Boolean(await tx.productionCompany.findFirst({ where: { slug, ...(id ? { id: { not: id } } : {}) }, select: { id: true } }));
  },
};

/** Editors' edits of production companies (versioned on their own) and of shows' links to them (at the show's version). */
export class CompanyCurationService extends RequestService {
  private get actorId(): number {
    if (!this.context.viewer) throw unauthenticated("Sign in to edit companies.");
    return this.context.viewer.id;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction(work, { timeout: 15_000, maxWait: 10_000 });
    publicContentChanged();
    return result;
  }

  create(input: CreateProductionCompanyInput): Promise<ProductionCompany> {
    const actorId = this.actorId;
    return this.transaction(async (tx) => {
      const slug = input.slug ? await claimSlug(tx, COMPANY, input.slug, null) : await firstFreeSlug(slugFromTitle(input.name), (candidate) => COMPANY.slugTaken(tx, candidate, null));
      const fields = { ...givenFields(input, COMPANY_FIELDS), slug } as Prisma.ProductionCompanyUncheckedCreateInput;
      const company = await tx.productionCompany.create({ data: { ...fields, updatedById: actorId } });
      await recordCuratedSave(tx, COMPANY, company, { created: true, changed: Object.keys(fields), actorId, version: company.version });
      return company;
    });
  }

  update(input: UpdateProductionCompanyInput): Promise<ProductionCompany> {
    const actorId = this.actorId;
    const id = rowIdOf("ProductionCompany", input.id, "input.id");
    return this.transaction(async (tx) => {
      await lockAtVersion(tx, "ProductionCompany", id, input.baseVersion, { id: "input.id", baseVersion: "input.baseVersion" });
      const before = await tx.productionCompany.findUniqueOrThrow({ where: { id } });
      const given = givenFields(input, COMPANY_FIELDS);
      const changed = differingFields(before as unknown as Record<string, unknown>, given);
      if (changed.length === 0) return before;
      if (changed.includes("slug")) await claimSlug(tx, COMPANY, input.slug!, id);
      const data = Object.fromEntries(changed.map((field) => [field, given[field as keyof typeof given]]));
      const company = await tx.productionCompany.update({ where: { id }, data: { ...data, ...savedBy(actorId) } });
      await recordCuratedSave(tx, COMPANY, company, { created: false, changed, actorId, version: company.version });
      return company;
    });
  }

  link(showId: number, companyId: number, baseVersion: number): Promise<boolean> {
    return serviceFor(this.context, ShowCurationService).editShowPart(
      showId,
      baseVersion,
      "company.linked",
      async (tx) => {
        if (!(await tx.productionCompany.findUnique({ where: { id: companyId }, select: { id: true } }))) {
          throw badUserInput(`No production company with id ${globalId("ProductionCompany", companyId)}.`, "companyId");
        }
        await tx.showProductionCompany.createMany({ data: [{ showId, companyId }], skipDuplicates: true });
        return { result: true, details: { companyId: globalId("ProductionCompany", companyId) } };
      },
      { id: "showId", baseVersion: "baseVersion" },
    );
  }

  unlink(showId: number, companyId: number, baseVersion: number): Promise<boolean> {
    return serviceFor(this.context, ShowCurationService).editShowPart(
      showId,
      baseVersion,
      "company.unlinked",
      async (tx) => {
        const { count } = await tx.showProductionCompany.deleteMany({ where: { showId, companyId } });
        if (count === 0) throw badUserInput(`Show ${showId} is not linked to company ${companyId}.`, "companyId");
        return { result: true, details: { companyId: globalId("ProductionCompany", companyId) } };
      },
      { id: "showId", baseVersion: "baseVersion" },
    );
  }
}
