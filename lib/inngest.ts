// The one Inngest client of the app: every function in functions/ is created from it.
import { Inngest } from "inngest";

/** Shared Inngest client; its id names the app in Inngest Cloud and the dev server. */
export const inngest = new Inngest({ id: "alpha-swarm" });
