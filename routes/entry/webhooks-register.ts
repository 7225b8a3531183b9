// Entry of `npm run webhooks:register`: composes the registration CLI with the app's function list.
import { functions } from "../../functions/index.ts";
import { runWebhooksRegisterCli } from "../../lib/cli/webhooks-register.ts";

await runWebhooksRegisterCli(process.argv.slice(2), functions);
