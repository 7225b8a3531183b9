// Entry of `npm run token`: rotates the generated dashboard token.
import { runTokenCli } from "../../lib/cli/token.ts";

await runTokenCli(process.argv.slice(2));
