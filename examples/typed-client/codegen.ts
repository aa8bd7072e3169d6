import type { CodegenConfig } from "@graphql-codegen/cli";

/** Types for the operations in src/ from the server's committed schema (no running server needed). */
const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents are typed strings: sent as they are, so the client needs no graphql runtime.
        documentMode: "string",
        useTypeImports: true,
        // ES modules under "moduleResolution": "nodenext" name their files with the extension.
        importExtension: ".js",
        enumsAsTypes: true,
        strictScalars: true,
        // The schema's custom scalars as they travel in JSON (a new one fails generation until listed;
        // each scalar's @specifiedBy in schema.graphql says what its string holds).
        scalars: {
          Date: "string",
          DateTime: "string",
          // A JSON object whose values are JSON (one level spelled out; deeper values stay `unknown`).
          JSONObject: "{ [key: string]: string | number | boolean | null | unknown[] | { [key: string]: unknown } }",
          NonNegativeInt: "number",
          PositiveInt: "number",
          URL: "string",
        },
      },
    },
  },
};

export default config;
