import { badUserInput, notFound, unauthenticated } from "../common/errors.js";
import { globalId, rowIdOf } from "../common/node.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService, serviceFor } from "../common/service.js";
import { firstFreeSlug, slugFromTitle } from "../articles/slug.js";
import type { Prisma } from "../db/prisma.js";
import { claimSlug, lockAtVersion, recordCuratedSave, savedBy, type CuratedRecordKind } from "../provenance/curated-record.js";
import { differingFields, givenFields, ShowCurationService } from "../shows/curation.service.js";
import type { AddCreditInput, CreatePersonInput, UpdateCreditInput, UpdatePersonInput } from "./person-curation.inputs.js";
import type { Credit, Person } from "./person.types.js";

type Tx = Prisma.TransactionClient;

const PERSON_FIELDS = ["name", "slug", "bio"] as const;
const CREDIT_FIELDS = ["role", "characterName", "position"] as const;

const PERSON: CuratedRecordKind = {
  table: "Person",
  noun: "person",
  event: "person.updated",
  async slugTaken(tx, slug, id) {
    const [person, alias] = await Promise.all([
      tx.person.findFirst({ where: { slug, ...(id ? { id: { not: id } } : {}) }, select: { id: true } }),
      tx.personSlugAlias.findFirst({ where: { slug, ...(id ? { personId: { not: id } } : {}) } }),
    ]);
    return Boolean(person || alias);
  },
};

/** Editors' edits of people (versioned on their own) and of credits (parts of their show, at the show's version). */
export class PersonCurationService extends RequestService {
  private get actorId(): number {
    if (!this.context.viewer) throw unauthenticated("Sign in to edit people.");
    return this.context.viewer.id;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction(work, { timeout: 15_000, maxWait: 10_000 });
    publicContentChanged();
    return result;
  }

  createPerson(input: CreatePersonInput): Promise<Person> {
    const actorId = this.actorId;
    return this.transaction(async (tx) => {
      const slug = input.slug ? await claimSlug(tx, PERSON, input.slug, null) : await firstFreeSlug(slugFromTitle(input.name), (candidate) => PERSON.slugTaken(tx, candidate, null));
      const fields = { ...givenFields(input, PERSON_FIELDS), slug } as Prisma.PersonUncheckedCreateInput;
      const person = await tx.person.create({ data: { ...fields, updatedById: actorId } });
      await recordCuratedSave(tx, PERSON, person, { created: true, changed: Object.keys(fields), actorId, version: person.version });
      return person;
    });
  }

  updatePerson(input: UpdatePersonInput): Promise<Person> {
    const actorId = this.actorId;
    const id = rowIdOf("Person", input.id, "input.id");
    return this.transaction(async (tx) => {
      await lockAtVersion(tx, "Person", id, input.baseVersion, { id: "input.id", baseVersion: "input.baseVersion" });
      const before = await tx.person.findUniqueOrThrow({ where: { id } });
      const given = givenFields(input, PERSON_FIELDS);
      const changed = differingFields(before as unknown as Record<string, unknown>, given);
      if (changed.length === 0) return before;
      if (changed.includes("slug")) {
        await claimSlug(tx, PERSON, input.slug!, id);
        await tx.personSlugAlias.deleteMany({ where: { slug: input.slug! } });
        await tx.personSlugAlias.create({ data: { slug: before.slug, personId: id } });
      }
      const data = Object.fromEntries(changed.map((field) => [field, given[field as keyof typeof given]]));
      const person = await tx.person.update({ where: { id }, data: { ...data, ...savedBy(actorId) } });
      await recordCuratedSave(tx, PERSON, person, { created: false, changed, actorId, version: person.version });
      return person;
    });
  }

  async addCredit(input: AddCreditInput): Promise<Credit> {
    const showId = rowIdOf("Show", input.showId, "input.showId");
    const personId = rowIdOf("Person", input.personId, "input.personId");
    return serviceFor(this.context, ShowCurationService).editShowPart(showId, input.baseVersion, "credit.added", async (tx) => {
      if (!(await tx.person.findUnique({ where: { id: personId }, select: { id: true } }))) throw badUserInput(`No person with id ${input.personId}.`, "input.personId");
      const credit = await tx.credit.create({
        data: { showId, personId, role: input.role, characterName: input.characterName ?? null, position: input.position ?? 0 },
      });
      return { result: credit, details: { creditId: globalId("Credit", credit.id), personId: globalId("Person", personId), role: credit.role } };
    });
  }

  async updateCredit(input: UpdateCreditInput): Promise<Credit> {
    const id = rowIdOf("Credit", input.id, "input.id");
    const credit = await this.prisma.credit.findUnique({ where: { id }, select: { showId: true } });
    if (!credit) throw notFound(`No credit with id ${globalId("Credit", id)}.`, "input.id");
    return serviceFor(this.context, ShowCurationService).editShowPart(
      credit.showId,
      input.baseVersion,
      "credit.updated",
      async (tx) => {
        const before = await tx.credit.findUniqueOrThrow({ where: { id } });
        const given = givenFields(input, CREDIT_FIELDS);
        const changed = differingFields(before as unknown as Record<string, unknown>, given);
        const updated = await tx.credit.update({ where: { id }, data: Object.fromEntries(changed.map((field) => [field, given[field as keyof typeof given]])) });
        return { result: updated, details: { creditId: globalId("Credit", id), personId: globalId("Person", before.personId), changed } };
      },
      { id: "input.id", baseVersion: "input.baseVersion" },
    );
  }

  async removeCredit(id: number, baseVersion: number): Promise<boolean> {
    const credit = await this.prisma.credit.findUnique({ where: { id }, select: { showId: true } });
    if (!credit) throw notFound(`No credit with id ${globalId("Credit", id)}.`, "id");
    return serviceFor(this.context, ShowCurationService).editShowPart(
      credit.showId,
      baseVersion,
      "credit.removed",
      async (tx) => {
        const removed = await tx.credit.delete({ where: { id } });
        return { result: true, details: { creditId: globalId("Credit", id), personId: globalId("Person", removed.personId), role: removed.role } };
      },
      { id: "id", baseVersion: "baseVersion" },
    );
  }
}
