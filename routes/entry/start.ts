// Entry of `npm start`: composes the server with the app's function list.
import { functions } from "../../functions/index.ts";
import { startServer } from "../../lib/cli/start.ts";

await startServer(functions);
