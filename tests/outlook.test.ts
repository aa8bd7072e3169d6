// The renewal model through HTTP and its commands, on a database holding Netflix's real global file and the
// metadata files the model reads (TMDB's and Kaggle's; not Wikipedia's, which lists only shows still running).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { graphql, query } from "./support/graphql.js";
import { importTop10Upload, uploadMetadata } from "./support/imports.js";
import { projectRoot, runCli, startServerOnFreshDatabase } from "./support/server.js";

const data = join(projectRoot, "..", "shared", "data");
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;
let globalFile: string;
let scratch: string;

const OUTLOOK = `query($slug: String!, $asOf: Date) { show(slug: $slug) { seasons { number
  renewalOutlook(asOf: $asOf) { verdict probability asOf decisionDate reasons { code effect contribution explanation }
    comparableSeasons(first: 3) { showTitle seasonNumber renewed distance firstWeek season { number } } } } } }`;

async function outlookOf(slug: string, number: number, asOf?: string) {
  const { show } = await query(server.url, OUTLOOK, { slug, asOf }, staff.editor);
  return show.seasons.find((season: { number: number }) => season.number === number).renewalOutlook;
}

/** ROC AUC by counting pairs: a second implementation to check the report's. */
function pairwiseAuc(seasons: { probability: number; renewed: boolean }[]): number {
  const positives = seasons.filter((s) => s.renewed);
  const negatives = seasons.filter((s) => !s.renewed);
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p.probability > n.probability ? 1 : p.probability === n.probability ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
  globalFile = await readFile(join(data, "all-weeks-global.tsv"), "utf8");
  await importTop10Upload(server.url, globalFile, "all-weeks-global.tsv", staff.admin);
  for (const file of ["tmdb_data.csv", "netflix_titles.csv"]) {
    const upload = await uploadMetadata(server.url, await readFile(join(data, "metadata", file)), { fileName: file, headers: staff.admin });
    expect(upload.status, JSON.stringify(upload.body).slice(0, 500)).toBe(200);
  }
  scratch = await mkdtemp(join(tmpdir(), "greenlight-outlook-"));
});
afterAll(async () => {
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("the renewal model's commands", () => {
  it("outlook:train on the imported file reproduces the committed parameters byte for byte", async () => {
    const out = join(scratch, "model.json");
    const run = await runCli(["outlook:train", "--out", out], server.database.env);
    expect(run.code, run.output).toBe(0);
    const committed = await readFile(join(projectRoot, "models", "outlook-model.json"), "utf8");
    const trained = await readFile(out, "utf8");
    expect(JSON.parse(trained).fingerprint).toBe(JSON.parse(committed).fingerprint);
    expect(trained).toBe(committed);
    expect(await readFile(join(scratch, "model.comparables.json"), "utf8")).toBe(
      await readFile(join(projectRoot, "models", "outlook-comparables.json"), "utf8"),
    );
  });

  it("outlook:backtest --json prints the committed report, whose AUC a recomputation confirms", async () => {
    const out = join(scratch, "backtest.json");
    const run = await runCli(["outlook:backtest", "--json", "--out", out], server.database.env);
    expect(run.code, run.output).toBe(0);
    const line = run.output.split("\n").find((text) => text.startsWith('{"testWindow"'));
    const report = JSON.parse(line!);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["model", "baselines", "testWindow", "seasons"]));
    expect(report.testWindow).toEqual({ from: "2023-07-01", to: "2024-06-30" });
    for (const method of [report.model, report.baselines.articleRule, report.baselines.pointsRule]) {
      expect(Object.keys(method)).toEqual(expect.arrayContaining(["auc", "aucInterval", "brier", "calibration", "thresholds"]));
      expect(method.aucInterval.low).toBeLessThanOrEqual(method.auc);
      expect(method.aucInterval.high).toBeGreaterThanOrEqual(method.auc);
      expect(method.calibration).toHaveLength(10);
    }
    expect(report.seasons).toHaveLength(report.testSeasons);
    expect(report.seasons.every((s: { firstWeek: string }) => s.firstWeek >= "2023-07-01" && s.firstWeek <= "2024-06-30")).toBe(true);
    expect(report.model.auc).toBeCloseTo(pairwiseAuc(report.seasons), 12);
    // Choices were made on a validation split inside the training years; the chosen attempt's recorded
    // figures are the ones this run recomputes, on validation and on the test window.
    expect(report.validation.window).toEqual({ from: "2022-07-01", to: "2023-06-30" });
    expect(report.validation.window.to < report.testWindow.from).toBe(true);
    const chosen = report.attempts.filter((attempt: { chosen: boolean }) => attempt.chosen);
    expect(chosen).toHaveLength(1);
    expect(chosen[0].validation).toEqual({ auc: Number(report.validation.auc.toFixed(3)), brier: Number(report.validation.brier.toFixed(4)) });
    expect(chosen[0].test).toEqual({ auc: Number(report.model.auc.toFixed(3)), brier: Number(report.model.brier.toFixed(4)) });
    // The same report as committed, and as outlookBacktest serves it.
    expect(await readFile(out, "utf8")).toBe(await readFile(join(projectRoot, "models", "outlook-backtest.json"), "utf8"));
    const { outlookBacktest } = await query(
      server.url,
      `{ outlookBacktest { testWindow { from to } testSeasons fingerprint model { auc aucInterval { low high } brier } baselines { articleRule { auc brier } pointsRule { auc brier } } } }`,
      undefined,
      staff.editor,
    );
    expect(outlookBacktest).toEqual({
      testWindow: { from: "2023-07-01", to: "2024-06-30" },
      testSeasons: report.testSeasons,
      fingerprint: report.fingerprint,
      model: { auc: report.model.auc, aucInterval: report.model.aucInterval, brier: report.model.brier },
      baselines: {
        articleRule: { auc: report.baselines.articleRule.auc, brier: report.baselines.articleRule.brier },
        pointsRule: { auc: report.baselines.pointsRule.auc, brier: report.baselines.pointsRule.brier },
      },
    });
  });
  it("outlook:backtest without --json prints the target figures, the baselines, how far the target is missed and what was tried", async () => {
    const out = join(scratch, "backtest-printed.json");
    const run = await runCli(["outlook:backtest", "--out", out], server.database.env);
    expect(run.code, run.output).toBe(0);
    const committedText = await readFile(join(projectRoot, "models", "outlook-backtest.json"), "utf8");
    expect(await readFile(out, "utf8")).toBe(committedText);
    const report = JSON.parse(committedText);
    const lines = run.output.split("\n");
    expect(lines.some((line) => line.startsWith("{"))).toBe(false);
    /** A printed figure is the report's, rounded to the decimals printed (`scale` 100 for a percentage). */
    const shows = (printed: string, value: number, what: string, scale = 1) => {
      const decimals = printed.split(".")[1]?.length ?? 0;
      expect(Math.abs(Number(printed) - value * scale), `${what}: printed ${printed}, report ${value}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
    };
    const lineMatching = (pattern: RegExp, what: string) => {
      const found = lines.map((line) => pattern.exec(line)).find((match) => match !== null);
      expect(found, `${what} in:\n${run.output}`).toBeDefined();
      return found!;
    };

    const window = lineMatching(/^Test window (\S+)\.\.(\S+): (\d+) seasons, (\d+) renewed; trained on (\d+) seasons/, "the test window's line");
    expect(window.slice(1).map(String)).toEqual([report.testWindow.from, report.testWindow.to, String(report.testSeasons), String(report.testRenewed), String(report.trainWindow.seasons)]);

    // One table row per method: AUC (interval), Brier, accuracy, then precision and recall at each threshold.
    const methods = [
      ["model", report.model],
      ["article's rule", report.baselines.articleRule],
      ["former points rule", report.baselines.pointsRule],
    ] as const;
    for (const [name, scores] of methods) {
      const row = lineMatching(new RegExp(`^\\| ${name} \\| ([\\d.]+) \\(([\\d.]+)–([\\d.]+)\\) \\| ([\\d.]+) \\| ([\\d.]+) \\| (.+) \\|$`), `the ${name} row`);
      shows(row[1]!, scores.auc, `${name} AUC`);
      shows(row[2]!, scores.aucInterval.low, `${name} interval low`);
      shows(row[3]!, scores.aucInterval.high, `${name} interval high`);
      shows(row[4]!, scores.brier, `${name} Brier`);
      shows(row[5]!, scores.accuracy, `${name} accuracy`);
      const calls = row[6]!.split("; ");
      expect(calls).toHaveLength(scores.thresholds.length);
      calls.forEach((call, i) => {
        const threshold = scores.thresholds[i];
        const parts = /^(.+): P ([\d.]+)% R ([\d.]+)%$/.exec(call);
        expect(parts, call).not.toBeNull();
        expect(parts![1]).toBe(threshold.threshold);
        shows(parts![2]!, threshold.precision, `${name} precision`, 100);
        shows(parts![3]!, threshold.recall, `${name} recall`, 100);
      });
    }

    // The calibration table: every bin that holds seasons, with its count, mean predicted and observed rate.
    const bins = lines.map((line) => /^\s+(\d\.\d)–(\d\.\d): (\d+) seasons, ([\d.]+)% predicted, ([\d.]+)% observed$/.exec(line)).filter((match) => match !== null);
    const filled = report.model.calibration.filter((bin: { seasons: number }) => bin.seasons > 0);
    expect(bins.map((bin) => [Number(bin[1]), Number(bin[2]), Number(bin[3])])).toEqual(filled.map((bin: { from: number; to: number; seasons: number }) => [bin.from, bin.to, bin.seasons]));
    bins.forEach((bin, i) => {
      shows(bin[4]!, filled[i].meanPredicted, `bin ${bin[1]} mean predicted`, 100);
      shows(bin[5]!, filled[i].observedRate, `bin ${bin[1]} observed`, 100);
    });

    // The target, and by how much each part is missed.
    const target = lineMatching(
      /^Target: AUC ≥ ([\d.]+): (met|not met \(short by ([\d.]+)\)); Brier better than both baselines: (met|not met); calibration within 10 points: (met|not met \(worst ([\d.]+) points\))\.$/,
      "the target line",
    );
    expect(Number(target[1])).toBe(0.8);
    expect(target[2] === "met").toBe(report.model.auc >= 0.8);
    if (target[3]) shows(target[3], 0.8 - report.model.auc, "AUC shortfall");
    expect(target[4] === "met").toBe(report.model.brier < report.baselines.articleRule.brier && report.model.brier < report.baselines.pointsRule.brier);
    expect(target[5] === "met").toBe(report.target.calibration.met);
    if (target[6]) shows(target[6], report.target.calibration.worstGapPoints, "worst calibration gap");

    // What was tried: every attempt of the report, in order, with its validation and test figures, the chosen one marked.
    const tried = lines.findIndex((line) => line.startsWith("What was tried:"));
    expect(tried).toBeGreaterThan(-1);
    const attempts = lines.slice(tried + 1, tried + 1 + report.attempts.length);
    expect(attempts).toHaveLength(report.attempts.length);
    report.attempts.forEach((attempt: { attempt: string; chosen: boolean; validation: { auc: number; brier: number }; test: { auc: number; brier: number } | null }, i: number) => {
      const parts = /^\s+(\* )?(.+): ([\d.]+) \| ([\d.]+) \| ([\d.–]+) \| ([\d.–]+)$/.exec(attempts[i]!);
      expect(parts, attempts[i]).not.toBeNull();
      expect([parts![1] === "* ", parts![2]]).toEqual([attempt.chosen, attempt.attempt]);
      shows(parts![3]!, attempt.validation.auc, `${attempt.attempt}: validation AUC`);
      shows(parts![4]!, attempt.validation.brier, `${attempt.attempt}: validation Brier`);
      if (attempt.test === null) expect([parts![5], parts![6]]).toEqual(["–", "–"]);
      else {
        shows(parts![5]!, attempt.test.auc, `${attempt.attempt}: test AUC`);
        shows(parts![6]!, attempt.test.brier, `${attempt.attempt}: test Brier`);
      }
    });
  });
});

describe("renewalOutlook", () => {
  it("gives LIKELY_RENEWED at p ≥ 0.5, AT_RISK from 0.2 and LIKELY_CANCELED below, on real seasons either side of both thresholds", async () => {
    // Every season that debuted in the first half of 2024, fifteen outlooks a page (the query cost limit).
    const page = `query($after: String) { seasons(first: 15, after: $after, orderBy: [FIRST_WEEK_ASC], where: { firstWeek: { from: "2024-01-01", to: "2024-06-30" } }) {
      pageInfo { hasNextPage endCursor } nodes { number show { title } renewalOutlook { verdict probability } } } }`;
    const outlooks: { title: string; number: number; verdict: string; probability: number | null }[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const { seasons }: { seasons: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { number: number; show: { title: string }; renewalOutlook: { verdict: string; probability: number | null } }[] } } =
        await query(server.url, page, { after }, staff.editor);
      for (const node of seasons.nodes) outlooks.push({ title: node.show.title, number: node.number, ...node.renewalOutlook });
      [after, more] = [seasons.pageInfo.endCursor, seasons.pageInfo.hasNextPage];
    }
    const expected = (p: number) => (p >= 0.5 ? "LIKELY_RENEWED" : p < 0.2 ? "LIKELY_CANCELED" : "AT_RISK");
    const judged = outlooks.filter((outlook) => outlook.probability !== null);
    for (const outlook of outlooks) {
      if (outlook.probability === null) expect(["NOT_APPLICABLE", "TOO_EARLY", "NO_CHART_DATA"], `${outlook.title} S${outlook.number}`).toContain(outlook.verdict);
      else expect(outlook.verdict, `${outlook.title} S${outlook.number} at p = ${outlook.probability}`).toBe(expected(outlook.probability));
    }
    // Seasons within 0.05 of each threshold on both sides, so a threshold moved by 0.05 would change a verdict here.
    expect(judged.length).toBeGreaterThan(50);
    for (const [from, to] of [
      [0.15, 0.2],
      [0.2, 0.25],
      [0.45, 0.5],
      [0.5, 0.55],
    ] as const) {
      expect(judged.filter((outlook) => outlook.probability! >= from && outlook.probability! < to).length, `seasons with ${from} ≤ p < ${to}`).toBeGreaterThan(0);
    }
  });

  it("gives Bridgerton S3 a probability in [0, 1], the same on every ask, with reasons quoting its first month's real drop", async () => {
    const outlook = await outlookOf("bridgerton", 3);
    expect(outlook.probability).toBeGreaterThanOrEqual(0);
    expect(outlook.probability).toBeLessThanOrEqual(1);
    expect(["LIKELY_RENEWED", "AT_RISK", "LIKELY_CANCELED"]).toContain(outlook.verdict);
    expect(outlook.decisionDate).toBe("2024-06-09");
    expect(await outlookOf("bridgerton", 3)).toEqual(outlook);
    // The first month: 165.2, 92.8, 42.4, 25.3 million hours; the −54% of week 3 is its largest fall there.
    // Week 7's −60% (2024-06-30) is outside the first month and must not be quoted.
    const drop = outlook.reasons.find((reason: { code: string }) => reason.code === "FIRST_MONTH_DROP");
    expect(drop.explanation).toBe("Hours fell 54% in week 3, its largest fall in the first month.");
    expect(drop.contribution).not.toBe(0);
    expect(outlook.reasons.some((reason: { explanation: string }) => /60%|week 7/.test(reason.explanation))).toBe(false);
    // Week 4 (2024-06-09) is the last week of the first month: its hours are a model feature.
    const hold = outlook.reasons.find((reason: { code: string }) => reason.code === "HOLD");
    expect(hold.explanation).toBe("Week 4 drew 25.3 million hours, 15% of its best week's.");
    // One reason per part of the model, none for features it was not fitted on.
    expect(outlook.reasons.map((reason: { code: string }) => reason.code).sort()).toEqual([
      "CONTENT_RATING",
      "FIRST_MONTH_DROP",
      "GENRE",
      "HOLD",
      "ORIGINAL_LANGUAGE",
      "RANK",
      "RETURNING_SEASON",
      "VIEWING_VS_PEERS",
    ]);
    // TMDB lists Bridgerton as a drama: none of the genres the model weighs.
    const genre = outlook.reasons.find((reason: { code: string }) => reason.code === "GENRE");
    expect(genre.explanation).toBe("None of the genres the model weighs (Reality, Documentary, Animation, Kids, Family, Sci-Fi & Fantasy, Soap); its genres: Drama.");
    // Reasons are the model's contributions: their signs are their effects, largest first.
    for (const reason of outlook.reasons) {
      expect(reason.effect).toBe(Math.abs(reason.contribution) < 0.05 ? "NEUTRAL" : reason.contribution > 0 ? "POSITIVE" : "NEGATIVE");
    }
    const sizes = outlook.reasons.map((reason: { contribution: number }) => Math.abs(reason.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(outlook.comparableSeasons).toHaveLength(3);
    for (const comparable of outlook.comparableSeasons) {
      expect(comparable.showTitle === "Bridgerton" && comparable.seasonNumber === 3).toBe(false);
      expect(comparable.season?.number ?? comparable.seasonNumber).toBe(comparable.seasonNumber);
    }
  });

  it("names the show's real genre, language and rating from the database, and counts what it lacks as average", async () => {
    // Love Is Blind: TMDB's genre Reality, English, rated TV-MA in the Kaggle file.
    const reality = await outlookOf("love-is-blind", 4);
    const reason = (outlook: { reasons: { code: string }[] }, code: string) => outlook.reasons.find((r) => r.code === code) as { effect: string; contribution: number; explanation: string };
    expect(reason(reality, "GENRE")).toMatchObject({ effect: "POSITIVE", explanation: "A reality series (its genres: Reality)." });
    expect(reason(reality, "ORIGINAL_LANGUAGE").explanation).toBe("Originally in English.");
    expect(reason(reality, "CONTENT_RATING").explanation).toBe("Rated TV-MA, not a rating for children.");
    // Squid Game is Korean: the language weighs against it, and says so.
    const korean = await outlookOf("squid-game", 2);
    expect(reason(korean, "ORIGINAL_LANGUAGE")).toMatchObject({ effect: "NEGATIVE", explanation: "Originally in Korean." });
    // The Brothers Sun (2024) is in none of the metadata files: its metadata adds nothing, and the reasons say why.
    const unknown = await outlookOf("the-brothers-sun", 1);
    expect(unknown.probability).toBeGreaterThan(0);
    for (const code of ["GENRE", "ORIGINAL_LANGUAGE", "CONTENT_RATING"]) expect(reason(unknown, code)).toMatchObject({ effect: "NEUTRAL", contribution: 0 });
    expect(reason(unknown, "GENRE").explanation).toBe("Its genres are not in the database, so they count as an average season's.");
  });

  it("is NOT_APPLICABLE, with no probability, for a limited series (Eric), complete as made", async () => {
    expect(await outlookOf("eric", 1)).toMatchObject({ verdict: "NOT_APPLICABLE", probability: null, reasons: [{ code: "COMPLETE_AS_MADE" }] });
  });

  it("is TOO_EARLY, with no probability, while the first 28 days are not over", async () => {
    const early = await outlookOf("bridgerton", 3, "2024-06-08");
    expect(early).toMatchObject({ verdict: "TOO_EARLY", probability: null, decisionDate: "2024-06-09", comparableSeasons: [] });
    expect(early.reasons.map((reason: { code: string }) => reason.code)).toEqual(["FIRST_MONTH_NOT_OVER"]);
    const onTheDay = await outlookOf("bridgerton", 3, "2024-06-09");
    expect(onTheDay.verdict).not.toBe("TOO_EARLY");
  });

  it("costs a fixed number of statements: four for a season's outlook, one more for its comparable seasons", async () => {
    const statements = async (source: string) => {
      const result = await graphql(server.url, source);
      expect(result.body.errors).toBeUndefined();
      return Number(result.headers.get("x-sql-statements"));
    };
    const plain = await statements(`{ show(slug: "the-imperfects") { seasons { number } } }`);
    // The show's kind, the newest week, the show's rows, the list's rows up to the decision date.
    expect(await statements(`{ show(slug: "the-imperfects") { seasons { number renewalOutlook { verdict } } } }`)).toBe(plain + 4);
    expect(await statements(`{ show(slug: "the-imperfects") { seasons { number renewalOutlook { verdict comparableSeasons { season { number } } } } } }`)).toBe(
      plain + 5,
    );
    // Bridgerton's seasons 2, 3 and 4 are judged (season 1 is library viewing): one comparables read each.
    const outlooks = await statements(`{ show(slug: "bridgerton") { seasons { number renewalOutlook { verdict } } } }`);
    expect(await statements(`{ show(slug: "bridgerton") { seasons { number renewalOutlook { verdict comparableSeasons(first: 2) { season { number } } } } } }`)).toBe(
      outlooks + 3,
    );
  });

  it("never reads weeks after the decision date: a later week added to the data changes nothing at a fixed date", async () => {
    const before = await outlookOf("bridgerton", 3, "2024-07-01");
    const newest = await outlookOf("bridgerton", 3);
    // A week after the file's newest: every list copied from 2026-07-19 with one more week in the Top 10,
    // Bridgerton S3 back at No. 2 and a new show at No. 1 of TV (English).
    const [header, ...rows] = globalFile.trim().split("\n");
    const newestWeek = rows.filter((row) => row.startsWith("2026-07-19\t"));
    const added = newestWeek.map((row) => {
      const cells = row.split("\t");
      cells[0] = "2026-07-26";
      cells[8] = String(Number(cells[8]) + 1);
      if (cells[1] === "TV (English)" && cells[2] === "1") cells.splice(3, 2, "Outlook Test Show", "Outlook Test Show: Season 1"), (cells[8] = "1");
      if (cells[1] === "TV (English)" && cells[2] === "2") cells.splice(3, 2, "Bridgerton", "Bridgerton: Season 3"), (cells[8] = "15");
      return cells.join("\t");
    });
    await importTop10Upload(server.url, [header, ...added, ...rows].join("\n") + "\n", "all-weeks-global.tsv", staff.admin);

    expect(await outlookOf("bridgerton", 3, "2024-07-01")).toEqual(before);
    const after = await outlookOf("bridgerton", 3);
    expect(after.asOf).toBe("2026-07-26");
    expect({ ...after, asOf: newest.asOf }).toEqual(newest);
    // The new show's season charted one week: under 28 days, so too early.
    const fresh = await outlookOf("outlook-test-show", 1);
    expect(fresh).toMatchObject({ verdict: "TOO_EARLY", probability: null, decisionDate: "2026-08-16" });
  });
});
