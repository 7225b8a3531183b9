// Entry of `npm run validate-env`: checks this environment for a deployment target.
import { runValidateEnvCli } from "../../lib/cli/validate-env.ts";

process.exitCode = runValidateEnvCli(process.argv.slice(2), process.env);
