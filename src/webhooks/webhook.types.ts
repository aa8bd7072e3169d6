import { ArrayMaxSize, ArrayUnique, IsIn, IsOptional, IsUrl, MaxLength } from "class-validator";
import { Node } from "../common/node.js";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection.js";
import { WebhookDeliveryStatus } from "../db/generated/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import { WEBHOOK_EVENTS } from "./outbox.js";

registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  valuesConfig: {
    PENDING: { description: "Waiting for its next attempt." },
    DELIVERED: { description: "The receiver answered 2xx." },
    FAILED: { description: "Gave up after the maximum attempts; retryWebhookDelivery sends it again." },
  },
});
export { WebhookDeliveryStatus };

@ObjectType({ implements: Node, description: "A URL that receives signed event notifications." })
export class WebhookEndpoint {
  id: number;

  @Field(() => String)
  url: string;

  @Field(() => [String], { description: "Event types delivered; empty means all." })
  events: string[];

  @Field(() => Boolean)
  active: boolean;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType()
export class WebhookRegistration {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field(() => String, { description: "HMAC-SHA256 key for X-Greenlight-Signature. Shown only here: store it now." })
  secret: string;
}

@ObjectType({ implements: Node, description: "One event on its way to one endpoint." })
export class WebhookDelivery {
  id: number;

  /** Exposed as the endpoint's global id by WebhookDeliveryResolver. */
  endpointId: number;

  @Field(() => String)
  event: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => DateTimeScalar)
  nextAttemptAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@InputType()
export class RegisterWebhookInput {
  @Field(() => String, { description: "http or https URL." })
  @IsUrl({ protocols: ["http", "https"], require_protocol: true, require_tld: false }, { message: "url must be an http(s) URL" })
  @MaxLength(2000)
  url: string;

  @Field(() => [String], { nullable: true, description: `Any of: ${WEBHOOK_EVENTS.join(", ")}. Empty or absent: all.` })
  @IsOptional()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events must be among ${WEBHOOK_EVENTS.join(", ")}` })
  events?: string[];
}

export const WebhookEndpointConnection = connectionType("WebhookEndpoint", WebhookEndpoint);
export const WebhookDeliveryConnection = connectionType("WebhookDelivery", WebhookDelivery);
