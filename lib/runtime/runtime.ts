// The running app's parts, wired once from env and config: store transport, engine (embedded or
// Inngest), the emit seam, alerts and logging. The entry points (routes/, the CLI) compose it with
// the function list; functions reach it through the dependency middleware, never a global.
import { join } from "node:path";
import type { InngestFunction } from "inngest";
import { type AlertSink, createAlertSink } from "../alerts/alert-sink.ts";
import { checkpointerStopReporter, storeOutageReporter } from "../alerts/store-outage.ts";
import { parseEnv, type TEnv } from "../config/env.ts";
import { loadConfig } from "../config/load-config.ts";
import type { TConfig } from "../config/schemas.ts";
import {
  createEmitter,
  type Emitter,
  type EmitWithin,
  type OutgoingEvent,
  validateEvent,
} from "../engine/emit.ts";
import { type Clock, createEmbeddedEngine, type EmbeddedEngine } from "../engine/index.ts";
import { inngest } from "../inngest.ts";
import { createLogger, type Logger, secretsOf } from "../log.ts";
import { endInterruptedRuns } from "../pipeline/start-run.ts";
import { guardProviders } from "../providers/guard-providers.ts";
import { createProviders, type ProviderMode, type Providers } from "../providers/index.ts";
import { resolveDashboardToken, type TDashboardToken } from "../safety/dashboard-token.ts";
import { readEmergencySwitch, setEmergencySwitch } from "../safety/emergency-stop.ts";
import { createAlertRepo } from "../store/alert-repo.ts";
import { createAuditRepo } from "../store/audit-repo.ts";
import { createAuthFailures } from "../store/auth-failures.ts";
import { createBatchRepo } from "../store/batch-repo.ts";
import { createBreakerRepo } from "../store/breaker-repo.ts";
import { createCadenceRepo } from "../store/cadence-repo.ts";
import { createCampaignRepo } from "../store/campaign-repo.ts";
import { createCardRepo } from "../store/card-repo.ts";
import { createDamagedRepo } from "../store/damaged-repo.ts";
import { createDispatchLedger } from "../store/dispatch-ledger.ts";
import { createGuardRepo } from "../store/guard-repo.ts";
import { openStore, type Store } from "../store/index.ts";
import { createKpiRepo } from "../store/kpi-repo.ts";
import { createLeadIndex } from "../store/lead-index.ts";
import { createLeadRepo } from "../store/lead-repo.ts";
import { createOutreachRepo } from "../store/outreach-repo.ts";
import { createRampRepo } from "../store/ramp-repo.ts";
import { createRunRepo } from "../store/run-repo.ts";
import { createSessionRepo } from "../store/session-repo.ts";
import { createShadowRepo } from "../store/shadow-repo.ts";
import { createSignalRepo } from "../store/signal-repo.ts";
import { createSuppressionRepo } from "../store/suppression-repo.ts";
import { VERSION } from "../version.ts";
import { type EngineMode, engineModeFor } from "./engine-mode.ts";
import { type FunctionDeps, withFunctionDeps } from "./function-deps.ts";
import { watchSandboxCliRuns } from "./sandbox-cli-runs.ts";

export type Runtime = {
  env: TEnv;
  config: TConfig;
  logger: Logger;
  version: string;
  store: Store;
  /** Typed repositories over the store. */
  repos: Repos;
  /** The provider clients for a pipeline mode (sandbox, or live where a key is set). */
  providers: (mode: ProviderMode) => Providers;
  /** The time on the engine's clock (virtual in tests). */
  now: () => Date;
  engineMode: EngineMode;
  /** The in-process engine, or null when Inngest (Cloud, dev or self-hosted) runs the graph. */
  engine: EmbeddedEngine | null;
  functions: InngestFunction.Any[];
  emit: Emitter;
  /**
   * Puts events into a transaction of the caller's, to be stored if and only if it lands, when
   * the engine can take them that way (embedded, driving here, events that only join one
   * function's batch); returns what to call once it has landed, or null: then send them.
   */
  emitWithin: EmitWithin;
  alerts: AlertSink;
  /** The token guarding /api/* (its digest; the token itself only when generated now). */
  dashboardToken: TDashboardToken;
  /** Runs `work` with this runtime's dependencies bound for the functions it reaches. */
  bind: <T>(work: () => Promise<T>) => Promise<T>;
  /** Stops the engine's timers and closes the store (flushing the embedded file). */
  close: () => Promise<void>;
};

export type Repos = {
  leads: ReturnType<typeof createLeadRepo>;
  cards: ReturnType<typeof createCardRepo>;
  runs: ReturnType<typeof createRunRepo>;
  audit: ReturnType<typeof createAuditRepo>;
  damaged: ReturnType<typeof createDamagedRepo>;
  authFailures: ReturnType<typeof createAuthFailures>;
  sessions: ReturnType<typeof createSessionRepo>;
  outreach: ReturnType<typeof createOutreachRepo>;
  suppression: ReturnType<typeof createSuppressionRepo>;
  ledger: ReturnType<typeof createDispatchLedger>;
  batches: ReturnType<typeof createBatchRepo>;
  shadow: ReturnType<typeof createShadowRepo>;
  ramp: ReturnType<typeof createRampRepo>;
  campaigns: ReturnType<typeof createCampaignRepo>;
  signals: ReturnType<typeof createSignalRepo>;
  cadences: ReturnType<typeof createCadenceRepo>;
  /** Alert escalation counts and dedup marks. */
  alerts: ReturnType<typeof createAlertRepo>;
  /** Each provider's circuit breaker. */
  breakers: ReturnType<typeof createBreakerRepo>;
  /** Leads by overall status (GET /api/leads, the funnel). */
  leadIndex: ReturnType<typeof createLeadIndex>;
  /** The runtime emergency-stop switch. */
  safety: SafetyRepo;
  /** KPI counts, sending accounts' recent sends and bounces, raised red flags. */
  kpis: ReturnType<typeof createKpiRepo>;
  /** The deliverability guard. */
  guard: ReturnType<typeof createGuardRepo>;
};

export type SafetyRepo = {
  readSwitch: () => ReturnType<typeof readEmergencySwitch>;
  setSwitch: (
    change: Parameters<typeof setEmergencySwitch>[1],
    extra?: Parameters<typeof setEmergencySwitch>[2],
  ) => ReturnType<typeof setEmergencySwitch>;
};

export type RuntimeOptions = {
  /** Raw environment (default process.env), parsed by lib/config/env.ts. */
  rawEnv?: Record<string, string | undefined>;
  config?: TConfig;
  clock?: Clock;
  /** The functions the engine runs or the serve route serves (functions/index.ts). */
  functions: InngestFunction.Any[];
  logger?: Logger;
  /** A store opened by the caller (the benchmark counts its round trips); closed with the runtime. */
  store?: Store;
  /** Seed of the sandbox providers' data (default: the providers' own). */
  sandboxSeed?: string;
  /**
   * The key root of the embedded engine's state (default "engine"): the sandbox CLI keeps its
   * virtual-clock runs apart from the runs the server drives, in the same store.
   */
  engineNamespace?: string;
  /** Finished engine runs kept in the store for inspection (default 10,000). */
  keepFinishedRuns?: number;
  /** Record times by the wall clock although `clock` is virtual (the sandbox pipeline CLI). */
  wallClockRecords?: boolean;
  /** Wraps each embedded-engine request to a function (the benchmark attributes store commands). */
  instrumentRequest?: <T>(functionId: string, work: () => Promise<T>) => Promise<T>;
  /** Start cron triggers on the embedded engine (default true); its lease heartbeat always runs. */
  startCrons?: boolean;
  /** Drive the sandbox runs a stopped `npm run pipeline` left unfinished (the server does). */
  resumeSandboxCliRuns?: boolean;
};

/** Builds the runtime: store, repositories, providers, engine and alerts. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const rawEnv = options.rawEnv ?? process.env;
  const env = parseEnv(rawEnv);
  const config = options.config ?? loadConfig();
  const secrets = secretsOf(env);
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL, secrets });
  const { functions } = options;
  const engineNow = options.clock ? () => options.clock?.now() ?? Date.now() : Date.now;
  // What the app records (run times, card ages, TTLs) follows the wall clock when asked, even
  // while the engine runs on a virtual clock (the sandbox CLI).
  const clockNow = options.wallClockRecords ? Date.now : engineNow;
  const now = () => new Date(clockNow());
  const alerts = createAlertSink({ webhookUrl: env.SLACK_WEBHOOK_URL, logger, secrets });
  const store =
    options.store ??
    (await openStore(
      { ...env, DATA_DIR: join(env.DATA_DIR, "store") },
      {
        now: clockNow,
        onReachability: storeOutageReporter(logger, alerts),
        onCheckpointerStopped: checkpointerStopReporter(logger, alerts),
      },
    ));
  const dashboardToken = await resolveDashboardToken(env.DASHBOARD_AUTH_TOKEN, store.redis);
  const audit = createAuditRepo(store.redis);
  const repos: Repos = {
    leads: createLeadRepo(store.redis, now),
    cards: createCardRepo(store.redis),
    runs: createRunRepo(store.redis, now),
    audit,
    damaged: createDamagedRepo(store.redis, now, logger),
    authFailures: createAuthFailures(store.redis),
    sessions: createSessionRepo(store.redis, dashboardToken.digest),
    outreach: createOutreachRepo(store.redis),
    suppression: createSuppressionRepo(store.redis),
    ledger: createDispatchLedger(store.redis),
    batches: createBatchRepo(store.redis),
    shadow: createShadowRepo(store.redis),
    ramp: createRampRepo(store.redis),
    campaigns: createCampaignRepo(store.redis),
    signals: createSignalRepo(store.redis),
    cadences: createCadenceRepo(store.redis),
    alerts: createAlertRepo(store.redis),
    breakers: createBreakerRepo(store.redis),
    leadIndex: createLeadIndex(store.redis),
    safety: {
      readSwitch: () => readEmergencySwitch(store.redis),
      setSwitch: (change, extra) => setEmergencySwitch(store.redis, change, extra),
    },
    kpis: createKpiRepo(store.redis, () => config.kpis.account_bounce.last_sends),
    guard: createGuardRepo(store.redis, audit.appendTo),
  };
  const providerCache = new Map<ProviderMode, Providers>();
  const providers = (mode: ProviderMode): Providers => {
    let cached = providerCache.get(mode);
    if (!cached) {
      cached = guardProviders(
        createProviders({
          mode,
          keys: env,
          now: clockNow,
          ...(options.sandboxSeed !== undefined && { seed: options.sandboxSeed }),
        }),
        { repo: repos.breakers, config, now: clockNow, alerts, logger },
      );
      providerCache.set(mode, cached);
    }
    return cached;
  };
  const engineMode = engineModeFor(env);

  let engine: EmbeddedEngine | null = null;
  let send: (events: OutgoingEvent[]) => Promise<{ ids: string[] }>;
  let emitWithin: EmitWithin = () => null;
  // Filled in below: the deps refer to the emitter and alerts built after the engine.
  let deps: FunctionDeps | undefined;
  const bind = <T>(work: () => Promise<T>): Promise<T> => {
    if (!deps) throw new Error("the runtime is not ready yet");
    return withFunctionDeps(deps, work);
  };
  if (engineMode === "embedded") {
    const embedded = createEmbeddedEngine({
      functions,
      logger,
      store: store.redis,
      exclusiveStore: store.transport === "embedded",
      ...(options.engineNamespace !== undefined && { namespace: options.engineNamespace }),
      ...(options.keepFinishedRuns !== undefined && { keepFinishedRuns: options.keepFinishedRuns }),
      around: (work, request) =>
        bind(() =>
          options.instrumentRequest ? options.instrumentRequest(request.functionId, work) : work(),
        ),
      ...(options.clock && { clock: options.clock }),
    });
    engine = embedded;
    send = (events) => embedded.send(events);
    emitWithin = (tx, events) => {
      for (const event of events) validateEvent(event);
      return embedded.appendWithin(tx, events);
    };
  } else {
    inngest.setEnvVars(inngestEnv(rawEnv));
    send = async (events) => {
      const result = await inngest.send(events);
      return { ids: result.ids };
    };
  }

  const runtime: Runtime = {
    env,
    config,
    logger,
    version: VERSION,
    store,
    repos,
    providers,
    now,
    engineMode,
    engine,
    functions,
    emit: createEmitter(send),
    emitWithin,
    dashboardToken,
    alerts,
    bind,
    close: async () => {
      await cliRuns?.stop();
      await engine?.close();
      await store.close();
    },
  };
  deps = runtime;
  if (engine) {
    await engine.ready;
    engine.start({ crons: options.startCrons !== false });
  }
  const cliRuns = options.resumeSandboxCliRuns
    ? watchSandboxCliRuns(runtime, 30_000, async () => {
        const ended = await endInterruptedRuns(runtime);
        if (ended.length > 0) {
          logger.warn(
            `Marked failed ${ended.length} run(s) that nothing will end (the process that started them stopped before their first stage): ${ended.join(", ")}`,
          );
        }
      })
    : undefined;
  return runtime;
}

/** Only the INNGEST_* variables, for the Inngest client. */
function inngestEnv(raw: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => key.startsWith("INNGEST_")));
}
