// The seed: facts of What's on Netflix's article of 2022-11-08 on The Imperfects'
// cancellation, as they stood that day. Unknown figures stay null; nothing is invented.
// Chart rows are copied from Netflix's all-weeks-global.tsv (TV (English) list).

type Kind = "SERIES" | "LIMITED_SERIES" | "DOCUSERIES" | "FILM";
type Status = "PENDING" | "RENEWED" | "CANCELED" | "ENDED";

export interface SeedShow {
  slug: string;
  title: string;
  kind: Kind;
  synopsis?: string;
  genres: string[];
  isOriginal: boolean;
  originalLanguage: string;
  premiereDate: string | null;
  seasons: { number: number; releaseDate: string | null; title?: string }[];
  companies: string[];
}

export const companies = [{ slug: "nomadic-pictures", name: "Nomadic Pictures", country: "CA" }];

export const shows: SeedShow[] = [
  {
    slug: "the-imperfects",
    title: "The Imperfects",
    kind: "SERIES",
    synopsis:
      "Three teens undergo an experiment that gives them monstrous side effects, and join forces to find the scientist responsible and a cure.",
    genres: ["Supernatural", "Coming-of-age"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: "2022-09-08",
    seasons: [{ number: 1, releaseDate: "2022-09-08" }],
    companies: ["nomadic-pictures"],
  },
  {
    slug: "partner-track",
    title: "Partner Track",
    kind: "SERIES",
    genres: ["Legal drama"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: "2022-08-26",
    seasons: [{ number: 1, releaseDate: "2022-08-26" }],
    companies: [],
  },
  {
    slug: "the-i-land",
    title: "The I-Land",
    kind: "LIMITED_SERIES",
    genres: ["Science fiction"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: "2019-09-12",
    seasons: [{ number: 1, releaseDate: "2019-09-12" }],
    companies: ["nomadic-pictures"],
  },
  {
    slug: "the-order",
    title: "The Order",
    kind: "SERIES",
    genres: ["Supernatural", "Horror"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: "2019-03-07",
    seasons: [
      { number: 1, releaseDate: "2019-03-07" },
      { number: 2, releaseDate: null },
    ],
    companies: ["nomadic-pictures"],
  },
  {
    slug: "wu-assassins",
    title: "Wu Assassins",
    kind: "SERIES",
    genres: ["Martial arts", "Action"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: "2019-08-08",
    seasons: [{ number: 1, releaseDate: "2019-08-08" }],
    companies: ["nomadic-pictures"],
  },
  {
    slug: "my-life-with-the-walter-boys",
    title: "My Life with the Walter Boys",
    kind: "SERIES",
    genres: ["Romance", "Coming-of-age"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: null,
    seasons: [],
    companies: ["nomadic-pictures"],
  },
  {
    slug: "one-piece",
    title: "One Piece",
    kind: "SERIES",
    genres: ["Adventure", "Fantasy"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: "2023-08-31",
    seasons: [{ number: 1, releaseDate: "2023-08-31" }],
    companies: [],
  },
  {
    slug: "cobra-kai",
    title: "Cobra Kai",
    kind: "SERIES",
    genres: ["Martial arts", "Drama"],
    isOriginal: false,
    originalLanguage: "en",
    premiereDate: "2018-05-02",
    seasons: [
      { number: 1, releaseDate: null },
      { number: 2, releaseDate: null },
      { number: 3, releaseDate: null },
      { number: 4, releaseDate: null },
      { number: 5, releaseDate: "2022-09-09" },
    ],
    companies: [],
  },
  {
    slug: "devil-in-ohio",
    title: "Devil in Ohio",
    kind: "LIMITED_SERIES",
    genres: ["Thriller"],
    isOriginal: true,
    originalLanguage: "en",
    premiereDate: "2022-09-02",
    seasons: [{ number: 1, title: "Limited Series", releaseDate: "2022-09-02" }],
    companies: [],
  },
];

export interface SeedCredit {
  show: string;
  role: "CREATOR" | "CAST";
  character?: string;
}

export const people: { slug: string; name: string; bio?: string; credits: SeedCredit[] }[] = [
  { slug: "shelley-eriksen", name: "Shelley Eriksen", credits: [{ show: "the-imperfects", role: "CREATOR" }] },
  { slug: "dennis-heaton", name: "Dennis Heaton", credits: [{ show: "the-imperfects", role: "CREATOR" }] },
  {
    slug: "inaki-godoy",
    name: "Iñaki Godoy",
    bio: "Mexican actor; Juan in The Imperfects, later Monkey D. Luffy in Netflix's One Piece (2023).",
    credits: [
      { show: "the-imperfects", role: "CAST", character: "Juan" },
      { show: "one-piece", role: "CAST", character: "Monkey D. Luffy" },
    ],
  },
  { slug: "morgan-taylor-campbell", name: "Morgan Taylor Campbell", credits: [{ show: "the-imperfects", role: "CAST", character: "Tilda" }] },
  { slug: "italia-ricci", name: "Italia Ricci", credits: [{ show: "the-imperfects", role: "CAST", character: "Abbi" }] },
  { slug: "rhys-nicholson", name: "Rhys Nicholson", credits: [{ show: "the-imperfects", role: "CAST", character: "Dr. Burke" }] },
];

export const ratings = [
  { show: "the-imperfects", source: "ROTTEN_TOMATOES_AUDIENCE", score: 79, scaleMax: 100, voteCount: null, asOf: "2022-11-08" },
  { show: "the-imperfects", source: "IMDB", score: 6.1, scaleMax: 10, voteCount: 1500, asOf: "2022-11-08" },
  { show: "the-imperfects", source: "ROTTEN_TOMATOES_CRITICS", score: null, scaleMax: 100, voteCount: null, asOf: "2022-11-08" },
  { show: "the-imperfects", source: "METACRITIC", score: null, scaleMax: 100, voteCount: null, asOf: "2022-11-08" },
] as const;

/** Rows of Netflix's global TV (English) list: [week ending, rank, show slug, season, file's show title, file's season title, hours, weeks in list]. */
export const chartRows: [string, number, string, number, string, string, number, number][] = [
  ["2022-08-28", 7, "partner-track", 1, "Partner Track", "Partner Track: Season 1", 16_660_000, 1],
  ["2022-09-04", 4, "partner-track", 1, "Partner Track", "Partner Track: Season 1", 31_140_000, 2],
  ["2022-09-11", 1, "cobra-kai", 5, "Cobra Kai", "Cobra Kai: Season 5", 106_700_000, 1],
  ["2022-09-11", 2, "devil-in-ohio", 1, "Devil in Ohio", "Devil in Ohio: Limited Series", 70_810_000, 2],
  ["2022-09-11", 3, "the-imperfects", 1, "The Imperfects", "The Imperfects: Season 1", 24_070_000, 1],
  ["2022-09-11", 6, "partner-track", 1, "Partner Track", "Partner Track: Season 1", 18_210_000, 3],
  ["2022-09-18", 4, "the-imperfects", 1, "The Imperfects", "The Imperfects: Season 1", 35_020_000, 2],
  ["2022-09-25", 9, "the-imperfects", 1, "The Imperfects", "The Imperfects: Season 1", 12_760_000, 3],
];

export const newsroom = { email: "newsroom@greenlight.invalid", name: "Greenlight Newsroom", role: "EDITOR" as const };

export const articles = [
  {
    slug: "has-netflix-renewed-the-imperfects-for-season-2",
    title: "Has Netflix Renewed The Imperfects for Season 2?",
    summary: "Netflix has canceled The Imperfects after one season; there will be no season 2.",
    status: "PUBLISHED" as const,
    verdict: "CANCELED" as const,
    show: "the-imperfects",
    seasonNumber: 2,
    publishedAt: "2022-11-08T12:00:00.000Z",
    body: `**Official status: canceled.** Netflix has canceled *The Imperfects*; there will be no season 2.
The cancellation was announced on 8 November 2022, the same day as that of another 2022 debut, *Partner Track*.

## What is The Imperfects?
A supernatural coming-of-age series created by Shelley Eriksen and Dennis Heaton. Three teens undergo an
experiment that gives them monstrous side effects, and join forces to find the scientist responsible and a cure.
Season 1 premiered on Netflix on 8 September 2022. The cast includes Iñaki Godoy, later the lead of Netflix's
*One Piece* (2023); its characters include Tilda, Juan, Abbi and Dr. Burke.

It was produced by Nomadic Pictures, which also made *The I-Land*, *The Order* (canceled after two seasons) and
*Wu Assassins* for Netflix, and is making the upcoming *My Life with the Walter Boys*.

## How did it do in the Top 10?
| Week | Hours viewed | Rank | Week in the list |
|---|---|---|---|
| 5–11 September 2022 | 24,070,000 | 3 | 1 |
| 12–18 September 2022 | 35,020,000 | 4 | 2 |
| 19–25 September 2022 | 12,760,000 | 9 | 3 |

In its first week it ranked behind *Cobra Kai* season 5 and *Devil in Ohio*.

## What did critics and audiences say?
Rotten Tomatoes audience score: 79%. IMDb: 6.1/10 from about 1,500 votes. There is no Metacritic or
Rotten Tomatoes critics score: not enough reviews.`,
  },
  {
    slug: "has-netflix-renewed-partner-track-for-season-2",
    title: "Has Netflix Renewed Partner Track for Season 2?",
    summary: "Netflix has canceled Partner Track after one season.",
    status: "DRAFT" as const,
    verdict: "CANCELED" as const,
    show: "partner-track",
    seasonNumber: 2,
    publishedAt: null,
    body: "**Official status: canceled.** Netflix canceled *Partner Track* on 8 November 2022, after one season.",
  },
];

/**
 * Status facts as the seed's source reported them: [show slug, status, season in question, announced (null where
 * the source gives no date), reporting article slug]. The shows' statuses are derived from these.
 */
export const statusFacts: [string, Status, number, string | null, string | null][] = [
  ["the-imperfects", "CANCELED", 2, "2022-11-08", "has-netflix-renewed-the-imperfects-for-season-2"],
  ["partner-track", "CANCELED", 2, "2022-11-08", null],
  ["the-i-land", "ENDED", 2, null, null],
  ["the-order", "CANCELED", 3, null, null],
  ["wu-assassins", "ENDED", 2, null, null],
  ["cobra-kai", "RENEWED", 6, null, null],
  ["devil-in-ohio", "ENDED", 2, null, null],
];
