import { readFileSync } from "node:fs";
import MarkdownIt from "markdown-it";
import { Kind, parse, print, type DefinitionNode, type DocumentNode } from "graphql";

/**
 * The README as the tests run it: its fenced blocks in order, each classified.
 *
 * - ```sh and ```graphql blocks are commands; each runs, in order, against the test's server.
 * - A ```json block right after a command is that command's answer, compared with what it printed.
 * - Blocks without a language (diagrams, the file layout) are text and are not run.
 * - `<!-- readme-test: skip (reason) -->` right before a block (invisible on GitHub) skips it, and
 *   its answer with it: for the few that cannot run inside a test (installing, a second server...).
 *   Any other language is an error, so no example can silently escape the test.
 */
export interface CommandBlock {
  kind: "sh" | "graphql";
  line: number;
  text: string;
  /** Why it is not run, from its skip marker. */
  skip?: string;
  /** The json block printed after it. */
  answer?: { line: number; value: unknown };
}
export type ReadmeBlock = CommandBlock | { kind: "text"; line: number; text: string };

const SKIP_MARKER = /^<!--\s*readme-test:\s*skip\b\s*(?:\((.*)\))?\s*-->\s*$/;

export function readReadmeBlocks(path: string): ReadmeBlock[] {
  return parseReadmeBlocks(readFileSync(path, "utf8"));
}

export function parseReadmeBlocks(markdown: string): ReadmeBlock[] {
  // html: true only so the skip markers come out as html_block tokens; nothing is rendered.
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const blocks: ReadmeBlock[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== "fence") return;
    const line = token.map![0] + 1;
    const language = token.info.trim().split(/\s+/)[0] ?? "";
    const previous = tokens[index - 1];
    const skip = previous?.type === "html_block" ? SKIP_MARKER.exec(previous.content.trim()) : null;
    const skipReason = skip ? skip[1] || "marked skip" : undefined;
    if (language === "") {
      blocks.push({ kind: "text", line, text: token.content });
    } else if (language === "sh" || language === "graphql") {
      blocks.push({ kind: language, line, text: token.content, ...(skipReason ? { skip: skipReason } : {}) });
    } else if (language === "json") {
      const command = blocks.at(-1);
      if (!command || command.kind === "text" || command.answer) {
        throw new Error(`README line ${line}: a json block must follow the sh or graphql block it answers`);
      }
      let value: unknown;
      try {
        value = JSON.parse(token.content);
      } catch (error) {
        throw new Error(`README line ${line}: the answer is not valid JSON (${(error as Error).message})`);
      }
      command.answer = { line, value };
    } else if (skipReason) {
      // A configuration fragment or a file's text (ts, js, yaml ...) marked as such: shown, never run.
      blocks.push({ kind: "text", line, text: token.content });
    } else {
      throw new Error(`README line ${line}: no way to run a \`${language}\` block; use sh, graphql or json, or mark it skipped`);
    }
  });
  return blocks;
}

/** The operations of a graphql block, each as a document of its own (with the block's fragments). */
export function splitOperations(source: string): string[] {
  const document: DocumentNode = parse(source);
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions
    .filter((definition): definition is DefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }));
}

/** `"<token>"`, `"<timestamp>"` ...: a value the README cannot know in advance. */
const PLACEHOLDER = /^<([a-z][a-z0-9 -]*)>$/;

/**
 * The printed answer with its placeholders replaced by what the server actually answered there
 * (any value but a missing one), so the two can be compared deep-equal. Each placeholder's value
 * is captured under its name: later commands may use it (`Bearer <token>`).
 */
export function fillPlaceholders(expected: unknown, actual: unknown, captured: Map<string, unknown>): unknown {
  if (typeof expected === "string") {
    const placeholder = PLACEHOLDER.exec(expected);
    if (placeholder && actual !== undefined && actual !== null) {
      captured.set(placeholder[1]!, actual);
      return actual;
    }
    return expected;
  }
  if (Array.isArray(expected)) {
    return expected.map((item, index) => fillPlaceholders(item, Array.isArray(actual) ? actual[index] : undefined, captured));
  }
  if (expected && typeof expected === "object") {
    const source = actual && typeof actual === "object" ? (actual as Record<string, unknown>) : {};
    return Object.fromEntries(
      Object.entries(expected).map(([key, value]) => [key, fillPlaceholders(value, source[key], captured)]),
    );
  }
  return expected;
}

/** A command's text with captured placeholders (`<token>`) replaced by their values. */
export function substituteCaptured(text: string, captured: Map<string, unknown>): string {
  return text.replace(/<([a-z][a-z0-9 -]*)>/g, (whole, name: string) =>
    captured.has(name) ? String(captured.get(name)) : whole,
  );
}
