// Types shared by the /sales page's server render and its browser scripts (types only, so the
// browser modules can import them).
import type { CardView } from "../../lib/approval/card-view.ts";
import type { RejectionTag } from "./card-markup.ts";

/** What GET /api/emails/pending answers, and what the page is first rendered with. */
export type QueueData = {
  cards: CardView[];
  staleCount: number;
  maxAgeHours: number;
  /** Pending cards in all (the page shows the oldest `pageSize` of them). */
  total: number;
  /** Cards left out because a stored record of theirs is damaged (GET /api/store/damaged). */
  skipped?: { id: string; reason: string }[];
};

/** Handed from the server to the browser in the page (a JSON data block). */
export type SalesBoot = {
  actor: string;
  heartbeatSeconds: number;
  /** How long (ms) a pending card must stay on screen before the page records its first review. */
  reviewDwellMs: number;
  includeStale: boolean;
  /** Cards shown at once, oldest first. */
  pageSize: number;
  /** When the server read the queue it rendered (ISO). */
  refreshedAt: string;
  queue: QueueData;
};

/** The browser's view of the queue. */
export type ClientState = {
  boot: SalesBoot;
  cards: Map<string, CardView>;
  staleCount: number;
  /** Pending cards in all at the last refresh. */
  total: number;
  /** Cards decided on this page: a refresh that started before the decision must not revive them. */
  decided: Set<string>;
  tags: RejectionTag[] | null;
  lastRefresh: Date;
  refreshing: boolean;
  /** First-review tracking (review-client.ts); null where the browser has no IntersectionObserver. */
  review: ReviewWatch | null;
};

/** A card on screen, waiting out the dwell; `timer` is null while the page is hidden. */
export type Dwell = { element: HTMLElement; timer: number | null };

/** Which cards are on screen now, and which this page load has already opened for review. */
export type ReviewWatch = {
  observer: IntersectionObserver;
  dwells: Map<string, Dwell>;
  requested: Set<string>;
};

/** An API answer: ok is the HTTP status being 2xx; data the parsed JSON body. */
export type ApiResult = { ok: boolean; status: number; data: unknown };

/** The JSON of an API error (400, 401, 404, 409, 5xx). */
export type ApiErrorBody = {
  error?: string;
  detail?: string;
  card?: CardView;
  failedChecks?: unknown[];
  allowed?: string[];
};
