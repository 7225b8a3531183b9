// The /operator page's own assets: its browser script and the few styles it adds to the shared
// stylesheet, each with a content hash for its URL.
import { browserScript } from "./browser-script.ts";
import * as operatorClient from "./operator-client.ts";
import { asset } from "./sales-assets.ts";

const OPERATOR_CSS = `
.operator { max-width: 1100px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
.panel { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1rem 1.1rem; display: grid; gap: .6rem; min-width: 0; }
.panel h2 { font-size: 1.1rem; }
.panel-danger { border-color: var(--red); background: var(--red-bg); }
.muted { color: var(--muted); font-size: .92rem; }
.batch { border-top: 1px solid var(--line); padding-top: .7rem; display: grid; gap: .4rem; min-width: 0; }
.batch-head { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; }
.batch-head h3 { font-size: 1rem; }
.batch-leads, .shadow-list, .held-list { padding-left: 1.1rem; display: grid; gap: .4rem; margin: 0; }
.steps { margin: .2rem 0 0; padding-left: 1.2rem; font-size: .9rem; color: var(--text); }
.steps li { overflow-wrap: anywhere; }
code { font-size: .85em; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .8rem; background: var(--bg); padding: .5rem; border-radius: 6px; max-height: 20rem; overflow: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .3rem .4rem; vertical-align: top; }
.dispatch-result { display: grid; gap: .4rem; border-top: 1px solid var(--line); padding-top: .6rem; }
.dispatch-result h3 { font-size: 1rem; } .dispatch-result h4 { font-size: .95rem; margin: .3rem 0 0; }
.dispatch-result ul { margin: 0; padding-left: 1.1rem; }
#stop-form .field { flex: 1 1 16rem; }
#stop-form input { width: 100%; }
@media (max-width: 600px) { .operator { padding: .6rem; } .panel { padding: .8rem; } }
`;

export const OPERATOR_SCRIPT = asset(
  "/operator/assets/operator.js",
  "text/javascript; charset=utf-8",
  browserScript([operatorClient], "startOperatorPage"),
);

export const OPERATOR_STYLE = asset(
  "/operator/assets/operator.css",
  "text/css; charset=utf-8",
  OPERATOR_CSS,
);
