// Every Inngest function of the app, in one list: served at /api/inngest or run by the embedded engine.
import type { InngestFunction } from "inngest";
import { sendAlert } from "./send-alert.ts";

export const functions: InngestFunction.Any[] = [sendAlert];
