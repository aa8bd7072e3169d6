import { indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Author } from "./author.types.js";

export class UserService extends RequestService {
  /** Public author fields only: the query never selects email, role or password hash. */
  author(userId: number): Promise<Author | null> {
    return this.context.scope
      .loader<number, Author | null>("auth.authorById", async (ids) =>
        indexByKey(
          ids,
          await this.prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } }),
          (user) => user.id,
        ),
      )
      .load(userId);
  }
}
