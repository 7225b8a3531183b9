// While `npm run pipeline` waits on runs, a line every few seconds saying how far each stage has
// got (batches done of those expected, leads in and out so far), so that a long run (50,000 leads
// take a minute or more) is not a silent wait. A run that ends before the first interval prints
// nothing more; an unchanged run prints nothing until it changes.
import type { TScorecard } from "../store/run-repo.ts";

/** How often progress is reported while a run goes on. */
export const PROGRESS_EVERY_MS = 5000;

/**
 * One run's progress as one line: each stage that has started, with its batches done of those
 * expected and its leads in → out so far; the run named when several are followed.
 */
export function progressLine(card: TScorecard, elapsedMs: number, named = false): string {
  return lineOf(card, stagesProgress(card), elapsedMs, named);
}

/** What a run's stages have done so far: the part of its line that is news when it changes. */
function stagesProgress(card: TScorecard): string {
  const started = card.stages.filter((stage) => stage.batches > 0);
  const stages = started.map((stage) => {
    const expected = stage.stage === "scrape" ? 1 : card.expectedBatches;
    const batches = expected === null ? `${stage.batches}` : `${stage.batches}/${expected}`;
    return `${stage.stage} ${batches}: ${stage.countIn} → ${stage.countOut}`;
  });
  return stages.length > 0 ? stages.join(" · ") : "starting";
}

function lineOf(card: TScorecard, progress: string, elapsedMs: number, named: boolean): string {
  return `  … ${Math.round(elapsedMs / 1000)} s${named ? `, run ${card.id}` : ""}: ${progress}`;
}

/**
 * Reports each run's progress every `everyMs` until the returned function is called (which also
 * waits for a report under way, so nothing is written after it). A failed read skips that report.
 */
export function followProgress(
  runIds: () => readonly string[],
  read: (runId: string) => Promise<TScorecard | null>,
  write: (line: string) => void,
  everyMs = PROGRESS_EVERY_MS,
): () => Promise<void> {
  const started = Date.now();
  const last = new Map<string, string>();
  let stopped = false;
  let reporting: Promise<void> = Promise.resolve();
  const report = async () => {
    const ids = runIds();
    for (const id of ids) {
      const card = await read(id).catch(() => null);
      if (stopped || !card || card.status !== "running") continue;
      // The elapsed time alone changing is no news.
      const news = stagesProgress(card);
      if (last.get(id) === news) continue;
      last.set(id, news);
      write(lineOf(card, news, Date.now() - started, ids.length > 1));
    }
  };
  const timer = setInterval(() => {
    reporting = reporting.then(report);
  }, everyMs);
  // The report never keeps the process alive on its own.
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await reporting;
  };
}
