// Reports how the working tree's schema.graphql differs from main's, and fails on breaking changes.
// Usage: npm run schema:check [-- --base REF] [-- --old FILE --new FILE]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildSchema, isObjectType } from "graphql";
import { CriticalityLevel, diff } from "@graphql-inspector/core";

const { values } = parseArgs({ options: { base: { type: "string", default: "main" }, old: { type: "string" }, new: { type: "string" } } });
const oldSdl = values.old ? readFileSync(values.old, "utf8") : execFileSync("git", ["show", `${values.base}:schema.graphql`], { encoding: "utf8" });
const newSdl = readFileSync(values.new ?? "schema.graphql", "utf8");

const [oldSchema, newSchema] = [buildSchema(oldSdl), buildSchema(newSdl)];
const changes = await diff(oldSchema, newSchema);

// A change the SDL cannot show: a type that starts implementing Relay's Node gets global ids, so the
// `id` values clients stored stop working although the field is still `id: ID!`.
const implementsNode = (type) => isObjectType(type) && type.getInterfaces().some((face) => face.name === "Node");
for (const type of Object.values(newSchema.getTypeMap())) {
  const before = oldSchema.getType(type.name);
  if (!implementsNode(type) || !isObjectType(before) || implementsNode(before) || !before.getFields().id) continue;
  changes.push({
    message: `Field '${type.name}.id' now holds global ids ('${type.name}' implements 'Node'): ids stored by clients no longer work; 'rowId' has the old value`,
    criticality: { level: CriticalityLevel.Breaking },
  });
}
const marks = { [CriticalityLevel.Breaking]: "BREAKING ", [CriticalityLevel.Dangerous]: "dangerous", [CriticalityLevel.NonBreaking]: "safe     " };
for (const change of changes) console.log(`${marks[change.criticality.level]}  ${change.message}`);
const breaking = changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking);
console.log(`${changes.length} change(s), ${breaking.length} breaking.`);
process.exitCode = breaking.length > 0 ? 1 : 0;
