// Entry of `npm run operator`: composes the operator CLI with the app's function list.
import { functions } from "../../functions/index.ts";
import { runOperatorCli } from "../../lib/cli/operator.ts";

await runOperatorCli(process.argv.slice(2), functions);
