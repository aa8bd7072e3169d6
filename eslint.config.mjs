// ESLint here lints the printed schema only (tests/schema-lint.test.ts runs it): graphql-eslint's
// schema rules, its recommended and Relay configs, plus descriptions on every field argument.
// Every exception below is deliberate and says why. Those marked "ids: handled by the Relay
// change" are the Relay object identification work (Node, global ids): remove them with it.
import graphql from "@graphql-eslint/eslint-plugin";

const recommended = graphql.configs["flat/schema-recommended"].rules;
const relay = graphql.configs["flat/schema-relay"].rules;
const [namingLevel, naming] = recommended["@graphql-eslint/naming-convention"];

export default [
  {
    files: ["schema.graphql"],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: "schema.graphql" } } },
    plugins: { "@graphql-eslint": graphql },
    rules: {
      ...recommended,
      ...relay,
      // Beyond recommended: every field argument is described too (input object fields describe
      // their own inputs' purpose and are left to the input's description).
      "@graphql-eslint/require-description": [
        "error",
        { types: true, DirectiveDefinition: true, rootField: true, InputValueDefinition: true, ignoredSelectors: ["InputObjectTypeDefinition > InputValueDefinition"] },
      ],
      // Exception: the boolean combinators of `where` inputs are AND/OR/NOT, the names PostGraphile,
      // Hasura, Keystone and Prisma use, so clients' habits carry over.
      "@graphql-eslint/naming-convention": [namingLevel, { ...naming, InputValueDefinition: { style: "camelCase", ignorePattern: "^(AND|OR|NOT)$" } }],
      "@graphql-eslint/strict-id-in-types": [
        "error",
        {
          exceptions: {
            // Exception: connections, edges and payloads are wrappers, not records.
            suffixes: ["Connection", "Edge", "Payload"],
            // Exception: value objects: computed answers or parts of a record, with no identity of
            // their own that a client could refetch or that a cache should merge by.
            types: [
              "ArticleChange",
              "ArticlePreview",
              "AucInterval",
              "BacktestBaselines",
              "BacktestWindow",
              "CalibrationBin",
              "AlignedWeek",
              "ComparableSeason",
              "Continent",
              "ContinentRun",
              "MethodScores",
              "ThresholdScore",
              "ChartDrop",
              "ChartFiguresSource",
              "ChartRun",
              "ChartTotals",
              "ChartWeek",
              "Country",
              "CountryRun",
              "FieldProvenance",
              "ImportSummary",
              "MergeCounts",
              "MetadataFieldConflict",
              "MetadataImportSummary",
              "MetadataMatchReportEntry",
              "MetadataUnmatchedCount",
              "MostPopularEntry",
              "MostPopularPosition",
              "OutlookBacktest",
              "OutlookReason",
              "PageInfo",
              "RenewalOutlook",
              "ReviewQueueChange",
              "SeasonAlignment",
              "SeasonComparison",
              "SeasonChartStats",
              "ShowComparison",
              "ShowStatusChange",
              "ShowViewing",
              "StaleClaim",
              "StatusRetraction",
              "WebhookRegistration",
            ],
          },
        },
      ],
      "@graphql-eslint/relay-edge-types": [
        "error",
        {
          // Exception: plain lists of values and small bounded lists (a show's genres, seasons,
          // ratings) are deliberate; only unbounded lists are connections.
          listTypeCanWrapOnlyEdgeType: false,
          shouldImplementNode: true,
        },
      ],
      "@graphql-eslint/relay-arguments": ["error", { includeBoth: true }],
    },
  },
];
