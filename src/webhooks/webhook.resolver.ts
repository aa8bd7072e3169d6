import { IsOptional } from "class-validator";
import { globalId, IsGlobalId, optionalRowIdOf, rowIdOf } from "../common/node.js";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { IdArgs } from "../common/lookup.js";
import { ConnectionArgs } from "../common/connection.js";
import { serviceFor } from "../common/service.js";
import { WebhookService } from "./webhook.service.js";
import { restrictedQuery } from "../common/restricted.js";
import {
  RegisterWebhookInput,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEndpointConnection,
  WebhookRegistration,
} from "./webhook.types.js";

@ArgsType()
class SetActiveArgs extends IdArgs {
  @Field(() => Boolean, { description: "false pauses deliveries to the endpoint; true resumes them." })
    active: boolean;
}

@ArgsType()
class DeliveryListArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only deliveries to this endpoint." })
  @IsOptional()
  @IsGlobalId("WebhookEndpoint")
  endpointId?: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true, description: "Only deliveries in this state." })
    status?: WebhookDeliveryStatus;
}

const webhooks = (context: RequestContext) => serviceFor(context, WebhookService);

/** Webhooks are an admin's business end to end. */
@Authorized("ADMIN")
@Resolver()
export class WebhookResolver {
  @Mutation(() => WebhookRegistration, { description: "Registers a receiver; the answer holds its signing secret, shown only once." })
  registerWebhook(@Arg("input", () => RegisterWebhookInput, { description: "The fields to write (see RegisterWebhookInput)." }) input: RegisterWebhookInput, @Ctx() context: RequestContext) {
    return webhooks(context).register(input);
  }

  @Query(() => WebhookEndpointConnection, restrictedQuery("Registered webhook endpoints, oldest first.", "admins"))
  webhookEndpoints(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext) {
    return webhooks(context).list(args);
  }

  @Mutation(() => WebhookEndpoint)
  setWebhookActive(@Args(() => SetActiveArgs) { id, active }: SetActiveArgs, @Ctx() context: RequestContext) {
    return webhooks(context).setActive(rowIdOf("WebhookEndpoint", id, "id"), active);
  }

  @Mutation(() => WebhookEndpoint, { description: "Removes the endpoint and its delivery history." })
  deleteWebhook(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return webhooks(context).remove(rowIdOf("WebhookEndpoint", id, "id"));
  }

  @Query(() => WebhookDeliveryConnection, restrictedQuery("Deliveries, newest first: failures stay visible here.", "admins"))
  webhookDeliveries(@Args(() => DeliveryListArgs) { endpointId, status, ...page }: DeliveryListArgs, @Ctx() context: RequestContext) {
    return webhooks(context).deliveries(page, { endpointId: optionalRowIdOf("WebhookEndpoint", endpointId, "endpointId"), status });
  }

  @Mutation(() => WebhookDelivery, {
    description: "Sends a delivery again now (FAILED ones start a fresh round of attempts); CONFLICT while an attempt is in flight.",
  })
  retryWebhookDelivery(@Args(() => IdArgs) { id }: IdArgs, @Ctx() context: RequestContext) {
    return webhooks(context).retry(rowIdOf("WebhookDelivery", id, "id"));
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID, { description: "The endpoint's global id." })
  endpointId(@Root() delivery: WebhookDelivery): string {
    return globalId("WebhookEndpoint", delivery.endpointId);
  }
}
