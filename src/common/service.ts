import type { RequestContext } from "./context.js";

/**
 * Base of every domain service: a service lives for one request, owns its domain's Prisma
 * queries and reaches the request's loaders through `this.context.scope`.
 */
export abstract class RequestService {
  constructor(protected readonly context: RequestContext) {}

  protected get prisma() {
    return this.context.prisma;
  }
}

/** Returns the request's single instance of a service. */
export function serviceFor<T extends RequestService>(
  context: RequestContext,
  Service: new (context: RequestContext) => T,
): T {
  return context.scope.service(Service, () => new Service(context));
}
