import { ArrayMaxSize, ArrayUnique, IsIn, IsOptional, IsUrl, MaxLength } from "class-validator";
import { Node } from "../common/node.js";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection.js";
import { WebhookDeliveryStatus } from "../db/generated/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import { WEBHOOK_EVENTS, type WebhookEvent as WebhookEventName } from "./outbox.js";

registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a webhook delivery stands.",
  valuesConfig: {
    PENDING: { description: "Waiting for its next attempt." },
    DELIVERED: { description: "The receiver answered 2xx." },
    FAILED: { description: "Gave up after the maximum attempts; retryWebhookDelivery sends it again." },
  },
});
export { WebhookDeliveryStatus };

/**
 * The event types as a GraphQL enum: ARTICLE_PUBLISHED for "article.published" and so on. The values
 * stay the wire names, so the database, the deliveries' payloads and the receivers' headers keep them.
 */
export const WebhookEvent = Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event.replace(/\./g, "_").toUpperCase(), event])) as Record<string, WebhookEventName>;
registerEnumType(WebhookEvent, {
  name: "WebhookEvent",
  description: "What a webhook is told about; a delivery's payload names it in lower case with a dot (ARTICLE_PUBLISHED: article.published).",
});

@ObjectType({ implements: Node, description: "A URL that receives signed event notifications." })
export class WebhookEndpoint {
  id: number;

  @Field(() => String)
  url: string;

  @Field(() => [WebhookEvent], { description: "Event types delivered; empty means all." })
  events: string[];

  @Field(() => Boolean)
  active: boolean;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType({ description: "A newly registered endpoint with its signing secret, shown this once." })
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

  @Field(() => WebhookEvent)
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

@InputType({ description: "A webhook endpoint to register." })
export class RegisterWebhookInput {
  @Field(() => String, { description: "http or https URL." })
  @IsUrl({ protocols: ["http", "https"], require_protocol: true, require_tld: false }, { message: "url must be an http(s) URL" })
  @MaxLength(2000)
  url: string;

  @Field(() => [WebhookEvent], { nullable: true, description: "The event types to deliver. Empty or absent: all." })
  @IsOptional()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `events must be among ${WEBHOOK_EVENTS.join(", ")}` })
  events?: string[];
}

export const WebhookEndpointConnection = connectionType("WebhookEndpoint", WebhookEndpoint);
export const WebhookDeliveryConnection = connectionType("WebhookDelivery", WebhookDelivery);
