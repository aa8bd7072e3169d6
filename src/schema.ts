import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ArticleResolver, ShowArticlesResolver, StatusChangeArticleResolver, StatusRetractionArticleResolver } from "./articles/article.resolver.js";
import { ArticlePreviewResolver, ArticleRevisionResolver, EditorialResolver } from "./articles/editorial.resolver.js";
import { ArticleAlertFieldResolver, ArticleAlertResolver } from "./articles/alert.resolver.js";
import { AuditResolver } from "./audit/audit.resolver.js";
import { RoleAuthChecker } from "./auth/auth-checker.js";
import { UserResolver } from "./auth/user.resolver.js";
import { WebhookDeliveryResolver, WebhookResolver } from "./webhooks/webhook.resolver.js";
import { ChartEntryResolver, SeasonChartsResolver, ShowChartsResolver } from "./charts/chart.resolver.js";
import { ImportResolver } from "./charts/import.resolver.js";
import { SeasonComparisonResolver } from "./charts/comparison.resolver.js";
import { MostPopularResolver, SeasonMostPopularResolver } from "./charts/most-popular.resolver.js";
import { CompanyChartTotalsResolver, LeaderboardResolver, PersonChartTotalsResolver, SeasonChartStatsResolver } from "./charts/leaderboard.resolver.js";
import { MetadataImportResolver } from "./metadata/metadata.resolver.js";
import { OutlookQueryResolver, RenewalOutlookResolver, SeasonOutlookResolver } from "./charts/outlook.resolver.js";
import { RenewalDraftResolver } from "./charts/renewal-draft.resolver.js";
import { CompanyResolver, ShowCompaniesResolver } from "./companies/company.resolver.js";
import { CreditResolver, PersonResolver, ShowCreditsResolver } from "./people/person.resolver.js";
import { SearchResolver } from "./search/search.resolver.js";
import { ArticleChangeResolver, LiveResolver } from "./live/live.resolver.js";
import { assertRestrictedFieldsNullable } from "./common/restricted.js";
import { validateArguments } from "./common/validation.js";
import { NodeFieldsResolver, assertNodeTypesLoadable } from "./common/node.js";
import { NodeResolver } from "./common/node.resolver.js";
// Each domain's node(id:) loaders (registered on import).
import "./shows/show.nodes.js";
import "./people/person.nodes.js";
import "./companies/company.nodes.js";
import "./charts/chart.nodes.js";
import "./articles/article.nodes.js";
import "./auth/user.nodes.js";
import "./audit/audit.nodes.js";
// Each domain's compiled-read declarations (registered on import; see db/compiled/mapping.ts).
import "./shows/show.sql.js";
import "./people/person.sql.js";
import "./companies/company.sql.js";
import "./charts/chart.sql.js";
import "./articles/article.sql.js";
import "./webhooks/webhook.nodes.js";
import { RatingResolver, SeasonResolver, ShowResolver } from "./shows/show.resolver.js";
import { StatusChangeResolver, StatusRetractionResolver } from "./shows/status-facts.resolver.js";
import { ShowCurationResolver } from "./shows/curation.resolver.js";
import { ShowMergeResolver } from "./shows/merge.resolver.js";
import { PersonCurationResolver } from "./people/person-curation.resolver.js";
import { CompanyCurationResolver } from "./companies/company-curation.resolver.js";
import {
  CompanyProvenanceResolver,
  FieldProvenanceResolver,
  PersonProvenanceResolver,
  SeasonProvenanceResolver,
  ShowProvenanceResolver,
} from "./provenance/provenance.resolver.js";

/** Every resolver class of the API; the schema is built from these and nothing else. */
const resolvers = [
  NodeFieldsResolver,
  NodeResolver,
  ShowResolver,
  SeasonResolver,
  RatingResolver,
  StatusChangeResolver,
  StatusRetractionResolver,
  ShowCurationResolver,
  ShowMergeResolver,
  PersonCurationResolver,
  CompanyCurationResolver,
  ShowProvenanceResolver,
  SeasonProvenanceResolver,
  PersonProvenanceResolver,
  CompanyProvenanceResolver,
  FieldProvenanceResolver,
  PersonResolver,
  CreditResolver,
  ShowCreditsResolver,
  CompanyResolver,
  ShowCompaniesResolver,
  ChartEntryResolver,
  ShowChartsResolver,
  SeasonChartsResolver,
  LeaderboardResolver,
  SeasonChartStatsResolver,
  CompanyChartTotalsResolver,
  PersonChartTotalsResolver,
  ImportResolver,
  MetadataImportResolver,
  SeasonOutlookResolver,
  RenewalOutlookResolver,
  OutlookQueryResolver,
  SeasonComparisonResolver,
  MostPopularResolver,
  SeasonMostPopularResolver,
  RenewalDraftResolver,
  ArticleResolver,
  ShowArticlesResolver,
  StatusChangeArticleResolver,
  StatusRetractionArticleResolver,
  EditorialResolver,
  ArticleRevisionResolver,
  ArticlePreviewResolver,
  ArticleAlertResolver,
  ArticleAlertFieldResolver,
  AuditResolver,
  UserResolver,
  WebhookResolver,
  WebhookDeliveryResolver,
  SearchResolver,
  LiveResolver,
  ArticleChangeResolver,
] as const;

export async function buildApiSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    validateFn: validateArguments,
    // type-graphql insists on a PubSub once there are subscriptions; ours bring their own `subscribe`
    // (live/live.resolver.ts, fed by live/bus.ts), so topic-based ones are a mistake to refuse.
    pubSub: {
      publish() {
        throw new Error("Publish to the live bus (live/bus.ts), not to type-graphql topics");
      },
      subscribe() {
        throw new Error("Subscriptions give their own `subscribe` (live/live.resolver.ts)");
      },
    },
    authChecker: RoleAuthChecker,
    // Nullability is spelled out on every field; lists never hold nulls.
    nullableByDefault: false,
  });
  assertRestrictedFieldsNullable(schema);
  // type-graphql builds the root types itself and takes no description for them.
  schema.getQueryType()!.description = "Reading the catalogue, the charts and the articles; editors also read drafts, the audit log and the review queue here.";
  schema.getMutationType()!.description = "Signing in, curating the catalogue, importing charts and editing articles; each says who may run it.";
  schema.getSubscriptionType()!.description = "Live changes over WebSocket (graphql-ws on /graphql); each says who may subscribe.";
  assertNodeTypesLoadable(schema);
  return schema;
}

/** The SDL committed as schema.graphql, sorted so that it diffs cleanly. */
export function printApiSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
