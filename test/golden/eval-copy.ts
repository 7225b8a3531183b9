// `npm run eval:copy`: crafts the golden set's 50 sequences with the app's config and prints the
// rubric's average, the lowest score, the five worst sequences with their reasons, and whether
// the floor (average ≥ 4.5, none below 3.5) is met; exits 1 when it is not.
import { loadConfig } from "../../lib/config/load-config.ts";
import { withRealSender } from "../support/real-sender.ts";
import { COPY_FLOOR, evaluateGoldenSet } from "./golden-set.ts";

const print = (line: string) => process.stdout.write(`${line}\n`);
// The sender's real details stand in for the shipped examples (a config matter, not copy).
const { scores, average, worst } = evaluateGoldenSet(withRealSender(loadConfig()));
const lowest = Math.min(...scores.map((s) => s.score));
print(
  `copy rubric over ${scores.length} golden leads: average ${average.toFixed(2)} / 5, lowest ${lowest.toFixed(2)}`,
);
print("worst five:");
for (const s of worst) {
  print(`  ${s.id}: ${s.score.toFixed(2)}`);
  for (const f of s.findings) print(`    −${f.deduct.toFixed(2)} ${f.reason}`);
}
const met = average >= COPY_FLOOR.average && lowest >= COPY_FLOOR.lowest;
print(
  `floor (average ≥ ${COPY_FLOOR.average}, none below ${COPY_FLOOR.lowest}): ${met ? "met" : "NOT MET"}`,
);
process.exitCode = met ? 0 : 1;
