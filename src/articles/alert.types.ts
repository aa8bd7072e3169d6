import { Length } from "class-validator";
import { IsGlobalId, Node } from "../common/node.js";
import { ArgsType, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../common/connection.js";

import { DateTimeScalar } from "../common/scalars.js";


/** Why a stale-article alert was cleared. */
export enum AlertClearance {
  REPUBLISHED = "REPUBLISHED",
  FACTS_AGREE = "FACTS_AGREE",
  DISMISSED = "DISMISSED",
}
registerEnumType(AlertClearance, {
  name: "AlertClearance",
  description: "Why a stale-article alert was cleared.",
  valuesConfig: {
    REPUBLISHED: { description: "The article was updated and published again." },
    FACTS_AGREE: { description: "The status facts agree with the article's verdict again." },
    DISMISSED: { description: "An editor judged that the article needs no update." },
  },
});

@ObjectType({ description: "A claim of an article that no longer holds against the database." })
export class StaleClaim {
  @Field(() => String, { description: 'What the claim is about, e.g. "verdict for season 2" or "hours viewed in the week ending 2022-09-18".' })
  claim: string;

  @Field(() => String, { description: "What the article says." })
  articleSays: string;

  @Field(() => String, { description: "What the database says now." })
  current: string;
}

@ObjectType({ implements: Node, description:
    "A published article flagged for an update because a later change contradicts it. Open until the article is " +
    "republished, the facts agree with it again, or an editor dismisses it.",
})
export class ArticleAlert {
  id: number;

  articleId: number;
  statusChangeId: number | null;
  clearedById: number | null;

  @Field(() => [StaleClaim])
  claims: StaleClaim[];

  @Field(() => DateTimeScalar, { description: "When the latest change made the article stale." })
  raisedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  clearedAt: Date | null;

  // A string column holding AlertClearance's names (see stale-alerts.ts and alert.service.ts).
  @Field(() => AlertClearance, { nullable: true, description: "Why the alert was cleared; null while it is open." })
  clearedBecause: string | null;

  @Field(() => String, { nullable: true, description: "The editor's reason, for a dismissed alert." })
  dismissReason: string | null;
}

export const ArticleAlertConnection = connectionType("ArticleAlert", ArticleAlert);

@ArgsType()
export class DismissAlertArgs {
  @Field(() => ID, { description: "The alert's id." })
  @IsGlobalId("ArticleAlert")
  id: string;

  @Field(() => String, { description: "Why the article needs no update (kept in the audit log)." })
  @Length(3, 1000)
  reason: string;
}
