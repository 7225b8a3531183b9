// The app's version, read from package.json so /health and the CLI never drift from it.
import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
