// Entry of `npm run pipeline`: composes the pipeline CLI with the app's function list.
import { functions } from "../../functions/index.ts";
import { runPipelineCli } from "../../lib/cli/pipeline.ts";

await runPipelineCli(process.argv.slice(2), functions);
